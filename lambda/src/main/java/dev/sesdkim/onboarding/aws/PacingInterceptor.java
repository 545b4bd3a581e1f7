package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.Pacer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Paces every HTTP attempt of the client it is attached to, so the SDK's own retries of a throttled call are paced too,
 * not only the first attempt. An attempt takes a pacer slot right before it is sent and ends it when its response
 * arrives, whatever the status (a throttled request has reached SES as well). Every slot is ended: an attempt that
 * fails without a response (a connection reset, a timeout) when the SDK sends the next attempt or gives up, and one
 * still open when anything else fails the call (a later interceptor, the SDK itself) when the call fails.
 */
final class PacingInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<Pacer.Slot> ATTEMPT = new ExecutionAttribute<>("dev.sesdkim.onboarding.pacedAttempt");

    private final Pacer pacer;
    private final Consumer<Duration> waits;

    PacingInterceptor(Pacer pacer) {
        this(pacer, waited -> {
        });
    }

    /** {@code waits} hears how long each attempt waited for the pacer (for the pacing-wait metric). */
    PacingInterceptor(Pacer pacer, Consumer<Duration> waits) {
        this.pacer = pacer;
        this.waits = waits;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        endAttempt(executionAttributes);
        long asked = System.nanoTime();
        executionAttributes.putAttribute(ATTEMPT, pacer.acquire());
        waits.accept(Duration.ofNanos(System.nanoTime() - asked));
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
        endAttempt(executionAttributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes executionAttributes) {
        endAttempt(executionAttributes);
    }

    private static void endAttempt(ExecutionAttributes executionAttributes) {
        Pacer.Slot attempt = executionAttributes.getAttribute(ATTEMPT);
        if (attempt != null) {
            attempt.end();
        }
    }
}
