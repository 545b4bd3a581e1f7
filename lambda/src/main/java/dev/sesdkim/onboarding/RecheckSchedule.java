package dev.sesdkim.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When to ask SES again: after 5 min, 15 min, 1 h, 3 h and 6 h, then every 6 h, until the domain has waited
 * {@link #maxWait()} (SES may take up to 72 hours to see the records). Check times are rounded up to the next whole
 * {@link #slot()} (of the epoch, UTC): domains that fall due within the same slot are due at the same instant, so their
 * schedules fire together, arrive in the same Lambda batch and share one SES call per 100 domains.
 */
public record RecheckSchedule(List<Duration> delays, Duration maxWait, Duration slot) {

    public static final RecheckSchedule DEFAULT = new RecheckSchedule(
            List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6)),
            Duration.ofHours(72), Duration.ofMinutes(5));

    public RecheckSchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || delays.stream().anyMatch(delay -> delay.isNegative() || delay.isZero())) {
            throw new IllegalArgumentException("delays must be positive and not empty: " + delays);
        }
        if (slot.toSeconds() < 1 || slot.toNanosPart() != 0) {
            throw new IllegalArgumentException("slot must be a whole number of seconds, at least one: " + slot);
        }
    }

    /** How long to wait before re-check number {@code attempt} (1 is the first); the last delay repeats. */
    public Duration delayBefore(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1: " + attempt);
        }
        return delays.get(Math.min(attempt, delays.size()) - 1);
    }

    /** When the first re-check of a domain onboarded {@code now} should run. */
    public Instant firstCheck(Instant now) {
        return roundedUpToSlot(now.plus(delayBefore(1)));
    }

    /** When re-check number {@code attempt} should run, never after the deadline; empty once now is at or past it. */
    public Optional<Instant> nextCheck(int attempt, Instant startedAt, Instant now) {
        Instant due = roundedUpToSlot(now.plus(delayBefore(attempt)));
        Instant deadline = startedAt.plus(maxWait);
        if (!now.isBefore(deadline)) {
            return Optional.empty();
        }
        return Optional.of(due.isAfter(deadline) ? deadline : due);
    }

    private Instant roundedUpToSlot(Instant instant) {
        long slotSeconds = slot.toSeconds();
        long intoSlot = Math.floorMod(instant.getEpochSecond(), slotSeconds);
        if (intoSlot == 0 && instant.getNano() == 0) {
            return instant;
        }
        return Instant.ofEpochSecond(instant.getEpochSecond() - intoSlot + slotSeconds);
    }
}
