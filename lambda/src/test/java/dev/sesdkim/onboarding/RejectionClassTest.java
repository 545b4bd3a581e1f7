package dev.sesdkim.onboarding;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of rejection reason the code writes falls in its metric class, never in Other. */
class RejectionClassTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "message body is not valid JSON: Unrecognized token 'not'                                 | MALFORMED_MESSAGE",
            "message body must be a JSON object, like {}                                              | MALFORMED_MESSAGE",
            "action \"check\" is not one of onboard, recheck, offboard, status, verify                | MALFORMED_MESSAGE",
            "field domain is missing                                                                  | MALFORMED_MESSAGE",
            "each entry of domains must be an object with domain and startedAt                        | MALFORMED_MESSAGE",
            "domain \"*.example.com\" is invalid: wildcards are not allowed                           | INVALID_DOMAIN",
            "domain is empty                                                                          | INVALID_DOMAIN",
            "domain mail.example.com is not onboarded: SES has no DKIM identity for it                | NOT_ONBOARDED",
            "hosted zone Z0123 is for other.org, which does not cover mail.example.com                | HOSTED_ZONE",
            "hostedZoneId Z0123 is not a hosted zone in this account                                  | HOSTED_ZONE",
            "there are 2 public hosted zones named example.com                                        | HOSTED_ZONE",
            "SES refused domain mail.example.com: invalid                                             | REFUSED",
            "Route 53 refused the DKIM records in zone Z0123 (example.com)                            | REFUSED",
            "this function may not change zone Z0123 (AccessDenied)                                   | REFUSED"})
    void eachReasonHasItsClass(String reason, OnboardingMetrics.RejectionClass expected) {
        assertThat(OnboardingMetrics.RejectionClass.of(reason.strip())).isEqualTo(expected);
    }
}
