package io.salesflow.cli.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.salesflow.cli.CliException;
import io.salesflow.cli.ExitCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ETL seam: how the stream handler is found and given its configuration. */
class HandlerLoaderTest {

  private static final Map<String, String> ENV =
      Map.of("SALESFLOW_STAGE", "local", "SALESFLOW_CATALOG_URI", "http://127.0.0.1:1");

  @TempDir Path home;

  /** A config record in the project's style. */
  public record TestConfig(String stage) {
    public static TestConfig from(Map<String, String> env) {
      String stage = env.get("SALESFLOW_STAGE");
      if (stage == null) {
        throw new IllegalArgumentException("Missing SALESFLOW_STAGE");
      }
      return new TestConfig(stage);
    }
  }

  /** Takes its config, like StreamEtlHandler(EtlConfig). */
  public static final class ConfigHandler
      implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    public final TestConfig config;

    public ConfigHandler() {
      throw new IllegalStateException("the loader must prefer the config constructor");
    }

    public ConfigHandler(TestConfig config) {
      this.config = config;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
      return new StreamsEventResponse();
    }
  }

  /** Only Lambda's constructor. */
  public static final class NoArgHandler
      implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
      return new StreamsEventResponse();
    }
  }

  /** Not a stream handler. */
  public static final class StringHandler implements RequestHandler<String, String> {
    @Override
    public String handleRequest(String event, Context context) {
      return event;
    }
  }

  private HandlerLoader loader(Map<String, String> processEnv) {
    return new HandlerLoader(home, processEnv);
  }

  @Test
  void echoAlias_isBuiltWithTheEnvironment() {
    // when
    var handler = loader(Map.of()).load("echo", Optional.empty(), Map.of("ECHO_DELAY_MS", "5"));

    // then
    assertThat(handler).isPresent();
    assertThat(handler.get().className()).isEqualTo(EchoHandler.class.getName());
    assertThat(handler.get().origin()).isEqualTo("class path");
    assertThat(handler.get().factory().get()).isInstanceOf(EchoHandler.class);
  }

  @Test
  void configConstructor_getsConfigFromTheTargetEnvironment_oneInstancePerCall() {
    // when
    var handler =
        loader(Map.of()).load(ConfigHandler.class.getName(), Optional.empty(), ENV).orElseThrow();

    // then
    ConfigHandler first = (ConfigHandler) handler.factory().get();
    ConfigHandler second = (ConfigHandler) handler.factory().get();
    assertThat(first.config.stage()).isEqualTo("local");
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void configConstructor_reportsInvalidConfiguration_asAFailure() {
    assertThatThrownBy(
            () -> loader(Map.of()).load(ConfigHandler.class.getName(), Optional.empty(), Map.of()))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("Cannot create the stream handler " + ConfigHandler.class.getName())
        .hasMessageContaining("Missing SALESFLOW_STAGE")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.FAILURE));
  }

  @Test
  void noArgConstructor_isRefused_whenTheProcessEnvironmentIsNotTheTargets() {
    assertThatThrownBy(
            () -> loader(Map.of()).load(NoArgHandler.class.getName(), Optional.empty(), ENV))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("cannot be given this target's configuration")
        .hasMessageContaining("public constructor taking its config")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.NOT_BUILT));
  }

  @Test
  void noArgConstructor_isUsed_whenTheProcessHasTheSameSettings() {
    var handler = loader(ENV).load(NoArgHandler.class.getName(), Optional.empty(), ENV);
    assertThat(handler.orElseThrow().factory().get()).isInstanceOf(NoArgHandler.class);
  }

  @Test
  void otherHandlerTypes_areRejected() {
    assertThatThrownBy(
            () -> loader(Map.of()).load(StringHandler.class.getName(), Optional.empty(), ENV))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("it is a RequestHandler<java.lang.String, java.lang.String>");
  }

  @Test
  void missingHandler_isExplained() {
    // when: a handler class that is nowhere (the ETL itself is on the CLI's class path now)
    HandlerLoader loader = loader(Map.of());
    String missing = "io.example.NoSuchHandler";
    var handler = loader.load(missing, Optional.empty(), ENV);

    // then
    assertThat(handler).isEmpty();
    assertThat(loader.explainMissing(missing, Optional.empty()))
        .contains(missing + " is not on the class path");
  }

  @Test
  void theEtl_isOnTheClassPath_builtFromTheTargetEnvironment() {
    HandlerLoader loader = loader(Map.of());
    assertThatThrownBy(() -> loader.load(HandlerLoader.DEFAULT_HANDLER, Optional.empty(), ENV))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("Cannot create the stream handler io.salesflow.etl.StreamEtlHandler")
        .hasMessageContaining("Missing SALESFLOW_ANALYTICS_BUCKET");
  }

  @Test
  void deploymentJar_isLoadedInItsOwnClassLoader_sharingTheLambdaTypes() throws Exception {
    // given: a function jar, as functions/ddb-stream-etl would build it, in the default place
    Path jar = home.resolve(HandlerLoader.DEFAULT_JAR_DIR).resolve("ddb-stream-etl-lambda.jar");
    buildJar(
        jar,
        "demo.jar.JarHandler",
        """
        package demo.jar;
        import com.amazonaws.services.lambda.runtime.*;
        import com.amazonaws.services.lambda.runtime.events.*;
        import java.util.Map;
        public class JarHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
          private final String stage;
          public JarHandler(Map<String, String> env) { stage = env.get("SALESFLOW_STAGE"); }
          public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            return new StreamsEventResponse(java.util.List.of(
                new StreamsEventResponse.BatchItemFailure(stage + ":" + event.getRecords().size())));
          }
        }
        """);

    // when
    var handler = loader(Map.of()).load("demo.jar.JarHandler", Optional.empty(), ENV).orElseThrow();
    RequestHandler<DynamodbEvent, StreamsEventResponse> instance = handler.factory().get();
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(List.of(new DynamodbEvent.DynamodbStreamRecord()));
    StreamsEventResponse response = instance.handleRequest(event, null);

    // then
    assertThat(handler.origin()).isEqualTo(jar.toString());
    assertThat(instance.getClass().getClassLoader()).isInstanceOf(HandlerClassLoader.class);
    assertThat(response.getBatchItemFailures().get(0).getItemIdentifier()).isEqualTo("local:1");
  }

  private static void buildJar(Path jar, String className, String source) throws IOException {
    Path src = Files.createTempDirectory("handler-src");
    Path file = src.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
    Files.writeString(file, source);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null,
            null,
            null,
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            src.toString(),
            file.toString());
    assertThat(status).isZero();
    Files.createDirectories(jar.getParent());
    String entry = className.replace('.', '/') + ".class";
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out)) {
      jarOut.putNextEntry(new JarEntry(entry));
      jarOut.write(Files.readAllBytes(src.resolve(entry)));
      jarOut.closeEntry();
      jarOut.putNextEntry(new JarEntry("README.txt"));
      jarOut.write("test function jar".getBytes(StandardCharsets.UTF_8));
      jarOut.closeEntry();
    }
  }
}
