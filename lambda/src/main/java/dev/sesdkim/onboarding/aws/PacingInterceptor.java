package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.Pacer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Takes a pacer slot right before every HTTP attempt of the client it is attached to, so the SDK's own retries of a
 * throttled call are paced too, not only the first attempt.
 */
final class PacingInterceptor implements ExecutionInterceptor {

    private final Pacer pacer;

    PacingInterceptor(Pacer pacer) {
        this.pacer = pacer;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes executionAttributes) {
        pacer.acquire();
    }
}
