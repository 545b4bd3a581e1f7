package dev.sesdkim.onboarding;

import java.time.Instant;

/** Sends a re-check message back to the queue later. */
public interface RecheckScheduler {

    /** Schedules {@code recheck} once at {@code at}; scheduling the same re-check again is a no-op. */
    void schedule(Request.Recheck recheck, Instant at);

    /**
     * Takes {@code domain} out of every re-check still waiting to be sent: a re-check of only this domain is deleted, one
     * shared with other domains keeps them. Returns how many re-checks held the domain.
     */
    int cancel(Domain domain);
}
