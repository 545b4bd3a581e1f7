package dev.sesdkim.onboarding.handler;

import dev.sesdkim.onboarding.Settings;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SnapStart hook runs the real workflow on canned responses: it completes with no AWS endpoint that answers. */
class SnapStartPrimingTest {

    /** Real AWS endpoints and no credentials: anything actually sent would fail. */
    private static final Settings PRODUCTION_LIKE = Settings.from(Map.of(
            "AWS_REGION", "eu-west-1",
            "RECHECK_QUEUE_ARN", "arn:aws:sqs:eu-west-1:123456789012:dkim-onboarding.fifo",
            "DEAD_LETTER_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/dkim-onboarding-dlq.fifo",
            "SCHEDULE_GROUP_NAME", "dkim-onboarding",
            "SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/scheduler",
            "SCHEDULER_DEAD_LETTER_QUEUE_ARN", "arn:aws:sqs:eu-west-1:123456789012:dkim-onboarding-recheck-dlq",
            "EVENT_BUS_NAME", "dkim-onboarding"));

    @Test
    void primingOnboardsAndRechecksTheReservedDomainOnCannedResponsesWithoutSendingAnything() {
        assertThat(SnapStartPriming.prime(PRODUCTION_LIKE)).isTrue();
    }

    @Test
    void primingAlsoCompletesWithADefaultMailFromLabel() {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "AWS_REGION", "eu-west-1",
                "RECHECK_QUEUE_ARN", "arn:aws:sqs:eu-west-1:123456789012:dkim-onboarding.fifo",
                "DEAD_LETTER_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/dkim-onboarding-dlq.fifo",
                "SCHEDULE_GROUP_NAME", "dkim-onboarding",
                "SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/scheduler",
                "SCHEDULER_DEAD_LETTER_QUEUE_ARN", "arn:aws:sqs:eu-west-1:123456789012:dkim-onboarding-recheck-dlq",
                "EVENT_BUS_NAME", "dkim-onboarding"));
        environment.put(Settings.MAIL_FROM_LABEL, "bounce");

        assertThat(SnapStartPriming.prime(Settings.from(environment))).isTrue();
    }
}
