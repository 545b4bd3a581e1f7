package dev.sesdkim.onboarding;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Keeps calls at least {@code 1 / callsPerSecond} apart as their receiver sees them. SES allows one
 * VerifyDomainDkim / GetIdentityDkimAttributes call per second per account and region, counted where SES receives the
 * requests, and the function runs with reserved concurrency 1, so pacing here keeps the whole system under the limit.
 *
 * <p>A call holds a {@link Slot} from {@link #acquire()} until the caller {@linkplain Slot#end() ends} it, as soon as
 * the call's answer has arrived or the call has failed. The next slot starts no earlier than one interval after the
 * previous one ended. That is what makes the spacing hold at the receiving end: a request has reached its receiver by
 * the time its answer (or its failure) is back, and the next request cannot reach it before it is granted, so
 * whatever happens between a grant and the wire (signing, opening a connection, a GC pause) can only widen the gap.
 * Spacing the grants alone, one interval apart, let requests arrive as little as 0.926 s apart at the benchmark's proxy
 * in front of the emulator on a busy machine.
 *
 * <p>The price is the round trip: calls start an interval plus the previous call's round trip (grant to answer) apart,
 * so the rate is {@code 1 / (interval + round trip)}. At one call per second that stays at or above 0.95 of the limit
 * while SES answers within 52 ms (the benchmark measures both where a proxy sees the requests); a slow answer costs
 * throughput, never the limit. A fixed margin added to the grant spacing would keep the full rate but only cover delays
 * shorter than the margin, and a GC pause or a new TLS connection can outlast any margin small enough to keep 0.95. A
 * call that fails without an answer is ended when its caller notices, later than it really ended: only slower.
 *
 * <p>One slot is open at a time. A slot open on another thread is waited for; a slot the calling thread itself left
 * open is ended when it asks for the next, since a synchronous caller is done with one call when it makes the next.
 * Time comes from an injected ticker and sleeper, so tests never wait on the wall clock.
 */
public final class Pacer {

    /** Waits for a duration; the real one is {@link Thread#sleep(long, int)}. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** One paced call, open from {@link #acquire()} until {@link #end()}. */
    public final class Slot implements AutoCloseable {
        private final Thread owner = Thread.currentThread();
        private boolean ended;

        private Slot() {
        }

        /** The call is over: its answer arrived or it failed. The next call may start one interval from now. Ending again changes nothing. */
        public void end() {
            Pacer.this.end(this);
        }

        @Override
        public void close() {
            end();
        }
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private Slot open;
    private long nextAllowedNanos;
    private boolean anyEnded;

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

    /** Blocks until the previous call has ended and one interval has passed since, then opens the next call's slot. */
    public synchronized Slot acquire() {
        while (open != null && open.owner != Thread.currentThread()) {
            try {
                wait();
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
        }
        if (open != null) {
            end(open);
        }
        long now = nanoTime.getAsLong();
        while (anyEnded && now - nextAllowedNanos < 0) {
            try {
                sleeper.sleep(Duration.ofNanos(nextAllowedNanos - now));
            } catch (InterruptedException e) {
                throw interrupted(e);
            }
            now = nanoTime.getAsLong();
        }
        open = new Slot();
        return open;
    }

    private synchronized void end(Slot slot) {
        if (slot.ended) {
            return;
        }
        slot.ended = true;
        nextAllowedNanos = nanoTime.getAsLong() + intervalNanos;
        anyEnded = true;
        if (open == slot) {
            open = null;
        }
        notifyAll();
    }

    private static IllegalStateException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        return new IllegalStateException("interrupted while pacing SES calls", e);
    }

    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }
}
