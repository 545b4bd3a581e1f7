package dev.sesdkim.onboarding.aws;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Starts one {@code moto_server} on a free port for the whole test run, resets it before every test and stops it at
 * the end. A missing moto_server fails the tests with the install command; it never turns into a skip.
 */
public final class MotoServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    /** A running moto_server: one endpoint for every AWS service. */
    public static final class MotoServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final Process process;
        private final URI endpoint;
        private final HttpClient http = HttpClient.newHttpClient();

        private MotoServer(Process process, URI endpoint) {
            this.process = process;
            this.endpoint = endpoint;
        }

        public URI endpoint() {
            return endpoint;
        }

        /** Clears every service's state. */
        public void reset() {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset"))
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("moto reset answered " + response.statusCode() + ": " + response.body());
                }
            } catch (IOException e) {
                throw new IllegalStateException("moto_server at " + endpoint + " is not answering", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

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
                .getOrComputeIfAbsent(MotoServer.class, key -> start(), MotoServer.class);
    }

    private static MotoServer start() {
        Path executable = onPath("moto_server").orElseThrow(() -> new ExtensionConfigurationException(
                "moto_server is not on PATH. The integration tests run against it: install it with "
                        + "`pip install 'moto[server]'` (Python 3) and make sure its bin directory is on PATH."));
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-server-", ".log");
            Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port));
            awaitReady(server, process, log);
            return server;
        } catch (IOException e) {
            throw new ExtensionConfigurationException("could not start moto_server: " + e.getMessage(), e);
        }
    }

    private static void awaitReady(MotoServer server, Process process, Path log) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ExtensionConfigurationException("moto_server exited at start:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/moto-api/")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExtensionConfigurationException("interrupted while starting moto_server", e);
            }
            process.onExit().completeOnTimeout(process, 200, java.util.concurrent.TimeUnit.MILLISECONDS).join();
        }
        process.destroy();
        throw new ExtensionConfigurationException("moto_server did not answer within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    private static Optional<Path> onPath(String name) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
