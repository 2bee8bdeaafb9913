package io.salesflow.bootstrap;

import io.salesflow.core.table.TableDefinition;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * Compares an existing table with its definition and plans the metadata-only changes that bring it
 * there: new optional columns, safe type widening, relaxed nullability, docs, sort order,
 * properties and format upgrades. Anything that would need a data rewrite or would break readers or
 * writers (new required column, narrowing, partition or key change, relocation) is refused. Columns
 * present in the table but absent from the definition are kept untouched.
 */
final class EvolutionPlanner {

  private EvolutionPlanner() {}

  static EvolutionPlan plan(Table table, TableDefinition def) {
    EvolutionPlan plan = new EvolutionPlan();
    checkLocation(table, def, plan);
    checkPartitionSpec(table, def, plan);
    checkIdentifierFields(table.schema(), def.schema(), plan);
    planColumns(table.schema(), def.schema(), plan);
    planSortOrder(table, def, plan);
    planFormatVersion(table, def, plan);
    planProperties(table.properties(), def.properties(), plan);
    return plan;
  }

  private static void checkLocation(Table table, TableDefinition def, EvolutionPlan plan) {
    if (!trimSlash(table.location()).equals(trimSlash(def.location()))) {
      plan.refuse(
          "Cannot relocate the table from "
              + table.location()
              + " to "
              + def.location()
              + ": existing files stay where they are; check SALESFLOW_ANALYTICS_BUCKET / SALESFLOW_WAREHOUSE");
    }
  }

  private static void checkPartitionSpec(Table table, TableDefinition def, EvolutionPlan plan) {
    List<String> current = describe(table.spec(), table.schema());
    List<String> wanted = describe(def.spec(), def.schema());
    if (!current.equals(wanted)) {
      plan.refuse(
          "Cannot change the partition spec from "
              + current
              + " to "
              + wanted
              + ": queries, the ETL's deletes and the lifecycle rules depend on it; plan a partition migration by hand");
    }
  }

  private static void checkIdentifierFields(Schema current, Schema wanted, EvolutionPlan plan) {
    Set<String> have = current.identifierFieldNames();
    Set<String> want = wanted.identifierFieldNames();
    if (!have.equals(want)) {
      plan.refuse(
          "Cannot change the identifier fields (upsert key) from "
              + have
              + " to "
              + want
              + ": existing rows were de-duplicated by the old key; keep SALESFLOW_KEY_COLUMNS as "
              + String.join(",", have)
              + " or create a new table");
    }
  }

  private static void planColumns(Schema current, Schema wanted, EvolutionPlan plan) {
    for (Types.NestedField field : wanted.columns()) {
      Types.NestedField existing = current.findField(field.name());
      if (existing == null) {
        planNewColumn(field, plan);
      } else {
        planField(field.name(), existing, field, plan);
      }
    }
  }

  private static void planNewColumn(Types.NestedField field, EvolutionPlan plan) {
    if (field.isRequired()) {
      plan.refuse(
          "Cannot add required column '"
              + field.name()
              + "': existing rows have no value for it; add it as optional");
      return;
    }
    plan.schemaChange(
        "add optional column " + field.name() + " " + field.type(),
        update -> update.addColumn(field.name(), field.type(), field.doc()));
  }

  private static void planField(
      String path, Types.NestedField existing, Types.NestedField wanted, EvolutionPlan plan) {
    planType(path, existing.type(), wanted.type(), plan);
    if (existing.isRequired() && wanted.isOptional()) {
      plan.schemaChange(
          "make column " + path + " optional", update -> update.makeColumnOptional(path));
    } else if (existing.isOptional() && wanted.isRequired()) {
      plan.refuse(
          "Cannot make column '"
              + path
              + "' required: existing rows may hold nulls; keep it optional");
    }
    if (wanted.doc() != null && !Objects.equals(existing.doc(), wanted.doc())) {
      plan.schemaChange(
          "update doc of column " + path, update -> update.updateColumnDoc(path, wanted.doc()));
    }
  }

