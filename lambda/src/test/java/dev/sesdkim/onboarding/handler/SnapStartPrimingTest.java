package dev.sesdkim.onboarding.handler;

import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.SettingsFixtures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SnapStart hook runs the real workflow on canned responses: it completes with no AWS endpoint that answers. */
class SnapStartPrimingTest {

    /** Real AWS endpoints and no credentials: anything actually sent would fail. */
    private static final Settings PRODUCTION_LIKE = Settings.from(SettingsFixtures.required());

    @Test
    void primingOnboardsAndRechecksTheReservedDomainOnCannedResponsesWithoutSendingAnything() {
        assertThat(SnapStartPriming.prime(PRODUCTION_LIKE)).isTrue();
    }

    @Test
    void primingAlsoCompletesWithADefaultMailFromLabel() {
        Map<String, String> environment = SettingsFixtures.required();
        environment.put(Settings.MAIL_FROM_LABEL, "bounce");

        assertThat(SnapStartPriming.prime(Settings.from(environment))).isTrue();
    }
}
