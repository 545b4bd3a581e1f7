package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/** The workflow is not assembled with an adapter missing: that fails at start-up, naming it, not at the first call. */
class PortsTest {

    private final Fakes aws = new Fakes();

    @Test
    void everyAdapterIsRequiredAndAMissingOneIsNamed() {
        assertThatNullPointerException().isThrownBy(() -> new Ports(null, aws.dns, aws.scheduler, aws.outcomes, aws.dlq, aws.publicDns))
                .withMessage("identities");
        assertThatNullPointerException().isThrownBy(() -> new Ports(aws.ses, null, aws.scheduler, aws.outcomes, aws.dlq, aws.publicDns))
                .withMessage("dns");
        assertThatNullPointerException().isThrownBy(() -> new Ports(aws.ses, aws.dns, null, aws.outcomes, aws.dlq, aws.publicDns))
                .withMessage("scheduler");
        assertThatNullPointerException().isThrownBy(() -> new Ports(aws.ses, aws.dns, aws.scheduler, null, aws.dlq, aws.publicDns))
                .withMessage("events");
        assertThatNullPointerException().isThrownBy(() -> new Ports(aws.ses, aws.dns, aws.scheduler, aws.outcomes, null, aws.publicDns))
                .withMessage("deadLetters");
        assertThatNullPointerException().isThrownBy(() -> new Ports(aws.ses, aws.dns, aws.scheduler, aws.outcomes, aws.dlq, null))
                .withMessage("publicDns");
    }
}
