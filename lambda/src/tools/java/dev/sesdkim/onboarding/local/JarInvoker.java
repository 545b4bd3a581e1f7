package dev.sesdkim.onboarding.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesdkim.onboarding.handler.OnboardingHandler;
import org.crac.Resource;

import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Instant;

/**
 * Invokes the function the way the Lambda runtime does, in a fresh JVM whose class path is the shaded function jar
 * (plus this class and the runtime's event serialization library, {@link #RUNTIME_LIBRARY}): no-argument constructor,
 * settings from the environment, one SQS event read from a file and deserialised by the serializer the runtime uses for
 * SQS events, with the function's class loader. Prints the batch response and timings as one JSON line. Apart from the
 * serializer, it uses only classes the function jar itself carries.
 *
 * <pre>JarInvoker EVENT_FILE [--handler CLASS] [--prime]</pre>
 * {@code --handler} names another handler class (the benchmark's empty floor); {@code --prime} runs the handler's
 * SnapStart {@code beforeCheckpoint} hook after construction, as Lambda does before it takes the snapshot, so the
 * first batch is timed the way a restored snapshot would run it. {@code doneEpochMicros} is the wall-clock instant the
 * first batch was done, for a parent process to measure from the moment it started this one.
 */
public final class JarInvoker {

    /** What the Lambda runtime brings besides the function: its event serializer, found here on the test class path. */
    public static final Class<?> RUNTIME_LIBRARY = LambdaEventSerializers.class;

    private JarInvoker() {
    }

    public static void main(String[] args) throws Exception {
        String handlerClass = OnboardingHandler.class.getName();
        boolean prime = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--handler" -> handlerClass = args[++i];
                case "--prime" -> prime = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }

        long initStart = System.nanoTime();
        @SuppressWarnings("unchecked")
        RequestHandler<SQSEvent, SQSBatchResponse> handler = (RequestHandler<SQSEvent, SQSBatchResponse>)
                Class.forName(handlerClass).getDeclaredConstructor().newInstance();
        long initNanos = System.nanoTime() - initStart;
        long primeStart = System.nanoTime();
        if (prime && handler instanceof Resource hooks) {
            hooks.beforeCheckpoint(null);
        }
        long primeNanos = System.nanoTime() - primeStart;

        SQSEvent event;
        try (InputStream input = new FileInputStream(args[0])) {
            event = LambdaEventSerializers.serializerFor(SQSEvent.class, JarInvoker.class.getClassLoader()).fromJson(input);
        }
        long handleStart = System.nanoTime();
        SQSBatchResponse response = handler.handleRequest(event, null);
        long handleNanos = System.nanoTime() - handleStart;
        Instant done = Instant.now();

        System.out.println(new ObjectMapper().createObjectNode()
                .put("failures", response.getBatchItemFailures().size())
                .put("records", event.getRecords().size())
                .put("initMillis", initNanos / 1e6)
                .put("primeMillis", primeNanos / 1e6)
                .put("firstBatchMillis", handleNanos / 1e6)
                .put("doneEpochMicros", done.getEpochSecond() * 1_000_000 + done.getNano() / 1_000));
    }
}
