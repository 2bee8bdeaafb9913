package io.salesflow.sample;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Generates realistic sales, deterministically: record {@code i} depends only on the seed, the
 * reference date, the length of the history, the embedding format, the bad-record share and {@code
 * i} (not on how many records are generated), so 100 records are a prefix of 5,000.
 *
 * <p>Sales fall in the {@code historyDays} days (two years unless told) before {@code asOf}
 * (exclusive), with seasonality per category (coats in winter, dresses in summer), a Christmas
 * peak, busier weekends and slight growth.
 *
 * <p>The one definition of a realistic sample sale in the project: the DynamoDB loader writes these
 * sales as items, and {@code salesflow-sample-data} writes them straight into the Iceberg table.
 */
public final class SaleGenerator {

  /** Days of history generated before the reference date. */
  public static final int HISTORY_DAYS = 730;

  private static final long SALT_SALE = 1;
  private static final long SALT_DEFECT = 2;
  private static final long SALT_ID = 3;
  private static final long SALT_CHANGE = 4;
  private static final double[] MONTH_DEMAND = {
    1.10, 0.80, 0.90, 0.95, 1.00, 0.95, 0.90, 0.85, 1.00, 1.10, 1.35, 1.40
  };
  private static final double[] HOUR_WEIGHTS = {
    0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.0, 1.2, 1.4, 1.5, 1.6, 1.5, 1.4, 1.4, 1.5, 1.7, 1.9,
    2.0, 2.0, 1.7, 1.1, 0.5
  };
  private static final List<Integer> HOURS = IntStream.range(0, 24).boxed().toList();
  private static final double MAX_DAY_WEIGHT = 1.40 * 1.55 * 1.25 * 1.2;

  private final long seed;
  private final LocalDate asOf;
  private final int historyDays;
  private final EmbeddingFormat format;
  private final double badShare;
  private final Embeddings embeddings;

  /**
   * @param seed any value; the same seed gives the same records
   * @param asOf reference date (UTC): sales are in the {@value #HISTORY_DAYS} days before it
   * @param format how embeddings are encoded
   * @param badShare share of records with a deliberate {@link Defect}, 0 to 1
   */
  public SaleGenerator(long seed, LocalDate asOf, EmbeddingFormat format, double badShare) {
    this(seed, asOf, HISTORY_DAYS, format, badShare);
  }

  /**
   * @param seed any value; the same seed gives the same records
   * @param asOf reference date (UTC): sales are in the {@code historyDays} days before it
   * @param historyDays days of history, at least 1
   * @param format how embeddings are encoded
   * @param badShare share of records with a deliberate {@link Defect}, 0 to 1
   */
  public SaleGenerator(
      long seed, LocalDate asOf, int historyDays, EmbeddingFormat format, double badShare) {
    if (historyDays < 1) {
      throw new IllegalArgumentException(
          "Invalid history days: " + historyDays + ", must be at least 1");
    }
    if (!(badShare >= 0 && badShare <= 1)) {
      throw new IllegalArgumentException(
          "Invalid bad share: " + badShare + ", must be between 0 and 1");
    }
    this.seed = seed;
    this.asOf = asOf;
    this.historyDays = historyDays;
    this.format = format;
    this.badShare = badShare;
    this.embeddings = new Embeddings(seed);
  }

  /** Records {@code 0 .. count-1}. */
  public Stream<GeneratedSale> records(int count) {
    return IntStream.range(0, count).mapToObj(this::generate);
  }

  /** Record {@code index}. */
  public GeneratedSale generate(int index) {
    Sale sale = sale(index);
    Optional<Defect> defect = defect(index);
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item =
        SaleItems.item(sale, format);
    if (defect.isPresent()) {
      item =
          SaleItems.corrupt(
              item, defect.get(), index, new SplittableRandom(Seeds.of(seed, index, SALT_DEFECT)));
    }
    return new GeneratedSale(index, sale, item, defect);
  }

  /** The defect of record {@code index}, decided without generating the record. */
  public Optional<Defect> defect(int index) {
    SplittableRandom rnd = new SplittableRandom(Seeds.of(seed, index, SALT_DEFECT));
    if (rnd.nextDouble() >= badShare) {
      return Optional.empty();
    }
    Defect[] defects = Defect.values();
    return Optional.of(defects[rnd.nextInt(defects.length)]);
  }

