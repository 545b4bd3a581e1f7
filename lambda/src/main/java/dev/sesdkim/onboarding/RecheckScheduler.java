package dev.sesdkim.onboarding;

import java.time.Instant;

/** Sends a re-check message back to the queue later. */
public interface RecheckScheduler {

    /** Schedules {@code recheck} once at {@code at}; scheduling the same re-check again is a no-op. */
    void schedule(Request.Recheck recheck, Instant at);
}
