package dev.sesdkim.onboarding.aws;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@code moto_server} on a free port for the whole test run, resets it before every test and stops it at
 * the end. A missing moto_server fails the tests with the install command; it never turns into a skip.
 */
public final class MotoServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** Closes the server when the root context closes, at the end of the run. */
    private record Running(MotoServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            server.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    private static MotoServer server(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> start(), Running.class).server();
    }

    private static Running start() {
        try {
            return new Running(MotoServer.start());
        } catch (MotoServer.UnavailableException e) {
            throw new ExtensionConfigurationException("The integration tests run against moto_server. " + e.getMessage(), e);
        }
    }
}
