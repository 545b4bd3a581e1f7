package dev.sesdkim.infra;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentSettingsTest {

    private static DeploymentSettings from(Map<String, Object> context) {
        return DeploymentSettings.fromContext(context::get);
    }

    @Test
    void needsNoContextAndDefaultsToNoZonesNoAlarmEmailNoArchive() {
        DeploymentSettings settings = DeploymentSettings.defaults();

        assertThat(settings.hostedZoneIds()).isEmpty();
        assertThat(settings.allHostedZones()).isFalse();
        assertThat(settings.alarmEmail()).isEmpty();
        assertThat(settings.sesCallsPerSecond()).isEqualTo(1.0);
        assertThat(settings.dkimRecordTtlSeconds()).isEqualTo(1800);
        assertThat(settings.logRetentionDays()).isEqualTo(30);
        assertThat(settings.outcomeArchiveDays()).isEmpty();
        assertThat(settings.dkimTargetDomain()).isEmpty();
        assertThat(settings.reservedConcurrency()).contains(1);
        assertThat(settings.snapStart()).isTrue();
    }

    @Test
    void snapStartFalseTurnsItOffForARegionWithoutIt() {
        assertThat(from(Map.of("snapStart", "false")).snapStart()).isFalse();
        assertThat(from(Map.of("snapStart", false)).snapStart()).isFalse();
        assertThat(from(Map.of("snapStart", "true")).snapStart()).isTrue();
        assertThatThrownBy(() -> from(Map.of("snapStart", "off"))).hasMessage("Context snapStart=off must be true or false");
    }

    @Test
    void reservedConcurrencyNoneReservesNothingForAnAccountWithASmallConcurrencyQuota() {
        assertThat(from(Map.of("reservedConcurrency", "none")).reservedConcurrency()).isEmpty();
        assertThat(from(Map.of("reservedConcurrency", "NONE")).reservedConcurrency()).isEmpty();
        assertThat(from(Map.of("reservedConcurrency", "1")).reservedConcurrency()).contains(1);
        assertThat(from(Map.of("reservedConcurrency", 1)).reservedConcurrency()).contains(1);
    }

    @Test
    void rejectsAReservedConcurrencyOfZeroWhichWouldStopTheFunctionOrOfMoreThanOne() {
        assertThatThrownBy(() -> from(Map.of("reservedConcurrency", "0")))
                .isInstanceOf(DeploymentSettings.InvalidContextException.class)
                .hasMessage("Context reservedConcurrency=0 must be 1 or none (none reserves nothing; 0 would stop the function)");
        assertThatThrownBy(() -> from(Map.of("reservedConcurrency", "2"))).hasMessageStartingWith("Context reservedConcurrency=2 must be 1 or none");
        assertThatThrownBy(() -> from(Map.of("reservedConcurrency", "unlimited"))).hasMessageContaining("must be 1 or none");
    }

    @Test
    void readsCommaSeparatedHostedZoneIdsWithOrWithoutTheHostedzonePrefix() {
        DeploymentSettings settings = from(Map.of("hostedZoneIds", " Z111AAA, /hostedzone/Z222BBB ,hostedzone/Z333CCC,Z111AAA"));

        assertThat(settings.hostedZoneIds()).containsExactly("Z111AAA", "Z222BBB", "Z333CCC");
    }

    @Test
    void readsHostedZoneIdsGivenAsAJsonListInCdkJson() {
        assertThat(from(Map.of("hostedZoneIds", List.of("Z111AAA", "Z222BBB"))).hostedZoneIds())
                .containsExactly("Z111AAA", "Z222BBB");
    }

    @Test
    void readsValuesGivenAsJsonNumbersAndBooleansInCdkJson() {
        DeploymentSettings settings = from(Map.of("allHostedZones", true, "sesCallsPerSecond", 0.5,
                "dkimRecordTtl", 300, "outcomeArchiveDays", 0));

        assertThat(settings.allHostedZones()).isTrue();
        assertThat(settings.sesCallsPerSecondText()).isEqualTo("0.5");
        assertThat(settings.dkimRecordTtlSeconds()).isEqualTo(300);
        assertThat(settings.outcomeArchiveDays()).contains(0);
    }

    @Test
    void rejectsAMalformedHostedZoneIdNamingTheContextKey() {
        assertThatThrownBy(() -> from(Map.of("hostedZoneIds", "Z111AAA,example.com")))
                .isInstanceOf(DeploymentSettings.InvalidContextException.class)
                .hasMessageContaining("hostedZoneIds=example.com");
    }

    @Test
    void rejectsAllHostedZonesTogetherWithExplicitZones() {
        assertThatThrownBy(() -> from(Map.of("hostedZoneIds", "Z111AAA", "allHostedZones", "true")))
                .hasMessageContaining("choose one");
    }

    @Test
    void rejectsAllHostedZonesThatIsNotABoolean() {
        assertThatThrownBy(() -> from(Map.of("allHostedZones", "yes")))
                .hasMessageContaining("allHostedZones=yes must be true or false");
    }

    @Test
    void rejectsAnAlarmEmailThatIsNotAnAddress() {
        assertThatThrownBy(() -> from(Map.of("alarmEmail", "ops-team")))
                .hasMessageContaining("alarmEmail=ops-team");
    }

    @Test
    void rejectsALogRetentionCloudWatchLogsDoesNotOffer() {
        assertThatThrownBy(() -> from(Map.of("logRetentionDays", "31")))
                .hasMessageContaining("logRetentionDays=31 must be one of");
    }

    @Test
    void rejectsANonPositiveSesRateOrTtl() {
        assertThatThrownBy(() -> from(Map.of("sesCallsPerSecond", "0"))).hasMessageContaining("sesCallsPerSecond");
        assertThatThrownBy(() -> from(Map.of("sesCallsPerSecond", "fast"))).hasMessageContaining("not a number");
        assertThatThrownBy(() -> from(Map.of("dkimRecordTtl", "-5"))).hasMessageContaining("dkimRecordTtl");
    }

    @Test
    void functionTimeoutAtTheDefaultRateIsABatchsTwentySesCallsItsRoundTripsAndTheReserve() {
        // 10 messages x 2 SES calls (DKIM and MAIL FROM) at 1/s + 30 s of other round trips + the reserve: 20 s and the
        // three SES calls of the step under way.
        assertThat(DeploymentSettings.defaults().functionTimeoutSeconds()).isEqualTo(20 + 30 + 20 + 3);
    }

    @Test
    void functionTimeoutGrowsToFitAFullBatchAtASlowerRate() {
        DeploymentSettings settings = from(Map.of("sesCallsPerSecond", "0.2"));

        // 10 messages x 2 SES calls at 0.2/s = 100 s of pacing, 30 s of other round trips, a reserve of 20 s + 3 x 5 s.
        assertThat(settings.functionTimeoutSeconds()).isEqualTo(165);
    }

    @Test
    void functionTimeoutNeverGoesBelowOneMinuteAtAFasterRate() {
        assertThat(from(Map.of("sesCallsPerSecond", "25")).functionTimeoutSeconds()).isEqualTo(60);
    }

    @Test
    void acceptsTheSlowestRateWhoseTimeoutFitsLambdasLimit() {
        // 50 s + 23 / r <= 900 s, so r >= 23 / 850 = 0.02705…
        assertThat(from(Map.of("sesCallsPerSecond", "0.0271")).functionTimeoutSeconds()).isEqualTo(899);
        assertThatThrownBy(() -> from(Map.of("sesCallsPerSecond", "0.027")))
                .hasMessage("Context sesCallsPerSecond=0.027 is too slow to finish a batch of 10 messages, 2 SES calls each,"
                        + " within Lambda's 15-minute limit; it must be at least 0.0271");
    }

    @Test
    void rejectsARateTooSlowToFinishABatchWithinLambdasLimit() {
        assertThatThrownBy(() -> from(Map.of("sesCallsPerSecond", "0.01")))
                .hasMessageContaining("15-minute limit");
    }

    @Test
    void writesTheRateTheWayTheFunctionReadsIt() {
        assertThat(DeploymentSettings.defaults().sesCallsPerSecondText()).isEqualTo("1");
        assertThat(new DeploymentSettings(List.of(), false, Optional.empty(), 2.5, 1800, 30, Optional.empty(),
                Optional.empty(), Optional.of(1), true, 20, 20, Optional.empty(), Optional.empty()).sesCallsPerSecondText()).isEqualTo("2.5");
    }
}