  private static void planType(String path, Type existing, Type wanted, EvolutionPlan plan) {
    if (existing.isPrimitiveType() && wanted.isPrimitiveType()) {
      if (existing.equals(wanted)) {
        return;
      }
      if (TypeUtil.isPromotionAllowed(existing, wanted.asPrimitiveType())) {
        plan.schemaChange(
            "widen column " + path + " from " + existing + " to " + wanted,
            update -> update.updateColumn(path, wanted.asPrimitiveType()));
      } else {
        plan.refuse(
            "Cannot change the type of column '"
                + path
                + "' from "
                + existing
                + " to "
                + wanted
                + ": only widening is safe (int to long, float to double, decimal precision up); add a new column instead");
      }
    } else if (existing.isListType() && wanted.isListType()) {
      Types.ListType have = existing.asListType();
      Types.ListType want = wanted.asListType();
      planType(path + ".element", have.elementType(), want.elementType(), plan);
      if (have.isElementRequired() && want.isElementOptional()) {
        plan.schemaChange(
            "make elements of " + path + " optional",
            update -> update.makeColumnOptional(path + ".element"));
      } else if (have.isElementOptional() && want.isElementRequired()) {
        plan.refuse(
            "Cannot make the elements of '" + path + "' required: existing lists may hold nulls");
      }
    } else if (existing.isStructType() && wanted.isStructType()) {
      for (Types.NestedField field : wanted.asStructType().fields()) {
        Types.NestedField have = existing.asStructType().field(field.name());
        String fieldPath = path + "." + field.name();
        if (have == null) {
          if (field.isRequired()) {
            plan.refuse("Cannot add required field '" + fieldPath + "'; add it as optional");
          } else {
            plan.schemaChange(
                "add optional field " + fieldPath,
                update -> update.addColumn(path, field.name(), field.type(), field.doc()));
          }
        } else {
          planField(fieldPath, have, field, plan);
        }
      }
    } else if (!existing.equals(wanted)) {
      plan.refuse(
          "Cannot change the type of column '"
              + path
              + "' from "
              + existing
              + " to "
              + wanted
              + "; add a new column instead");
    }
  }

  private static void planSortOrder(Table table, TableDefinition def, EvolutionPlan plan) {
    List<String> current = describe(table.sortOrder(), table.schema());
    List<String> wanted = describe(def.sortOrder(), def.schema());
    if (!current.equals(wanted)) {
      plan.tableChange(
          "replace sort order " + current + " with " + wanted,
          tx -> {
            var replace = tx.replaceSortOrder();
            def.sortOrder()
                .fields()
                .forEach(
                    f -> {
                      String column = def.schema().findColumnName(f.sourceId());
                      if (f.direction() == org.apache.iceberg.SortDirection.ASC) {
                        replace.asc(column, f.nullOrder());
                      } else {
                        replace.desc(column, f.nullOrder());
                      }
                    });
            replace.commit();
          });
    }
  }

  private static void planFormatVersion(Table table, TableDefinition def, EvolutionPlan plan) {
    int current = ((BaseTable) table).operations().current().formatVersion();
    if (current < def.formatVersion()) {
      plan.tableChange(
          "upgrade format version " + current + " to " + def.formatVersion(),
          tx ->
              tx.updateProperties()
                  .set(TableProperties.FORMAT_VERSION, Integer.toString(def.formatVersion()))
                  .commit());
    }
  }

  private static void planProperties(
      Map<String, String> current, Map<String, String> wanted, EvolutionPlan plan) {
    wanted.forEach(
        (key, value) -> {
          if (!value.equals(current.get(key))) {
            plan.tableChange(
                "set property "
                    + key
                    + "="
                    + value
                    + (current.containsKey(key) ? " (was " + current.get(key) + ")" : ""),
                tx -> tx.updateProperties().set(key, value).commit());
          }
        });
  }

  private static List<String> describe(PartitionSpec spec, Schema schema) {
    return spec.fields().stream()
        .filter(f -> !f.transform().isVoid())
        .map(f -> f.name() + "=" + f.transform() + "(" + schema.findColumnName(f.sourceId()) + ")")
        .toList();
  }

  private static List<String> describe(SortOrder order, Schema schema) {
    return order.fields().stream()
        .map(f -> schema.findColumnName(f.sourceId()) + " " + f.direction() + " " + f.nullOrder())
        .toList();
  }

  private static String trimSlash(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }
}
