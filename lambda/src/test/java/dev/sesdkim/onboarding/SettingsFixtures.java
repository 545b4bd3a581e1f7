package dev.sesdkim.onboarding;

import java.util.HashMap;
import java.util.Map;

/** The environment tests start the function with. */
public final class SettingsFixtures {

    private SettingsFixtures() {
    }

    /** Every required setting, as a deployment in eu-west-1 would have it; a new map each time, for a test to change. */
    public static Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "eu-west-1");
        env.put("RECHECK_QUEUE_ARN", "arn:aws:sqs:eu-west-1:123456789012:dkim-onboarding.fifo");
        env.put("DEAD_LETTER_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/123456789012/dkim-onboarding-dlq.fifo");
        env.put("SCHEDULE_GROUP_NAME", "dkim-onboarding");
        env.put("SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/scheduler");
        env.put("SCHEDULER_DEAD_LETTER_QUEUE_ARN", "arn:aws:sqs:eu-west-1:123456789012:dkim-onboarding-recheck-dlq");
        env.put("EVENT_BUS_NAME", "dkim-onboarding");
        return env;
    }
}
