package dev.sesdkim.onboarding.runtime;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The function started the way Lambda starts it: the deployment jar extracted into a task root ({@link TaskRoot}),
 * Lambda's Java runtime interface client (aws-lambda-java-runtime-interface-client, with the runtime's core and
 * serialization libraries, as {@code /var/runtime/lib} holds them) on the JDK of the deployed runtime
 * ({@link RuntimeJdk}), the handler string, memory and {@code JAVA_TOOL_OPTIONS} of the stack ({@link DeployedFunction}),
 * the JVM flags of Lambda's Java bootstrap, and a {@link RuntimeApiServer} of its own on loopback. With
 * {@link Initialization#SNAP_START} the runtime runs the CRaC before-checkpoint hooks, asks {@code restore/next}, runs
 * the after-restore hooks, and the function gets container credentials instead of access keys, as on Lambda. What is
 * not here: the snapshot itself (no CRaC JVM), so the process that ran the hooks goes on to serve the invocations.
 */
public final class LambdaJavaRuntime implements AutoCloseable {

    /** {@code AWS_LAMBDA_INITIALIZATION_TYPE}. */
    public enum Initialization {
        ON_DEMAND("on-demand"), SNAP_START("snap-start");

        final String value;

        Initialization(String value) {
            this.value = value;
        }
    }

    /** Flags the managed runtime's bootstrap gives the JVM (and the runtime hooks' CRaC implementation). */
    static final List<String> BOOTSTRAP_FLAGS = List.of("-XX:+UseSerialGC", "-Xshare:auto",
            "-Djava.net.preferIPv4Stack=true", "-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");

    private static final Duration INIT_TIMEOUT = Duration.ofSeconds(60);

    private final RuntimeApiServer api = new RuntimeApiServer();
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Instant startedAt;
    private final Thread reader;

    private LambdaJavaRuntime(Path jar, String handler, Map<String, String> functionEnvironment,
                              Initialization initialization, Consumer<String> lines) {
        Path taskRoot = TaskRoot.of(jar);
        List<String> command = new ArrayList<>();
        command.add(RuntimeJdk.java().toString());
        command.addAll(jvmFlags());
        command.addAll(List.of("-cp", runtimeClasspath(), AWSLambda.class.getName(), handler));
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment(taskRoot, handler, functionEnvironment, initialization));
        this.startedAt = Instant.now();
        try {
            this.process = builder.start();
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        this.reader = new Thread(() -> copyOutput(lines), "lambda-runtime-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the function in {@code jar} with {@code functionEnvironment} (the settings; the stack's fixed variables and
     * Lambda's own are added) and returns once its initialisation is done, or throws with its output if it failed.
     */
    public static LambdaJavaRuntime start(Path jar, Map<String, String> functionEnvironment, Initialization initialization) {
        return start(jar, functionEnvironment, initialization, line -> {
        });
    }

    /** As {@link #start(Path, Map, Initialization)}, handing each line the function writes to {@code lines} as well. */
    public static LambdaJavaRuntime start(Path jar, Map<String, String> functionEnvironment, Initialization initialization,
                                          Consumer<String> lines) {
        return start(jar, DeployedFunction.HANDLER, functionEnvironment, initialization, lines);
    }

    /**
     * As {@link #start(Path, Map, Initialization)} with another handler string than the stack's, for a jar that is not
     * the function (the benchmark's empty handler, the floor of a cold start on this runtime).
     */
    public static LambdaJavaRuntime start(Path jar, String handler, Map<String, String> functionEnvironment,
                                          Initialization initialization, Consumer<String> lines) {
        LambdaJavaRuntime runtime = new LambdaJavaRuntime(jar, handler, functionEnvironment, initialization, lines);
        try {
            runtime.awaitInit();
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void awaitInit() {
        CompletableFuture<Object> ended = CompletableFuture.anyOf(api.initDone(), api.initError(), process.onExit());
        try {
            ended.get(INIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the function initialised");
        } catch (ExecutionException | TimeoutException e) {
            throw new RuntimeFailure("the function did not initialise within " + INIT_TIMEOUT, output());
        }
        if (!api.initDone().isDone()) {
            throw new RuntimeFailure("the function failed to initialise" + api.initError().getNow("")
                    .transform(error -> error.isEmpty() ? "" : ": " + error), output());
        }
    }

    /** The function's answer to {@code event} (an SQS event as JSON), within {@code timeout}. */
    public RuntimeApiServer.Answer invoke(String event, Duration timeout) {
        CompletableFuture<RuntimeApiServer.Answer> answer = api.invoke(event);
        try {
            CompletableFuture.anyOf(answer, process.onExit()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the function ran");
        } catch (ExecutionException | TimeoutException e) {
            throw new RuntimeFailure("the function did not answer within " + timeout, output());
        }
        if (!answer.isDone()) {
            throw new RuntimeFailure("the runtime exited with " + process.exitValue() + " before answering", output());
        }
        return answer.join();
    }

    /**
     * The JVM options the runtime's bootstrap passes for the stack's memory size; {@code JAVA_TOOL_OPTIONS} comes on top,
     * from the environment, as on Lambda.
     */
    public static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        flags.add("-XX:MaxHeapSize=" + (DeployedFunction.MEMORY_MB * 85 / 100) + "m");
        flags.addAll(BOOTSTRAP_FLAGS);
        return flags;
    }

    /** From process start to the runtime's first request for an invocation (with SnapStart, after the hooks). */
    public Duration initDuration() {
        return Duration.between(startedAt, api.initDone().join());
    }

    public RuntimeApiServer api() {
        return api;
    }

    /** Everything the process wrote so far, standard output and error together. */
    public String output() {
        return output.toString();
    }

    private void copyOutput(Consumer<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.append(line).append('\n');
                lines.accept(line);
            }
        } catch (IOException e) {
            output.append("[output lost: ").append(e).append("]\n");
        }
    }

    private Map<String, String> environment(Path taskRoot, String handler, Map<String, String> functionEnvironment,
                                            Initialization initialization) {
        Map<String, String> environment = new LinkedHashMap<>(DeployedFunction.FIXED_ENVIRONMENT);
        environment.putAll(functionEnvironment);
        environment.put("AWS_LAMBDA_RUNTIME_API", api.address());
        environment.put("_HANDLER", handler);
        environment.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + DeployedFunction.RUNTIME);
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "dkim-onboarding");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(DeployedFunction.MEMORY_MB));
        environment.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/dkim-onboarding");
        environment.put("AWS_LAMBDA_LOG_STREAM_NAME", "runtime-tier");
        environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", initialization.value);
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.put("TZ", ":UTC");
        if (initialization == Initialization.SNAP_START) {
            environment.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", api.credentialsUri());
            environment.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", RuntimeApiServer.CREDENTIALS_TOKEN);
        } else {
            environment.put("AWS_ACCESS_KEY_ID", "testing");
            environment.put("AWS_SECRET_ACCESS_KEY", "testing");
            environment.put("AWS_SESSION_TOKEN", "testing");
        }
        return environment;
    }

    /** The runtime client and the libraries Lambda puts beside it, from this JVM's class path. */
    static String runtimeClasspath() {
        return String.join(File.pathSeparator, List.of(jarOf(AWSLambda.class),
                jarOf(com.amazonaws.services.lambda.runtime.Context.class), jarOf(PojoSerializer.class),
                jarOf(SdkInternalThreadLocal.class)));
    }

    /** The jar (or classes folder) {@code type} was loaded from in this JVM. */
    public static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        api.close();
    }

    /** The function or its runtime failed; the message carries what the process wrote. */
    public static final class RuntimeFailure extends RuntimeException {
        RuntimeFailure(String message, String output) {
            super(message + "\n--- function output ---\n" + output);
        }
    }
}
