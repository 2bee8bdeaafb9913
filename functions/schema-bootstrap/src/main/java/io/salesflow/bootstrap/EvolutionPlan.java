package io.salesflow.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateSchema;

/**
 * What it takes to bring an existing table to its definition: metadata-only changes grouped by kind
 * (so that one transaction commits them all), and the changes that were refused.
 */
final class EvolutionPlan {

  private final List<String> changes = new ArrayList<>();
  private final List<String> refusals = new ArrayList<>();
  private final List<Consumer<UpdateSchema>> schemaSteps = new ArrayList<>();
  private final List<Consumer<Transaction>> otherSteps = new ArrayList<>();

  void schemaChange(String description, Consumer<UpdateSchema> step) {
    changes.add(description);
    schemaSteps.add(step);
  }

  void tableChange(String description, Consumer<Transaction> step) {
    changes.add(description);
    otherSteps.add(step);
  }

  void refuse(String reason) {
    refusals.add(reason);
  }

  List<String> changes() {
    return List.copyOf(changes);
  }

  List<String> refusals() {
    return List.copyOf(refusals);
  }

  boolean isEmpty() {
    return changes.isEmpty();
  }

  /** Applies every change in one transaction: one new metadata file, or none if empty. */
  void apply(Transaction tx) {
    if (!schemaSteps.isEmpty()) {
      UpdateSchema update = tx.updateSchema();
      schemaSteps.forEach(step -> step.accept(update));
      update.commit();
    }
    otherSteps.forEach(step -> step.accept(tx));
    tx.commitTransaction();
  }
}
