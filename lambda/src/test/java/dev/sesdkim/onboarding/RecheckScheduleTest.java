package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RecheckScheduleTest {

    private final RecheckSchedule schedule = RecheckSchedule.DEFAULT;

    @Test
    void backsOffFiveFifteenSixtyMinutesThreeSixHoursThenEverySixHours() {
        assertThat(schedule.delayBefore(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(schedule.delayBefore(2)).isEqualTo(Duration.ofMinutes(15));
        assertThat(schedule.delayBefore(3)).isEqualTo(Duration.ofHours(1));
        assertThat(schedule.delayBefore(4)).isEqualTo(Duration.ofHours(3));
        assertThat(schedule.delayBefore(5)).isEqualTo(Duration.ofHours(6));
        assertThat(schedule.delayBefore(6)).isEqualTo(Duration.ofHours(6));
        assertThat(schedule.delayBefore(40)).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void theLastCheckIsAtTheDeadlineAndNoneAfterIt() {
        Instant started = Instant.parse("2026-11-20T00:00:00Z");
        Instant deadline = started.plus(Duration.ofHours(72));

        assertThat(schedule.nextCheck(12, started, deadline.minus(Duration.ofHours(1)))).contains(deadline);
        assertThat(schedule.nextCheck(12, started, deadline.minus(Duration.ofHours(7)))).contains(deadline.minus(Duration.ofHours(1)));
        assertThat(schedule.nextCheck(13, started, deadline)).isEmpty();
        assertThat(schedule.nextCheck(13, started, deadline.plusSeconds(1))).isEmpty();
    }

    @Test
    void checkTimesAreRoundedUpToTheNextFiveMinuteSlotSoDomainsDueCloseTogetherShareAnInstant() {
        Instant started = Instant.parse("2026-11-20T10:00:00Z");

        assertThat(schedule.firstCheck(started)).isEqualTo(Instant.parse("2026-11-20T10:05:00Z"));
        assertThat(schedule.firstCheck(started.plusNanos(1))).isEqualTo(Instant.parse("2026-11-20T10:10:00Z"));
        assertThat(schedule.firstCheck(Instant.parse("2026-11-20T10:04:59Z"))).isEqualTo(Instant.parse("2026-11-20T10:10:00Z"));
        assertThat(schedule.nextCheck(2, started, Instant.parse("2026-11-20T10:07:30Z"))).contains(Instant.parse("2026-11-20T10:25:00Z"));
    }

    @Test
    void roundingNeverPushesACheckPastTheDeadline() {
        Instant started = Instant.parse("2026-11-20T00:00:07Z");
        Instant deadline = started.plus(Duration.ofHours(72));

        assertThat(schedule.nextCheck(12, started, deadline.minus(Duration.ofHours(6)).minusSeconds(1))).contains(deadline);
    }
}
