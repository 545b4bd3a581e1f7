package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.Pacer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interceptor's hooks called in the orders the SDK calls them (PacingInterceptorIT checks those orders against the
 * real SDK), on a pacer whose clock only moves when it sleeps or the test says so. The interceptor reads nothing from
 * the contexts, so none are built.
 */
class PacingInterceptorTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    private long now = 5 * SECOND;
    private final PacingInterceptor pacing = new PacingInterceptor(new Pacer(1.0, () -> now, duration -> now += duration.toNanos()));
    private final List<Long> sent = new ArrayList<>();

    /** An HTTP attempt of {@code call} as the SDK makes it: beforeTransmission, then the request leaves. */
    private void send(ExecutionAttributes call) {
        pacing.beforeTransmission(null, call);
        sent.add(now);
    }

    /** The attempt's response (any status) is back after {@code millis}. */
    private void answer(ExecutionAttributes call, long millis) {
        now += millis * MILLI;
        pacing.afterTransmission(null, call);
    }

    private void fail(ExecutionAttributes call) {
        pacing.onExecutionFailure(null, call);
    }

    @Test
    void eachRetryOfACallIsPacedFromTheResponseBeforeIt() {
        ExecutionAttributes call = new ExecutionAttributes();
        send(call);
        answer(call, 20); // Throttling
        send(call);
        answer(call, 30); // 503
        send(call);
        answer(call, 20); // 200

        assertThat(sent).containsExactly(5 * SECOND, 6 * SECOND + 20 * MILLI, 7 * SECOND + 50 * MILLI);
    }

    @Test
    void anAttemptThatFailsWithoutAResponseEndsWhenTheSdkSendsTheNextAttempt() {
        ExecutionAttributes call = new ExecutionAttributes();
        send(call);
        now += 40 * MILLI; // connection reset, then the SDK's back-off
        long retried = now;
        send(call);

        assertThat(sent.get(1)).isEqualTo(retried + SECOND);
    }

    @Test
    void aCallThatFailsBeforeItsResponseFreesThePacerWhenItFails() {
        ExecutionAttributes failing = new ExecutionAttributes();
        send(failing);
        now += 50 * MILLI; // a later interceptor throws, or the last attempt times out
        fail(failing);
        now += 2 * SECOND;
        long asked = now;
        send(new ExecutionAttributes());

        assertThat(sent.get(1)).as("goes at once: the failed call's slot ended when it failed, not when the next asked").isEqualTo(asked);
    }

    @Test
    void aFailureAfterTheResponseKeepsTheSpacingFromTheResponse() {
        ExecutionAttributes unreadable = new ExecutionAttributes();
        send(unreadable);
        answer(unreadable, 20);
        long answered = now;
        now += 300 * MILLI; // the response cannot be unmarshalled
        fail(unreadable);
        send(new ExecutionAttributes());

        assertThat(sent.get(1)).isEqualTo(answered + SECOND);
    }

    @Test
    void aCallThatFailsBeforeAnyAttemptTakesNoSlot() {
        fail(new ExecutionAttributes());
        send(new ExecutionAttributes());

        assertThat(sent).containsExactly(5 * SECOND);
    }
}
