package dev.sesdkim.onboarding.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Lambda's Runtime API as the runtime interface client speaks it, on loopback: what the Lambda service would answer
 * the function's process. {@code GET …/invocation/next} hands out the events queued by {@link #invoke}, one at a time;
 * {@code …/response} and {@code …/error} complete them; {@code …/init/error}, {@code …/restore/next} and
 * {@code …/restore/error} are recorded for SnapStart's phases. It also serves the container credentials a SnapStart
 * function gets instead of access key variables ({@link #credentialsUri()}), counting each fetch.
 * <p>
 * The paths and headers are those of aws-lambda-java-libs' runtime client and its native (aws-lambda-cpp) HTTP client.
 */
public final class RuntimeApiServer implements AutoCloseable {

    static final String API = "/2018-06-01/runtime";
    static final String CREDENTIALS_PATH = "/credentials";
    static final String CREDENTIALS_TOKEN = "runtime-tier-token";

    /**
     * What the function answered one invocation: its payload, or the error the runtime posted for it; {@code delivered}
     * is when {@code next} handed the event to the runtime and {@code answered} when its answer arrived, so the
     * function's own time is told apart from however long the caller took to queue the event.
     */
    public record Answer(String payload, boolean error, String errorType, Instant delivered, Instant answered) {

        /** From the event handed to the runtime to its answer received. */
        public Duration duration() {
            return Duration.between(delivered, answered);
        }
    }

    private record Invocation(String requestId, String event, CompletableFuture<Answer> answer, Instant delivered) {
        Invocation deliveredAt(Instant instant) {
            return new Invocation(requestId, event, answer, instant);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "runtime-api");
        thread.setDaemon(true);
        return thread;
    });
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Instant> firstNext = new CompletableFuture<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Instant> restoreNext = new CompletableFuture<>();
    private final List<String> restoreErrors = new CopyOnWriteArrayList<>();
    private volatile int credentialFetches;
    private volatile boolean closed;

    public RuntimeApiServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the Runtime API", e);
        }
        server.setExecutor(executor);
        server.createContext(API + "/invocation/", this::invocation);
        server.createContext(API + "/init/error", exchange -> {
            initError.complete(body(exchange));
            respond(exchange, 202, "{}");
        });
        server.createContext(API + "/restore/next", exchange -> {
            restoreNext.complete(Instant.now());
            respond(exchange, 200, "");
        });
        server.createContext(API + "/restore/error", exchange -> {
            restoreErrors.add(body(exchange));
            respond(exchange, 202, "{}");
        });
        server.createContext(CREDENTIALS_PATH, this::credentials);
        server.start();
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** The value of {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} for a SnapStart function. */
    public String credentialsUri() {
        return "http://" + address() + CREDENTIALS_PATH;
    }

    /** Queues {@code event} for the function; the answer completes when the runtime posts it. */
    public CompletableFuture<Answer> invoke(String event) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, new CompletableFuture<>(), null);
        queued.add(invocation);
        return invocation.answer();
    }

    /** Completes when the runtime first asks for an invocation: its initialisation (and any snapshot phase) is done. */
    public CompletableFuture<Instant> initDone() {
        return firstNext;
    }

    /** Completes with the error the runtime reported if the function failed to initialise. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    /** Completes when the runtime, after its before-checkpoint hooks, asked to be restored (SnapStart only). */
    public CompletableFuture<Instant> restoreRequested() {
        return restoreNext;
    }

    public List<String> restoreErrors() {
        return List.copyOf(restoreErrors);
    }

    /** How many times the function fetched container credentials. */
    public int credentialFetches() {
        return credentialFetches;
    }

    private void invocation(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring((API + "/invocation/").length());
        if (path.equals("next") && exchange.getRequestMethod().equals("GET")) {
            next(exchange);
            return;
        }
        String[] parts = path.split("/");
        Invocation invocation = parts.length == 2 ? inFlight.remove(parts[0]) : null;
        if (invocation == null) {
            respond(exchange, 400, "{\"errorMessage\":\"unknown invocation " + path + "\"}");
            return;
        }
        String body = body(exchange);
        Instant answered = Instant.now();
        switch (parts[1]) {
            case "response" -> invocation.answer().complete(new Answer(body, false, null, invocation.delivered(), answered));
            case "error" -> invocation.answer().complete(new Answer(body, true,
                    exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type"), invocation.delivered(), answered));
            default -> invocation.answer().completeExceptionally(new IllegalStateException("unexpected path " + path));
        }
        respond(exchange, 202, "{\"status\":\"OK\"}");
    }

    /** Long-polls as Lambda does: the runtime's next call returns when there is an event for it. */
    private void next(HttpExchange exchange) throws IOException {
        firstNext.complete(Instant.now());
        Invocation invocation;
        try {
            do {
                invocation = queued.poll(200, TimeUnit.MILLISECONDS);
            } while (invocation == null && !closed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            invocation = null;
        }
        if (invocation == null) {
            respond(exchange, 500, "{\"errorMessage\":\"runtime API closed\"}");
            return;
        }
        inFlight.put(invocation.requestId(), invocation.deliveredAt(Instant.now()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                Long.toString(Instant.now().plusSeconds(DeployedFunction.TIMEOUT_SECONDS).toEpochMilli()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:dkim-onboarding:live");
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0");
        respond(exchange, 200, invocation.event());
    }

    private void credentials(HttpExchange exchange) throws IOException {
        if (!CREDENTIALS_TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 403, "{\"message\":\"missing or wrong authorization token\"}");
            return;
        }
        credentialFetches++;
        respond(exchange, 200, "{\"AccessKeyId\":\"testing\",\"SecretAccessKey\":\"testing\",\"Token\":\"testing\","
                + "\"Expiration\":\"" + Instant.now().plus(Duration.ofHours(6)) + "\"}");
    }

    private static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
