package dev.sesdkim.onboarding.local;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SesRateAtProxyTest {

    private static RecordingProxy.Arrival at(double seconds, String action) {
        return new RecordingProxy.Arrival(Math.round(seconds * 1e9), action);
    }

    @Test
    void smallestGapAndSustainedRateComeFromTheArrivalsInTimeOrderWhateverOrderTheyWereNoted() {
        SesRateAtProxy rate = SesRateAtProxy.of(List.of(
                at(100.000, "VerifyDomainDkim"),
                at(102.010, "VerifyDomainDkim"),
                at(101.005, "GetIdentityDkimAttributes"),
                at(103.000, "VerifyDomainDkim")));

        assertThat(rate.requests()).isEqualTo(4);
        assertThat(rate.minGapSeconds()).isCloseTo(0.990, within(1e-9));
        assertThat(rate.callsPerSecond()).isCloseTo(3 / 3.000, within(1e-9));
    }

    @Test
    void onlyTheCallsSesLimitsToOneASecondCount() {
        SesRateAtProxy rate = SesRateAtProxy.of(List.of(
                at(10.0, "VerifyDomainDkim"),
                at(10.1, "DeleteIdentity"),
                at(11.5, "VerifyDomainDkim"),
                at(11.6, "GetIdentityMailFromDomainAttributes")));

        assertThat(rate.requests()).isEqualTo(2);
        assertThat(rate.minGapSeconds()).isCloseTo(1.5, within(1e-9));
        assertThat(rate.callsPerSecond()).isCloseTo(1 / 1.5, within(1e-9));
    }

    @Test
    void withMailFromTheMailFromCallsPacedBesideTheDkimCallsCountToo() {
        SesRateAtProxy rate = SesRateAtProxy.of(List.of(
                at(10.0, "VerifyDomainDkim"),
                at(11.0, "SetIdentityMailFromDomain"),
                at(11.1, "DeleteIdentity"),
                at(12.0, "GetIdentityDkimAttributes"),
                at(12.9, "GetIdentityMailFromDomainAttributes")), SesRateAtProxy.RATE_LIMITED_ACTIONS_WITH_MAIL_FROM);

        assertThat(rate.requests()).isEqualTo(4);
        assertThat(rate.minGapSeconds()).isCloseTo(0.9, within(1e-9));
        assertThat(rate.callsPerSecond()).isCloseTo(3 / 2.9, within(1e-9));
    }

    @Test
    void fewerThanTwoRequestsHaveNoGapAndNoRate() {
        SesRateAtProxy one = SesRateAtProxy.of(List.of(at(1.0, "VerifyDomainDkim")));

        assertThat(one.requests()).isEqualTo(1);
        assertThat(one.minGapSeconds()).isNaN();
        assertThat(one.callsPerSecond()).isNaN();
        assertThat(SesRateAtProxy.of(List.of()).requests()).isZero();
    }
}
