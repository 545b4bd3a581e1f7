package dev.sesdkim.onboarding;

import java.time.Instant;
import java.util.Optional;

/** Sends a re-check message back to the queue later. */
public interface RecheckScheduler {

    /** Schedules {@code recheck} once at {@code at}; scheduling the same re-check again is a no-op. */
    void schedule(Request.Recheck recheck, Instant at);

    /**
     * Every re-check still waiting to be sent, read in one pass: a re-check may hold many domains and is named after
     * only one of them, so finding a domain's re-checks means reading them all. The offboards of a batch share one
     * reading. It stays true for the batch: only this function writes re-checks, one invocation at a time, and a batch
     * schedules nothing until its offboards are done. Stops with {@link TimeBudget.SpentException} once {@code budget}
     * is spent, since a partial reading could miss a domain's re-check.
     */
    PendingRechecks pendingRechecks(TimeBudget budget);

    /** The re-checks waiting to be sent, as read; taking a domain out changes both them and this view of them. */
    interface PendingRechecks {

        /**
         * Takes {@code domain} out of every re-check still waiting to be sent: a re-check of only this domain is
         * deleted, one shared with other domains keeps them. Returns how many re-checks held the domain.
         */
        int cancel(Domain domain);

        /** The earliest re-check still waiting to be sent that holds {@code domain}, if any. */
        Optional<Waiting> next(Domain domain);
    }

    /** A re-check waiting to be sent: when, as which attempt, and the domain as it holds it (its start, zone, tenant). */
    record Waiting(Instant at, int attempt, Request.PendingDomain pending) {
    }
}
