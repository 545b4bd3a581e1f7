package dev.sesdkim.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When to ask SES again: after 5 min, 15 min, 1 h, 3 h and 6 h, then every 6 h, until the domain has waited
 * {@link #maxWait()} (SES may take up to 72 hours to see the records).
 */
public record RecheckSchedule(List<Duration> delays, Duration maxWait) {

    public static final RecheckSchedule DEFAULT = new RecheckSchedule(
            List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6)),
            Duration.ofHours(72));

    public RecheckSchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || delays.stream().anyMatch(delay -> delay.isNegative() || delay.isZero())) {
            throw new IllegalArgumentException("delays must be positive and not empty: " + delays);
        }
    }

    /** How long to wait before re-check number {@code attempt} (1 is the first); the last delay repeats. */
    public Duration delayBefore(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1: " + attempt);
        }
        return delays.get(Math.min(attempt, delays.size()) - 1);
    }

    /** When re-check number {@code attempt} should run, or empty once that would be past the deadline. */
    public Optional<Instant> nextCheck(int attempt, Instant startedAt, Instant now) {
        Instant due = now.plus(delayBefore(attempt));
        Instant deadline = startedAt.plus(maxWait);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        return Optional.of(due.isAfter(deadline) ? deadline : due);
    }
}
