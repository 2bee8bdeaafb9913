package io.salesflow.query;

/**
 * A value bound to one {@code ?} of a query, in order of appearance.
 *
 * @param name the parameter it comes from
 * @param type its type
 * @param value the converted value: String, Long, BigDecimal, Double, Boolean, LocalDate or
 *     LocalDateTime
 */
public record BoundParameter(String name, ParameterType type, Object value) {}
