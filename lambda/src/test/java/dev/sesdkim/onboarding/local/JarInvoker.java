package dev.sesdkim.onboarding.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sesdkim.onboarding.handler.OnboardingHandler;

import java.io.File;
import java.lang.management.ManagementFactory;

/**
 * Invokes the function the way the Lambda runtime does, in a fresh JVM whose class path is the shaded function jar
 * (plus this class): no-argument constructor, settings from the environment, one SQS event read from a file. Prints
 * the batch response and timings as one JSON line. Uses only classes the function jar itself carries.
 */
public final class JarInvoker {

    private JarInvoker() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long initStart = System.nanoTime();
        OnboardingHandler handler = new OnboardingHandler();
        long initNanos = System.nanoTime() - initStart;

        // Lambda's event JSON says "Records" and "eventSourceARN"; the event classes' setters say records, eventSourceArn.
        ObjectMapper json = JsonMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        SQSEvent event = json.readValue(new File(args[0]), SQSEvent.class);
        long handleStart = System.nanoTime();
        SQSBatchResponse response = handler.handleRequest(event, null);
        long handleNanos = System.nanoTime() - handleStart;

        System.out.println(json.createObjectNode()
                .put("failures", response.getBatchItemFailures().size())
                .put("records", event.getRecords().size())
                .put("initMillis", initNanos / 1e6)
                .put("firstBatchMillis", handleNanos / 1e6)
                .put("jvmStartToDoneMillis", System.currentTimeMillis() - jvmStart));
    }
}
