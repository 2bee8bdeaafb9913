package io.salesflow.bootstrap;

import io.salesflow.bootstrap.TableResult.Action;
import io.salesflow.core.table.TableDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the database and tables idempotently and evolves existing tables to their definitions
 * with metadata-only changes. A run with nothing to do commits nothing (no new metadata file). All
 * tables are planned before any is changed, so a refused change leaves every table as it was.
 */
public final class SchemaBootstrapService {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaBootstrapService.class);

  private final Catalog catalog;

  public SchemaBootstrapService(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Brings {@code definitions} (all in one database) to existence and shape.
   *
   * @param dryRun plan only: report what would change, change nothing
   * @throws IncompatibleChangeException if any table would need a refused change
   * @throws BootstrapException if the catalog or storage fails
   */
  public BootstrapResult bootstrap(List<TableDefinition> definitions, boolean dryRun) {
    String database = databaseOf(definitions);
    Map<TableDefinition, Table> existing = new LinkedHashMap<>();
    Map<TableDefinition, EvolutionPlan> plans = new LinkedHashMap<>();
    for (TableDefinition def : definitions) {
      Table table = load(def);
      existing.put(def, table);
      if (table != null) {
        EvolutionPlan plan = EvolutionPlanner.plan(table, def);
        if (!plan.refusals().isEmpty()) {
          throw new IncompatibleChangeException(def.identifier(), plan.refusals());
        }
        plans.put(def, plan);
      }
    }

    boolean databaseCreated = !dryRun && ensureNamespace(database);
    List<TableResult> results = new ArrayList<>();
    for (TableDefinition def : definitions) {
      Table table = existing.get(def);
      if (table == null) {
        results.add(dryRun ? planned(def) : create(def));
      } else {
        results.add(evolve(def, table, plans.get(def), dryRun));
      }
    }
    return new BootstrapResult(database, databaseCreated, results);
  }

  /** Drops the tables from the catalog; their data and metadata files stay in S3 (no purge). */
  public BootstrapResult drop(List<TableDefinition> definitions) {
    List<TableResult> results = new ArrayList<>();
    for (TableDefinition def : definitions) {
      boolean dropped = call(def, "drop", () -> catalog.dropTable(def.identifier(), false));
      LOG.info("Dropped {} (files kept): {}", def.identifier(), dropped);
      results.add(
          new TableResult(
              def.identifier().toString(),
              dropped ? Action.DROPPED : Action.ABSENT,
              List.of(),
              null));
    }
    return new BootstrapResult(databaseOf(definitions), false, results);
  }

  private Table load(TableDefinition def) {
    try {
      return call(def, "load", () -> catalog.loadTable(def.identifier()));
    } catch (BootstrapException e) {
      if (e.getCause() instanceof NoSuchTableException) {
        return null;
      }
      throw e;
    }
  }

  private boolean ensureNamespace(String database) {
    if (!(catalog instanceof SupportsNamespaces namespaces)) {
      return false;
    }
    Namespace namespace = Namespace.of(database);
    try {
      if (namespaces.namespaceExists(namespace)) {
        return false;
      }
      // A mutable map: Map.of() rejects the REST client's containsKey(null) check.
      namespaces.createNamespace(namespace, new java.util.HashMap<>());
      LOG.info("Created database {}", database);
      return true;
    } catch (AlreadyExistsException e) {
      return false; // created concurrently: the goal is met
    } catch (RuntimeException e) {
      throw new BootstrapException(
          "Cannot create database "
              + database
              + " in catalog "
              + catalog.name()
              + ": "
              + describe(e),
          e);
    }
  }

  private TableResult create(TableDefinition def) {
    try {
      Table table =
          call(
              def,
              "create",
              () ->
                  catalog
                      .buildTable(def.identifier(), def.schema())
                      .withPartitionSpec(def.spec())
                      .withSortOrder(def.sortOrder())
                      .withLocation(def.location())
                      .withProperties(def.properties())
                      .withProperty(
                          TableProperties.FORMAT_VERSION, Integer.toString(def.formatVersion()))
                      .create());
      LOG.info("Created table {} at {}", def.identifier(), def.location());
      return new TableResult(
          def.identifier().toString(),
          Action.CREATED,
          List.of("create table at " + def.location()),
          metadataLocation(table));
    } catch (BootstrapException e) {
      if (!(e.getCause() instanceof AlreadyExistsException)) {
        throw e;
      }
      // Another bootstrap created it between our load and create: evolve what is there.
      Table table = load(def);
      EvolutionPlan plan = EvolutionPlanner.plan(table, def);
      if (!plan.refusals().isEmpty()) {
        throw new IncompatibleChangeException(def.identifier(), plan.refusals());
      }
      return evolve(def, table, plan, false);
    }
  }

  private TableResult evolve(TableDefinition def, Table table, EvolutionPlan plan, boolean dryRun) {
    String name = def.identifier().toString();
    if (plan.isEmpty()) {
      return new TableResult(name, Action.UNCHANGED, List.of(), metadataLocation(table));
    }
    if (dryRun) {
      return new TableResult(name, Action.WOULD_EVOLVE, plan.changes(), metadataLocation(table));
    }
    call(
        def,
        "evolve",
        () -> {
          plan.apply(table.newTransaction());
          return null;
        });
    table.refresh();
    LOG.info("Evolved table {}: {}", name, plan.changes());
    return new TableResult(name, Action.EVOLVED, plan.changes(), metadataLocation(table));
  }

  private static TableResult planned(TableDefinition def) {
    return new TableResult(
        def.identifier().toString(),
        Action.WOULD_CREATE,
        List.of("create table at " + def.location()),
        null);
  }

  private <T> T call(TableDefinition def, String operation, java.util.function.Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw new BootstrapException(
          "Cannot "
              + operation
              + " table "
              + def.identifier()
              + " in catalog "
              + catalog.name()
              + ": "
              + describe(e),
          e);
    }
  }

  private static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String metadataLocation(Table table) {
    return ((BaseTable) table).operations().current().metadataFileLocation();
  }

  private static String databaseOf(List<TableDefinition> definitions) {
    if (definitions.isEmpty()) {
      throw new IllegalArgumentException("Invalid request: no tables to bootstrap");
    }
    return definitions.get(0).identifier().namespace().toString();
  }
}
