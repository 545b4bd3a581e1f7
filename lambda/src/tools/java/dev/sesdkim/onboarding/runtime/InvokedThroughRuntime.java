package dev.sesdkim.onboarding.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A function in a {@link LambdaJavaRuntime} as a handler the Lambda-like tools can drive (the SQS poll loop): each
 * event is written as JSON the way Lambda's event source mapping sends it, invoked through the Runtime API, and the
 * batch response read back. A function error fails the whole batch, as on Lambda.
 */
public final class InvokedThroughRuntime implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LambdaJavaRuntime runtime;
    private final Duration timeout;

    public InvokedThroughRuntime(LambdaJavaRuntime runtime, Duration timeout) {
        this.runtime = runtime;
        this.timeout = timeout;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        LambdaEventSerializers.serializerFor(SQSEvent.class, InvokedThroughRuntime.class.getClassLoader()).toJson(event, json);
        RuntimeApiServer.Answer answer = runtime.invoke(json.toString(StandardCharsets.UTF_8), timeout);
        if (answer.error()) {
            throw new FunctionError(answer.errorType() + ": " + answer.payload());
        }
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        try {
            for (JsonNode failure : JSON.readTree(answer.payload()).path("batchItemFailures")) {
                failures.add(new SQSBatchResponse.BatchItemFailure(failure.path("itemIdentifier").asText()));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("the function answered something that is not a batch response: " + answer.payload(), e);
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /** The function failed the invocation (Lambda retries the whole batch). */
    public static final class FunctionError extends RuntimeException {
        FunctionError(String message) {
            super(message);
        }
    }
}
