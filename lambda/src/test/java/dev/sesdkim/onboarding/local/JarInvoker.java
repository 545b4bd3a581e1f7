package dev.sesdkim.onboarding.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sesdkim.onboarding.handler.OnboardingHandler;
import org.crac.Resource;

import java.io.File;
import java.time.Instant;

/**
 * Invokes the function the way the Lambda runtime does, in a fresh JVM whose class path is the shaded function jar
 * (plus this class): no-argument constructor, settings from the environment, one SQS event read from a file. Prints
 * the batch response and timings as one JSON line. Uses only classes the function jar itself carries.
 *
 * <pre>JarInvoker EVENT_FILE [--handler CLASS] [--prime]</pre>
 * {@code --handler} names another handler class (the benchmark's empty floor); {@code --prime} runs the handler's
 * SnapStart {@code beforeCheckpoint} hook after construction, as Lambda does before it takes the snapshot, so the
 * first batch is timed the way a restored snapshot would run it. {@code doneEpochMicros} is the wall-clock instant the
 * first batch was done, for a parent process to measure from the moment it started this one.
 */
public final class JarInvoker {

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

        // Lambda's event JSON says "Records" and "eventSourceARN"; the event classes' setters say records, eventSourceArn.
        ObjectMapper json = JsonMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        SQSEvent event = json.readValue(new File(args[0]), SQSEvent.class);
        long handleStart = System.nanoTime();
        SQSBatchResponse response = handler.handleRequest(event, null);
        long handleNanos = System.nanoTime() - handleStart;
        Instant done = Instant.now();

        System.out.println(json.createObjectNode()
                .put("failures", response.getBatchItemFailures().size())
                .put("records", event.getRecords().size())
                .put("initMillis", initNanos / 1e6)
                .put("primeMillis", primeNanos / 1e6)
                .put("firstBatchMillis", handleNanos / 1e6)
                .put("doneEpochMicros", done.getEpochSecond() * 1_000_000 + done.getNano() / 1_000));
    }
}
