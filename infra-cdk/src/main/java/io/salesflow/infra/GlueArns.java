package io.salesflow.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;

/**
 * ARNs of the Glue Data Catalog objects the functions touch. Glue authorizes a table action against
 * the catalog, the database and the table ARN together, and a database action against the catalog
 * and the database, so grants list exactly those.
 *
 * @param catalog {@code arn:aws:glue:{region}:{account}:catalog}
 * @param database {@code ...:database/{database}}
 * @param tables {@code ...:table/{database}/{table}} for each table
 */
public record GlueArns(String catalog, String database, List<String> tables) {

  public GlueArns {
    tables = List.copyOf(tables);
  }

  /** The ARNs of {@code database} and its {@code tables} in the stack's account and region. */
  public static GlueArns of(Stack stack, String database, List<String> tables) {
    return new GlueArns(
        arn(stack, "catalog", null),
        arn(stack, "database", database),
        tables.stream().map(t -> arn(stack, "table", database + "/" + t)).toList());
  }

  /** Catalog and database: what a database-level action (GetDatabase) is checked against. */
  public List<String> databaseScope() {
    return List.of(catalog, database);
  }

  /** Catalog, database and tables: what a table-level action is checked against. */
  public List<String> tableScope() {
    List<String> scope = new ArrayList<>(databaseScope());
    scope.addAll(tables);
    return scope;
  }

  private static String arn(Stack stack, String resource, String name) {
    ArnComponents.Builder arn = ArnComponents.builder().service("glue").resource(resource);
    if (name == null) {
      arn.arnFormat(ArnFormat.NO_RESOURCE_NAME);
    } else {
      arn.arnFormat(ArnFormat.SLASH_RESOURCE_NAME).resourceName(name);
    }
    return stack.formatArn(arn.build());
  }
}