  /**
   * A modification of a valid record: a price drop, a condition regrade, a sale date moved to
   * another month (the old row must leave its partition), or a description edit. Always changes the
   * item, so DynamoDB emits a MODIFY.
   */
  public GeneratedSale modify(GeneratedSale original) {
    if (original.defect().isPresent()) {
      throw new IllegalArgumentException(
          "Cannot modify record " + original.index() + ": it is defective");
    }
    SplittableRandom rnd = new SplittableRandom(Seeds.of(seed, original.index(), SALT_CHANGE));
    Sale sale = original.sale();
    Sale changed =
        switch (rnd.nextInt(4)) {
          case 0 ->
              sale.with(
                  sale.condition(),
                  Prices.discount(rnd, sale.soldPrice()),
                  sale.soldDate(),
                  sale.description() + " Price reduced.");
          case 1 -> regrade(rnd, sale);
          case 2 ->
              sale.with(
                  sale.condition(),
                  sale.soldPrice(),
                  moveMonth(rnd, sale.soldDate()),
                  sale.description());
          default ->
              sale.with(
                  sale.condition(),
                  sale.soldPrice(),
                  sale.soldDate(),
                  sale.description() + " Measurements on request.");
        };
    return new GeneratedSale(
        original.index(), changed, SaleItems.item(changed, format), Optional.empty());
  }

  /** The reference date. */
  public LocalDate asOf() {
    return asOf;
  }

  /** The tenant ids sales are generated for. */
  public static List<String> tenantIds() {
    return Assortment.TENANTS.stream().map(Assortment.Tenant::id).toList();
  }

  /** The valid sale of record {@code index}, without encoding it as an item. */
  public Sale sale(int index) {
    SplittableRandom rnd = new SplittableRandom(Seeds.of(seed, index, SALT_SALE));
    Assortment.Tenant tenant = Assortment.tenant(rnd);
    Assortment.Category category = Assortment.category(rnd);
    Assortment.Brand brand = Assortment.brand(rnd, category);
    Assortment.Condition condition = Assortment.condition(rnd);
    String colour = Assortment.COLOURS.get(rnd.nextInt(Assortment.COLOURS.size()));
    String material = Assortment.MATERIALS.get(rnd.nextInt(Assortment.MATERIALS.size()));
    String item = category.items().get(rnd.nextInt(category.items().size()));
    BigDecimal price = Prices.price(rnd, category, brand, condition);
    Instant soldDate = soldDate(rnd, category);
    String productId = String.format(Locale.ROOT, "prd-%016x", Seeds.of(seed, index, SALT_ID));
    String description =
        brand.name() + " " + colour + " " + material + " " + item + ", " + condition.phrase() + ".";
    return new Sale(
        tenant.id(),
        productId,
        category.name(),
        brand.name(),
        condition.name(),
        price,
        soldDate,
        "images/" + tenant.id() + "/" + productId + "/front.jpg",
        embeddings.embedding(rnd, category.name(), brand.name(), colour),
        description,
        Assortment.source(rnd, tenant));
  }

  private Instant soldDate(SplittableRandom rnd, Assortment.Category category) {
    LocalDate first = asOf.minusDays(historyDays);
    while (true) {
      int offset = rnd.nextInt(historyDays);
      LocalDate day = first.plusDays(offset);
      if (rnd.nextDouble() * MAX_DAY_WEIGHT < dayWeight(day, offset, historyDays, category)) {
        int hour = Assortment.pick(rnd, HOURS, HOUR_WEIGHTS);
        return day.atTime(hour, rnd.nextInt(60), rnd.nextInt(60)).toInstant(ZoneOffset.UTC);
      }
    }
  }

  private static double dayWeight(
      LocalDate day, int offset, int historyDays, Assortment.Category category) {
    double weekday =
        day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY
            ? 1.25
            : day.getDayOfWeek() == DayOfWeek.FRIDAY ? 1.1 : 1.0;
    double growth = 0.8 + 0.4 * offset / historyDays;
    return MONTH_DEMAND[day.getMonthValue() - 1]
        * category.quarterDemand()[(day.getMonthValue() - 1) / 3]
        * weekday
        * growth;
  }

  private static Sale regrade(SplittableRandom rnd, Sale sale) {
    var conditions = Assortment.CONDITIONS;
    Assortment.Condition from = Assortment.condition(sale.condition());
    int position = conditions.indexOf(from);
    Assortment.Condition to =
        conditions.get(position == conditions.size() - 1 ? position - 1 : position + 1);
    BigDecimal price = Prices.regrade(rnd, sale.soldPrice(), from, to);
    String description = sale.description().replace(from.phrase(), to.phrase());
    return sale.with(to.name(), price, sale.soldDate(), description);
  }

  private Instant moveMonth(SplittableRandom rnd, Instant soldDate) {
    ZonedDateTime time = soldDate.atZone(ZoneOffset.UTC);
    int months = 1 + rnd.nextInt(3);
    ZonedDateTime moved = time.minusMonths(months);
    if (moved.toLocalDate().isBefore(asOf.minusDays(historyDays))) {
      moved = time.plusMonths(months);
    }
    return moved.toInstant();
  }

  /** Number of records with each defect among {@code 0 .. count-1}. */
  public Map<Defect, Integer> defects(int count) {
    Map<Defect, Integer> counts = new EnumMap<>(Defect.class);
    for (int i = 0; i < count; i++) {
      defect(i).ifPresent(d -> counts.merge(d, 1, Integer::sum));
    }
    return counts;
  }
}
