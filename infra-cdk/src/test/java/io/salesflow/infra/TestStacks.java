package io.salesflow.infra;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * Synthesizes each stage once per test JVM from the real cdk.json context and the real Lambda jars
 * (built earlier in the reactor), and shares the result between test classes: a synth costs seconds
 * (jsii drives aws-cdk-lib in Node), the assertions cost nothing.
 */
final class TestStacks {

  /** The module directory (Surefire's working directory). */
  static final Path MODULE = Path.of("").toAbsolutePath();

  static final List<String> STAGES = List.of("dev", "prod");

  private static final Map<String, SalesflowStack> STACKS = new HashMap<>();
  private static final Map<String, Template> TEMPLATES = new HashMap<>();

  private TestStacks() {}

  /** The {@code context} object of cdk.json. */
  static Map<String, Object> cdkJsonContext() {
    try {
      Map<String, Object> cdkJson =
          new ObjectMapper()
              .readValue(MODULE.resolve("cdk.json").toFile(), new TypeReference<>() {});
      @SuppressWarnings("unchecked")
      Map<String, Object> context = (Map<String, Object>) cdkJson.get("context");
      return new LinkedHashMap<>(context);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** cdk.json's context plus {@code stage} and {@code extra} (command-line style overrides). */
  static Map<String, Object> context(String stage, Map<String, Object> extra) {
    Map<String, Object> context = cdkJsonContext();
    context.put("stage", stage);
    context.putAll(extra);
    return context;
  }

  /** A new app and stack of {@code stage} (not cached), e.g. with overrides. */
  static SalesflowStack build(String stage, Map<String, Object> extra) {
    App app =
        SalesflowApp.app(
            context(stage, extra),
            MODULE.resolve("target/cdk-test/" + stage + "-" + extra.hashCode()));
    return new SalesflowStack(
        app, io.salesflow.infra.config.StageConfig.from(app.getNode()::tryGetContext, MODULE));
  }

  static synchronized SalesflowStack stack(String stage) {
    return STACKS.computeIfAbsent(stage, s -> build(s, Map.of()));
  }

  static synchronized Template template(String stage) {
    return TEMPLATES.computeIfAbsent(stage, s -> Template.fromStack(stack(s)));
  }

  /** The resources of {@code type}, by logical id. */
  static Map<String, Map<String, Object>> resources(String stage, String type) {
    return new LinkedHashMap<>(template(stage).findResources(type));
  }

  /** The only resource of {@code type} whose logical id starts with {@code idPrefix}. */
  static Map<String, Object> resource(String stage, String type, String idPrefix) {
    var matches =
        resources(stage, type).entrySet().stream()
            .filter(e -> e.getKey().startsWith(idPrefix))
            .toList();
    if (matches.size() != 1) {
      throw new AssertionError(
          "Expected one "
              + type
              + " with id "
              + idPrefix
              + "*, found "
              + matches.stream().map(Map.Entry::getKey).toList());
    }
    return matches.get(0).getValue();
  }

  /** The logical id of the only resource of {@code type} whose id starts with {@code idPrefix}. */
  static String logicalId(String stage, String type, String idPrefix) {
    var ids =
        resources(stage, type).keySet().stream().filter(id -> id.startsWith(idPrefix)).toList();
    if (ids.size() != 1) {
      throw new AssertionError("Expected one " + type + " with id " + idPrefix + "*, found " + ids);
    }
    return ids.get(0);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }
}
