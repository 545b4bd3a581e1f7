package dev.sesdkim.onboarding.local;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stands still until the local run moves it forward to the next due schedule. */
public final class FastForwardClock extends Clock {

    private volatile Instant now;

    public FastForwardClock(Instant start) {
        this.now = start;
    }

    /** Moves to {@code instant}, never backwards. */
    public void advanceTo(Instant instant) {
        if (instant.isAfter(now)) {
            now = instant;
        }
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the local run keeps UTC");
    }
}
