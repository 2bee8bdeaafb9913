package io.salesflow.localstack;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store.CloseableResource;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension sharing ONE {@link LocalStack} per test JVM: started lazily by the first test
 * that asks for it, closed when the test run ends. Resolves {@code LocalStack} parameters of test
 * constructors, test methods and lifecycle methods.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class SalesEtlIT {
 *   @Test
 *   void writesRows(LocalStack stack) { ... }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(LocalStackExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return stack(context);
  }

  /** The stack of this test JVM, started on first use. */
  public static LocalStack stack(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            SharedStack.class, key -> new SharedStack(LocalStack.start()), SharedStack.class)
        .stack();
  }

  /** Closed by JUnit with the root context, i.e. after the last test of the run. */
  private record SharedStack(LocalStack stack) implements CloseableResource {
    @Override
    public void close() {
      stack.close();
    }
  }
}
