package dev.sesdkim.onboarding;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The part of an invocation's time that work may still use: all of it but a reserve. Every loop whose length grows
 * with the data (messages of a batch, schedules of the group, domains of a re-check) asks before each step and stops
 * once the budget is spent; what it did not reach is redelivered or carried forward, and the reserve is left for the
 * steps that must still follow (scheduling, announcing). So no batch outlives the function's timeout.
 */
public final class TimeBudget {

    private final LongSupplier remainingMillis;
    private final Duration reserve;

    /** {@code remainingMillis} is the invocation's time left, as Lambda's context reports it. */
    public TimeBudget(LongSupplier remainingMillis, Duration reserve) {
        this.remainingMillis = remainingMillis;
        this.reserve = reserve;
    }

    /** True once less than the reserve is left: start no further step that can be left for later. */
    public boolean spent() {
        return remainingMillis.getAsLong() < reserve.toMillis();
    }

    /**
     * A budget for one step that may use at most {@code share} of the time this budget has left now beyond its reserve,
     * so the work after the step still has the rest.
     */
    public TimeBudget share(double share) {
        long available = Math.max(0, remainingMillis.getAsLong() - reserve.toMillis());
        long keep = reserve.toMillis() + Math.round(available * (1 - share));
        return new TimeBudget(remainingMillis, Duration.ofMillis(keep));
    }

    /** For a step that is useless unless it is finished: stops it with {@link SpentException} once the budget is spent. */
    public void ensureLeft(String forWhat) {
        if (spent()) {
            throw new SpentException("less than " + reserve + " of the invocation is left: stopped " + forWhat);
        }
    }

    /** The budget ran out in the middle of a step that cannot be left half done; its message is redelivered. */
    public static final class SpentException extends RuntimeException {
        public SpentException(String message) {
            super(message);
        }
    }
}
