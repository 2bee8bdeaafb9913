package io.salesflow.query.it;

import io.salesflow.localstack.sample.SampleError;
import io.salesflow.localstack.sample.SampleSale;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.iceberg.data.Record;

/**
 * The expected result of every library query, computed in plain Java from the generated records,
 * following the semantics each query documents (averages of decimals rounded half up to the cent,
 * shares as doubles, ranks with the documented tie-breakers). Never from SQL.
 */
final class Expected {

  private Expected() {}

  static BigDecimal sum(Collection<SampleSale> sales) {
    return sales.stream()
        .map(SampleSale::soldPrice)
        .reduce(new BigDecimal("0.00"), BigDecimal::add);
  }

  /** Trino/Athena avg(decimal(10,2)): decimal(10,2), rounded half up. */
  static BigDecimal avg(Collection<SampleSale> sales) {
    return sum(sales).divide(BigDecimal.valueOf(sales.size()), 2, RoundingMode.HALF_UP);
  }

  static double pct(BigDecimal part, BigDecimal whole) {
    return part.doubleValue() / whole.doubleValue() * 100;
  }

  static String orUnknown(String value) {
    return value == null ? "unknown" : value;
  }

  static <K> TreeMap<K, List<SampleSale>> group(
      Collection<SampleSale> sales,
      Predicate<SampleSale> filter,
      Function<SampleSale, K> key,
      Comparator<K> order) {
    return sales.stream()
        .filter(filter)
        .collect(Collectors.groupingBy(key, () -> new TreeMap<>(order), Collectors.toList()));
  }

  static List<Object> row(Object... values) {
    List<Object> row = new ArrayList<>();
    for (Object v : values) {
      row.add(v instanceof Integer i ? Long.valueOf(i) : v);
    }
    return row;
  }

  record MonthCategory(int month, String category) {}

  static List<List<Object>> salesVolumeByCategoryMonth(
      List<SampleSale> all, String tenant, int year, int from, int to) {
    var groups =
        group(
            all,
            s ->
                s.tenantId().equals(tenant)
                    && s.year() == year
                    && s.month() >= from
                    && s.month() <= to,
            s -> new MonthCategory(s.month(), orUnknown(s.category())),
            Comparator.comparingInt(MonthCategory::month).thenComparing(MonthCategory::category));
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach(
        (k, v) -> rows.add(row(year, k.month(), k.category(), v.size(), sum(v), avg(v))));
    return rows;
  }

  record SeasonBrand(String season, String brand) {}

  static List<List<Object>> brandPerformanceBySeason(
      List<SampleSale> all, String tenant, int year, int topN) {
    var groups =
        group(
            all,
            s -> s.tenantId().equals(tenant) && s.year() == year && s.brand() != null,
            s -> new SeasonBrand(s.season(), s.brand()),
            Comparator.comparing(SeasonBrand::season).thenComparing(SeasonBrand::brand));
    Map<String, List<Map.Entry<SeasonBrand, List<SampleSale>>>> bySeason =
        groups.entrySet().stream()
            .collect(
                Collectors.groupingBy(e -> e.getKey().season(), TreeMap::new, Collectors.toList()));
    List<List<Object>> rows = new ArrayList<>();
    bySeason.forEach(
        (season, entries) -> {
          entries.sort(
              Comparator.comparing(
                      (Map.Entry<SeasonBrand, List<SampleSale>> e) -> sum(e.getValue()))
                  .reversed()
                  .thenComparing(e -> e.getKey().brand()));
          for (int i = 0; i < Math.min(topN, entries.size()); i++) {
            var e = entries.get(i);
            rows.add(
                row(
                    season,
                    i + 1,
                    e.getKey().brand(),
                    e.getValue().size(),
                    sum(e.getValue()),
                    avg(e.getValue())));
          }
        });
    return rows;
  }

