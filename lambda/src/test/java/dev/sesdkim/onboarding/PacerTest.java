package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PacerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    /** A clock that only moves when the pacer sleeps or the test says so. */
    private long now = 5 * SECOND;
    private final List<Duration> sleeps = new ArrayList<>();
    private final Pacer.Sleeper sleeper = duration -> {
        sleeps.add(duration);
        now += duration.toNanos();
    };

    @Test
    void firstCallGoesAtOnceAndEachNextWaitsOutTheIntervalAfterThePreviousEnded() {
        Pacer pacer = new Pacer(1.0, () -> now, sleeper);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Pacer.Slot slot = pacer.acquire();
            starts.add(now);
            now += 10 * MILLI;
            slot.end();
        }
        assertThat(sleeps.get(0)).as("a whole interval from the end, not from the start").isEqualTo(Duration.ofSeconds(1));
        for (int i = 1; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 1)).isEqualTo(SECOND + 10 * MILLI);
        }
    }

    /**
     * The receiver's view: what happens between the grant and the wire (signing, a connection, a GC pause) differs from
     * call to call. Spacing the grants one interval apart let the second request below arrive 0.975 s after the first.
     */
    @Test
    void theReceiverSeesAFullIntervalBetweenRequestsEvenWhenOneLeavesLateAfterItsGrant() {
        Pacer pacer = new Pacer(1.0, () -> now, sleeper);
        long[] grantToWire = {0, 25 * MILLI, 0, 300 * MILLI, 0, 0};
        List<Long> arrivals = new ArrayList<>();
        for (long delay : grantToWire) {
            Pacer.Slot slot = pacer.acquire();
            now += delay;
            arrivals.add(now);
            now += 4 * MILLI; // the receiver answers; the answer travels back
            slot.end();
            now += 20 * MILLI; // the rest of the work before the next SES call
        }
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i) - arrivals.get(i - 1)).as("gap before request %d as the receiver saw it", i)
                    .isGreaterThanOrEqualTo(SECOND);
        }
    }

    @Test
    void keepsAtLeastNinetyFivePercentOfTheCeilingWhenTheAnswerComesBackQuickly() {
        Pacer pacer = new Pacer(1.0, () -> now, sleeper);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            Pacer.Slot slot = pacer.acquire();
            starts.add(now);
            now += 40 * MILLI; // the round trip: the grant to the answer
            slot.end();
            now += 30 * MILLI; // work between SES calls overlaps the wait
        }
        double callsPerSecond = (starts.size() - 1) / ((starts.get(starts.size() - 1) - starts.get(0)) / 1e9);
        assertThat(callsPerSecond).as("1 / (interval + round trip)").isCloseTo(1 / 1.040, within(1e-9))
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void doesNotWaitWhenCallsAreAlreadyFarEnoughApart() {
        Pacer pacer = new Pacer(2.0, () -> now, sleeper);
        pacer.acquire().end();
        now += 600 * MILLI;
        Pacer.Slot second = pacer.acquire();
        now += 50 * MILLI;
        second.end();
        assertThat(sleeps).isEmpty();
        now += 100 * MILLI;
        pacer.acquire();
        assertThat(sleeps).containsExactly(Duration.ofMillis(400));
    }

    @Test
    void keepsWaitingIfTheSleeperWakesEarly() {
        Pacer pacer = new Pacer(1.0, () -> now, duration -> {
            sleeps.add(duration);
            now += Math.max(duration.toNanos() / 2, MILLI);
        });
        pacer.acquire().end();
        long ended = now;
        pacer.acquire();
        assertThat(now - ended).isGreaterThanOrEqualTo(SECOND);
        assertThat(sleeps).hasSizeGreaterThan(1);
    }

    @Test
    void endingASlotAgainDoesNotPushTheNextCallBack() {
        Pacer pacer = new Pacer(1.0, () -> now, sleeper);
        Pacer.Slot slot = pacer.acquire();
        now += 10 * MILLI;
        slot.end();
        long ended = now;
        now += 500 * MILLI;
        slot.close();
        pacer.acquire();
        assertThat(now).isEqualTo(ended + SECOND);
    }

    @Test
    void aSlotItsOwnThreadLeftOpenEndsWhenThatThreadAsksForTheNext() {
        Pacer pacer = new Pacer(1.0, () -> now, sleeper);
        pacer.acquire();
        now += 200 * MILLI;
        long askedAgain = now;
        pacer.acquire();
        assertThat(now).isEqualTo(askedAgain + SECOND);
    }

    @Test
    void aCallOnAnotherThreadWaitsUntilTheOpenOneHasEndedAndThenForTheInterval() throws InterruptedException {
        AtomicLong clock = new AtomicLong(5 * SECOND);
        Pacer pacer = new Pacer(1.0, clock::get, duration -> clock.addAndGet(duration.toNanos()));
        Pacer.Slot first = pacer.acquire();
        AtomicLong secondStarted = new AtomicLong();
        Thread other = new Thread(() -> {
            pacer.acquire().end();
            secondStarted.set(clock.get());
        });
        other.start();
        while (other.getState() != Thread.State.WAITING) {
            assertThat(other.isAlive()).as("the other thread must wait for the open slot").isTrue();
            Thread.onSpinWait();
        }
        clock.addAndGet(300 * MILLI);
        long firstEnded = clock.get();
        first.end();
        other.join();
        assertThat(secondStarted.get()).isEqualTo(firstEnded + SECOND);
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> new Pacer(0, () -> now, sleeper)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Pacer(4, () -> now, sleeper).interval()).isEqualTo(Duration.ofMillis(250));
    }
}
