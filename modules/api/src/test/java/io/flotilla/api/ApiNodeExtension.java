package io.flotilla.api;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives tests the one {@link ApiNode} of this test run, starting it on first use and closing it at the end. */
final class ApiNodeExtension implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ApiNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(ApiNode.class, key -> {
          try {
            return ApiNode.start();
          } catch (Exception e) {
            throw new IllegalStateException("could not start the test node", e);
          }
        }, ApiNode.class);
  }
}
