package io.salesflow.query.engine;

/**
 * A result column.
 *
 * @param name column name (label)
 * @param type normalised type, which fixes the Java type of its values
 * @param engineType the type as the engine named it, e.g. {@code decimal(38,2)}
 */
public record ResultColumn(String name, ColumnType type, String engineType) {}