  static List<List<Object>> conditionPriceImpact(List<SampleSale> all, String tenant, int year) {
    var groups =
        group(
            all,
            s -> s.tenantId().equals(tenant) && s.year() == year,
            s -> orUnknown(s.condition()),
            Comparator.<String>naturalOrder());
    long total = groups.values().stream().mapToLong(List::size).sum();
    BigDecimal newAvg =
        groups.containsKey("new_with_tags") ? avg(groups.get("new_with_tags")) : null;
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach(
        (condition, v) ->
            rows.add(
                row(
                    condition,
                    v.size(),
                    avg(v),
                    v.stream()
                        .map(SampleSale::soldPrice)
                        .min(Comparator.naturalOrder())
                        .orElseThrow(),
                    v.stream()
                        .map(SampleSale::soldPrice)
                        .max(Comparator.naturalOrder())
                        .orElseThrow(),
                    (double) v.size() / (double) total * 100,
                    newAvg == null ? null : avg(v).doubleValue() / newAvg.doubleValue() * 100)));
    rows.sort(
        Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(2))
            .reversed()
            .thenComparing(r -> (String) r.get(0)));
    return rows;
  }

  record CategoryBrand(String category, String brand) {}

  static List<List<Object>> categoryBrandCrosstab(
      List<SampleSale> all, String tenant, int year, int minSales) {
    var groups =
        group(
            all,
            s ->
                s.tenantId().equals(tenant)
                    && s.year() == year
                    && s.category() != null
                    && s.brand() != null,
            s -> new CategoryBrand(s.category(), s.brand()),
            Comparator.comparing(CategoryBrand::category).thenComparing(CategoryBrand::brand));
    Map<String, BigDecimal> categoryRevenue = new TreeMap<>();
    groups.forEach((k, v) -> categoryRevenue.merge(k.category(), sum(v), BigDecimal::add));
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach(
        (k, v) -> {
          if (v.size() >= minSales) {
            rows.add(
                row(
                    k.category(),
                    k.brand(),
                    v.size(),
                    sum(v),
                    avg(v),
                    pct(sum(v), categoryRevenue.get(k.category()))));
          }
        });
    rows.sort(
        Comparator.comparing((List<Object> r) -> (String) r.get(0))
            .thenComparing(
                Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(3)).reversed())
            .thenComparing(r -> (String) r.get(1)));
    return rows;
  }

  static List<List<Object>> sourceComparison(
      List<SampleSale> all, String tenant, int year, int from, int to) {
    var groups =
        group(
            all,
            s ->
                s.tenantId().equals(tenant)
                    && s.year() == year
                    && s.month() >= from
                    && s.month() <= to,
            SampleSale::source,
            Comparator.naturalOrder());
    BigDecimal total =
        groups.values().stream().map(Expected::sum).reduce(BigDecimal.ZERO, BigDecimal::add);
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach(
        (source, v) ->
            rows.add(
                row(
                    source,
                    v.size(),
                    sum(v),
                    avg(v),
                    v.stream().map(SampleSale::productId).distinct().count(),
                    v.stream()
                        .map(SampleSale::category)
                        .filter(Objects::nonNull)
                        .distinct()
                        .count(),
                    pct(sum(v), total))));
    return rows;
  }

  record YearMonth(int year, int month) {}

  static List<List<Object>> monthlySalesTrend(
      List<SampleSale> all, String tenant, int yearFrom, int yearTo) {
    var groups =
        group(
            all,
            s -> s.tenantId().equals(tenant) && s.year() >= yearFrom && s.year() <= yearTo,
            s -> new YearMonth(s.year(), s.month()),
            Comparator.comparingInt(YearMonth::year).thenComparingInt(YearMonth::month));
    List<List<Object>> rows = new ArrayList<>();
    BigDecimal previous = null;
    for (var e : groups.entrySet()) {
      BigDecimal revenue = sum(e.getValue());
      rows.add(
          row(
              String.format("%04d-%02d", e.getKey().year(), e.getKey().month()),
              e.getKey().year(),
              e.getKey().month(),
              e.getValue().size(),
              revenue,
              avg(e.getValue()),
              previous,
              previous == null
                  ? null
                  : revenue.subtract(previous).doubleValue() / previous.doubleValue() * 100));
      previous = revenue;
    }
    return rows;
  }

  static List<List<Object>> highValueProducts(
      List<SampleSale> all, String tenant, int year, BigDecimal minPrice, int topN) {
    List<SampleSale> sales =
        all.stream()
            .filter(s -> s.tenantId().equals(tenant) && s.year() == year)
            .sorted(
                Comparator.comparing(SampleSale::soldPrice)
                    .reversed()
                    .thenComparing(SampleSale::productId))
            .toList();
    BigDecimal total = sum(sales);
    BigDecimal running = BigDecimal.ZERO;
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < sales.size(); i++) {
      SampleSale s = sales.get(i);
      running = running.add(s.soldPrice());
      if (s.soldPrice().compareTo(minPrice) >= 0 && i + 1 <= topN) {
        rows.add(
            row(
                i + 1,
                s.productId(),
                s.brand(),
                s.category(),
                s.condition(),
                s.soldPrice(),
                s.soldDate(),
                pct(running, total)));
      }
    }
    return rows;
  }

  /** Cosine as the query computes it: left folds in array order, then one division. */
  static double cosine(double[] candidate, double[] target) {
    double dot = 0.0;
    for (int i = 0; i < candidate.length; i++) {
      dot = dot + candidate[i] * target[i];
    }
    double nc = 0.0;
    for (double v : candidate) {
      nc = nc + v * v;
    }
    double nt = 0.0;
    for (double v : target) {
      nt = nt + v * v;
    }
    return dot / (Math.sqrt(nc) * Math.sqrt(nt));
  }

  static List<List<Object>> embeddingSimilarityCandidates(
      List<SampleSale> all, String tenant, String productId, double minSimilarity, int topN) {
    SampleSale target =
        all.stream()
            .filter(
                s ->
                    s.tenantId().equals(tenant)
                        && s.productId().equals(productId)
                        && s.hasEmbedding())
            .findFirst()
            .orElseThrow();
    record Candidate(SampleSale sale, double similarity) {}
    List<Candidate> candidates =
        all.stream()
            .filter(
                s ->
                    s.tenantId().equals(tenant)
                        && !s.productId().equals(productId)
                        && s.hasEmbedding()
                        && s.embedding().length == target.embedding().length
                        && s.category() != null
                        && s.category().equals(target.category()))
            .map(s -> new Candidate(s, cosine(s.embedding(), target.embedding())))
            .filter(c -> c.similarity() >= minSimilarity)
            .sorted(
                Comparator.comparingDouble(Candidate::similarity)
                    .reversed()
                    .thenComparing(c -> c.sale().productId()))
            .limit(topN)
            .toList();
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      SampleSale s = candidates.get(i).sale();
      rows.add(
          row(
              i + 1,
              s.productId(),
              s.brand(),
              s.category(),
              s.condition(),
              s.soldPrice(),
              candidates.get(i).similarity()));
    }
    return rows;
  }

  static List<List<Object>> partitionPruningExample(
      List<SampleSale> all, String tenant, int year, int month) {
    var groups =
        group(
            all,
            s -> s.tenantId().equals(tenant) && s.year() == year && s.month() == month,
            s -> orUnknown(s.category()),
            Comparator.<String>naturalOrder());
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach(
        (category, v) ->
            rows.add(
                row(
                    category,
                    v.size(),
                    sum(v),
                    avg(v),
                    v.stream()
                        .map(SampleSale::soldDate)
                        .min(Comparator.naturalOrder())
                        .orElseThrow(),
                    v.stream()
                        .map(SampleSale::soldDate)
                        .max(Comparator.naturalOrder())
                        .orElseThrow())));
    rows.sort(
        Comparator.comparing((List<Object> r) -> (BigDecimal) r.get(2))
            .reversed()
            .thenComparing(r -> (String) r.get(0)));
    return rows;
  }

  /** Data-quality checks over the rows as written (Iceberg records, dirty ones included). */
  static List<List<Object>> dataQualityCheck(
      List<Record> records, int yearFrom, int yearTo, BigDecimal maxPrice) {
    List<Record> rows =
        records.stream()
            .filter(r -> (int) r.getField("year") >= yearFrom && (int) r.getField("year") <= yearTo)
            .toList();
    Map<String, Long> checks = new TreeMap<>();
    checks.put("missing_category", count(rows, r -> r.getField("category") == null));
    checks.put("missing_brand", count(rows, r -> r.getField("brand") == null));
    checks.put("missing_condition", count(rows, r -> r.getField("condition") == null));
    checks.put("missing_description", count(rows, r -> r.getField("description") == null));
    checks.put("missing_image", count(rows, r -> r.getField("image_s3_key") == null));
    checks.put("missing_embedding", count(rows, r -> r.getField("embedding") == null));
    checks.put(
        "bad_embedding_length",
        count(
            rows,
            r ->
                r.getField("embedding") != null
                    && ((List<?>) r.getField("embedding")).size() != 1024));
    checks.put(
        "non_positive_price",
        count(rows, r -> ((BigDecimal) r.getField("sold_price")).signum() <= 0));
    checks.put(
        "implausible_price",
        count(rows, r -> ((BigDecimal) r.getField("sold_price")).compareTo(maxPrice) > 0));
    checks.put(
        "season_mismatch",
        count(rows, r -> !r.getField("season").equals("Q" + ((date(r).getMonthValue() + 2) / 3))));
    checks.put(
        "partition_mismatch",
        count(
            rows,
            r ->
                (int) r.getField("year") != date(r).getYear()
                    || (int) r.getField("month") != date(r).getMonthValue()));
    checks.put(
        "unknown_source",
        count(rows, r -> !List.of("smartgo", "carousel").contains(r.getField("source"))));
    checks.put(
        "future_sale",
        count(rows, r -> date(r).isAfter(LocalDateTime.now(java.time.ZoneOffset.UTC))));
    checks.put(
        "duplicate_key",
        rows.size()
            - rows.stream()
                .map(r -> r.getField("tenant_id") + "/" + r.getField("product_id"))
                .distinct()
                .count());
    List<List<Object>> result = new ArrayList<>();
    checks.forEach(
        (name, failing) ->
            result.add(
                row(
                    name,
                    failing,
                    (long) rows.size(),
                    rows.isEmpty() ? 0.0 : failing / (double) rows.size() * 100)));
    return result;
  }

  private static LocalDateTime date(Record r) {
    return (LocalDateTime) r.getField("sold_date");
  }

  private static long count(List<Record> rows, Predicate<Record> check) {
    return rows.stream().filter(check).count();
  }

  static List<List<Object>> priceDistributionByCategory(
      List<SampleSale> all, String tenant, int year) {
    var groups =
        group(
            all,
            s -> s.tenantId().equals(tenant) && s.year() == year,
            s -> orUnknown(s.category()),
            Comparator.<String>naturalOrder());
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach(
        (category, v) -> {
          List<BigDecimal> sorted = v.stream().map(SampleSale::soldPrice).sorted().toList();
          int n = sorted.size();
          BigDecimal p25 = sorted.get((int) Math.ceil(0.25 * n) - 1);
          BigDecimal p75 = sorted.get((int) Math.ceil(0.75 * n) - 1);
          rows.add(
              row(
                  category,
                  n,
                  sorted.get(0),
                  p25,
                  sorted.get((int) Math.ceil(0.5 * n) - 1),
                  p75,
                  sorted.get(n - 1),
                  p75.subtract(p25)));
        });
    return rows;
  }

  static List<List<Object>> seasonPerformance(List<SampleSale> all, String tenant, int year) {
    var current =
        group(
            all,
            s -> s.tenantId().equals(tenant) && s.year() == year,
            SampleSale::season,
            Comparator.naturalOrder());
    var previous =
        group(
            all,
            s -> s.tenantId().equals(tenant) && s.year() == year - 1,
            SampleSale::season,
            Comparator.naturalOrder());
    BigDecimal yearRevenue =
        current.values().stream().map(Expected::sum).reduce(BigDecimal.ZERO, BigDecimal::add);
    List<List<Object>> rows = new ArrayList<>();
    current.forEach(
        (season, v) -> {
          BigDecimal revenue = sum(v);
          BigDecimal before = previous.containsKey(season) ? sum(previous.get(season)) : null;
          rows.add(
              row(
                  season,
                  v.size(),
                  revenue,
                  avg(v),
                  pct(revenue, yearRevenue),
                  before,
                  before == null
                      ? null
                      : revenue.subtract(before).doubleValue() / before.doubleValue() * 100));
        });
    return rows;
  }

  static List<List<Object>> timeTravelComparison(
      List<SampleSale> then, List<SampleSale> now, int year) {
    var before = group(then, s -> s.year() == year, SampleSale::month, Comparator.naturalOrder());
    var after = group(now, s -> s.year() == year, SampleSale::month, Comparator.naturalOrder());
    TreeMap<Integer, Boolean> months = new TreeMap<>();
    before.keySet().forEach(m -> months.put(m, true));
    after.keySet().forEach(m -> months.put(m, true));
    List<List<Object>> rows = new ArrayList<>();
    for (int month : months.keySet()) {
      List<SampleSale> b = before.getOrDefault(month, List.of());
      List<SampleSale> a = after.getOrDefault(month, List.of());
      rows.add(
          row(
              year,
              month,
              b.size(),
              a.size(),
              a.size() - b.size(),
              sum(b),
              sum(a),
              sum(a).subtract(sum(b))));
    }
    return rows;
  }

  static List<List<Object>> errorsByReason(
      List<SampleError> errors, LocalDateTime since, LocalDateTime until) {
    Map<String, List<SampleError>> groups =
        errors.stream()
            .filter(e -> !e.errorTime().isBefore(since) && e.errorTime().isBefore(until))
            .collect(Collectors.groupingBy(SampleError::reason, TreeMap::new, Collectors.toList()));
    List<List<Object>> rows = new ArrayList<>();
    groups.forEach(
        (reason, v) ->
            rows.add(
                row(
                    reason,
                    v.size(),
                    v.stream()
                        .map(SampleError::tenantId)
                        .filter(Objects::nonNull)
                        .distinct()
                        .count(),
                    v.stream().filter(e -> e.tenantId() == null || e.productId() == null).count(),
                    v.stream()
                        .map(SampleError::errorTime)
                        .min(Comparator.naturalOrder())
                        .orElseThrow(),
                    v.stream()
                        .map(SampleError::errorTime)
                        .max(Comparator.naturalOrder())
                        .orElseThrow(),
                    v.stream()
                        .map(SampleError::message)
                        .min(Comparator.naturalOrder())
                        .orElseThrow())));
    rows.sort(
        Comparator.comparing((List<Object> r) -> (Long) r.get(1))
            .reversed()
            .thenComparing(r -> (String) r.get(0)));
    return rows;
  }
}
