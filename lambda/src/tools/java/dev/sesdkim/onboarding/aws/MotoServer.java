package dev.sesdkim.onboarding.aws;

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
import java.util.concurrent.TimeUnit;

/** A {@code moto_server} process on a free loopback port: one endpoint for every AWS service. */
public final class MotoServer implements AutoCloseable {

    /** moto_server is missing or would not start; the message says what to do. */
    public static final class UnavailableException extends RuntimeException {
        UnavailableException(String message) {
            super(message);
        }
    }

    public static final String INSTALL_HINT = "install it with `pip install 'moto[server]'` (Python 3) "
            + "and make sure its bin directory is on PATH";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    public static MotoServer start() {
        Path executable = onPath("moto_server").orElseThrow(() -> new UnavailableException(
                "moto_server is not on PATH: " + INSTALL_HINT + "."));
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-server-", ".log");
            Process process = new ProcessBuilder(executable.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
            try {
                server.awaitReady();
            } catch (UnavailableException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UnavailableException("could not start moto_server: " + e.getMessage());
        }
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

    /** Stops the server and removes its log, which is read only when it fails to start. */
    @Override
    public void close() {
        process.destroy();
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception stillStopping) {
            // the log goes anyway
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temporary file; nothing else to do
        }
    }

    private void awaitReady() throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new UnavailableException("moto_server exited at start:\n" + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("interrupted while starting moto_server");
            }
            process.onExit().completeOnTimeout(process, 200, TimeUnit.MILLISECONDS).join();
        }
        throw new UnavailableException("moto_server did not answer within " + START_TIMEOUT + ":\n" + Files.readString(log));
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
