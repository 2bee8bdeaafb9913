package io.salesflow.localstack.trino;

import io.salesflow.localstack.LocalStack;
import io.salesflow.localstack.LocalStackExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension sharing ONE {@link LocalTrino} per test JVM, reading the catalog and S3 server
 * of the JVM's shared {@link LocalStack} (see {@link LocalStackExtension}). Started by the first
 * test that asks for it, stopped when the run ends (before the stack). Resolves {@code LocalTrino}
 * and {@code LocalStack} parameters.
 *
 * <pre>{@code
 * @ExtendWith(LocalTrinoExtension.class)
 * class QueriesIT {
 *   QueriesIT(LocalStack stack, LocalTrino trino) { ... }
 * }
 * }</pre>
 */
public final class LocalTrinoExtension implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(LocalTrinoExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalTrino.class || type == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class
        ? LocalStackExtension.stack(context)
        : trino(context);
  }

  /** The Trino of this test JVM, started on first use. */
  public static LocalTrino trino(ExtensionContext context) {
    // The stack first, so that JUnit (closing in reverse order) stops Trino before the stack.
    LocalStack stack = LocalStackExtension.stack(context);
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedTrino.class,
            key -> new SharedTrino(LocalTrino.start(LocalTrinoOptions.forStack(stack))),
            SharedTrino.class)
        .trino();
  }

  /** Closed by JUnit with the root context, i.e. after the last test of the run. */
  private record SharedTrino(LocalTrino trino) implements CloseableResource {
    @Override
    public void close() {
      trino.close();
    }
  }
}
