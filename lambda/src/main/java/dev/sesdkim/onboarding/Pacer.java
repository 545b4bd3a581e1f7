package dev.sesdkim.onboarding;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces calls at least {@code 1 / callsPerSecond} apart within this execution environment. SES allows one
 * VerifyDomainDkim / GetIdentityDkimAttributes call per second per account and region, and the function runs with
 * reserved concurrency 1, so pacing here keeps the whole system under the limit. Time comes from an injected
 * ticker and sleeper so tests never wait on the wall clock.
 */
public final class Pacer {

    /** Waits for a duration; the real one is {@link Thread#sleep(long, int)}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private long nextAllowedNanos;
    private boolean used;

    public Pacer(double callsPerSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(callsPerSecond > 0)) {
            throw new IllegalArgumentException("callsPerSecond must be positive: " + callsPerSecond);
        }
        this.intervalNanos = Math.round(1_000_000_000d / callsPerSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    public static Pacer realTime(double callsPerSecond) {
        return new Pacer(callsPerSecond, System::nanoTime, duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000));
    }

    /** Blocks until the next call is allowed, then claims that slot. */
    public synchronized void acquire() {
        long now = nanoTime.getAsLong();
        while (used && now - nextAllowedNanos < 0) {
            try {
                sleeper.sleep(Duration.ofNanos(nextAllowedNanos - now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing SES calls", e);
            }
            now = nanoTime.getAsLong();
        }
        nextAllowedNanos = now + intervalNanos;
        used = true;
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }
}
