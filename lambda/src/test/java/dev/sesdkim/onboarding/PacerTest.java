package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacerTest {

    /** A clock that only moves when the pacer sleeps or the test says so. */
    private long now = 5_000_000_000L;
    private final List<Duration> sleeps = new ArrayList<>();
    private final Pacer.Sleeper sleeper = duration -> {
        sleeps.add(duration);
        now += duration.toNanos();
    };

    @Test
    void firstCallGoesAtOnceAndEachNextWaitsOutTheInterval() {
        Pacer pacer = new Pacer(1.0, () -> now, sleeper);
        List<Long> callTimes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pacer.acquire();
            callTimes.add(now);
        }
        assertThat(sleeps.get(0)).isEqualTo(Duration.ofSeconds(1));
        for (int i = 1; i < callTimes.size(); i++) {
            assertThat(callTimes.get(i) - callTimes.get(i - 1)).isGreaterThanOrEqualTo(1_000_000_000L);
        }
        assertThat(callTimes.get(4) - callTimes.get(0)).isEqualTo(4_000_000_000L);
    }

    @Test
    void doesNotWaitWhenCallsAreAlreadyFarEnoughApart() {
        Pacer pacer = new Pacer(2.0, () -> now, sleeper);
        pacer.acquire();
        now += 600_000_000L;
        pacer.acquire();
        assertThat(sleeps).isEmpty();
        now += 100_000_000L;
        pacer.acquire();
        assertThat(sleeps).containsExactly(Duration.ofMillis(400));
    }

    @Test
    void keepsWaitingIfTheSleeperWakesEarly() {
        Pacer pacer = new Pacer(1.0, () -> now, duration -> {
            sleeps.add(duration);
            now += Math.max(duration.toNanos() / 2, 1_000_000L);
        });
        pacer.acquire();
        long before = now;
        pacer.acquire();
        assertThat(now - before).isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(sleeps).hasSizeGreaterThan(1);
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> new Pacer(0, () -> now, sleeper)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Pacer(4, () -> now, sleeper).interval()).isEqualTo(Duration.ofMillis(250));
    }
}
