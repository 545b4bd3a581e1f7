package dev.sesdkim.onboarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * What 1,000 onboarded domains cost, from the measured figures and list prices (us-east-1, arm64; every price and
 * assumption is a constant here and is stated in the README). Quantities come from the benchmark: onboarding billed
 * time from the paced run, invocations, schedules and status calls from the re-check waves.
 */
final class CostModel {

    static final double LAMBDA_USD_PER_GB_SECOND = 0.0000133334;
    static final double LAMBDA_USD_PER_REQUEST = 0.20 / 1_000_000;
    static final double SQS_FIFO_USD_PER_REQUEST = 0.50 / 1_000_000;
    static final double SCHEDULER_USD_PER_INVOCATION = 1.00 / 1_000_000;
    static final double EVENTBRIDGE_USD_PER_EVENT = 1.00 / 1_000_000;
    static final double FUNCTION_GB = 1.0;
    /** Assumed: SES sees the records by the third re-check, 80 minutes after onboarding. */
    static final int VERIFIED_AT_RECHECK = 3;

    private CostModel() {
    }

    static ObjectNode per1000Domains(JsonNode report) {
        JsonNode recheck = report.path("recheck");
        double scale = 1000.0 / recheck.path("domains").asDouble();
        ObjectNode cost = JsonNodeFactory.instance.objectNode();
        cost.put("verifiedAtRecheck", VERIFIED_AT_RECHECK);
        Quantities typical = quantities(report, scale, VERIFIED_AT_RECHECK);
        Quantities worst = quantities(report, scale, Integer.MAX_VALUE);
        var items = cost.putArray("items");
        typical.items(items);
        cost.put("totalUsd", typical.totalUsd());
        cost.put("worstCaseTotalUsd", worst.totalUsd());
        cost.put("worstCaseRechecks", worst.waves);
        cost.put("sesBudgetSeconds", typical.sesCalls);
        return cost;
    }

    /** Everything 1,000 domains use when they are verified at re-check {@code verifiedAt} (or time out). */
    private static Quantities quantities(JsonNode report, double scale, int verifiedAt) {
        JsonNode recheck = report.path("recheck");
        JsonNode onboarding = recheck.path("onboarding");
        Quantities q = new Quantities();
        double domains = 1000;
        double onboardInvocations = onboarding.path("lambdaInvocations").asDouble() * scale;
        // Paced onboarding: each message waits its turn at the SES limit, and that wait is billed.
        double onboardSeconds = report.path("throughput").path("paced").path("handlerWallMillisPerMessage").asDouble() / 1000 * domains;
        double recheckInvocations = 0;
        double recheckSeconds = 0;
        double statusCalls = 0;
        double schedulesFired = 0;
        for (JsonNode wave : recheck.path("waves")) {
            if (wave.path("wave").asInt() > verifiedAt) {
                break;
            }
            q.waves = wave.path("wave").asInt();
            double invocations = wave.path("lambdaInvocations").asDouble() * scale;
            double calls = wave.path("getIdentityDkimAttributesCalls").asDouble() * scale;
            recheckInvocations += invocations;
            statusCalls += calls;
            schedulesFired += wave.path("schedulesFired").asDouble() * scale;
            // Unpaced handler time, plus one second of pacing for every status call after the first of an invocation.
            recheckSeconds += wave.path("handlerWallMillisUnpaced").asDouble() * scale / 1000 + Math.max(0, calls - invocations);
        }
        double schedulesCreated = onboarding.path("schedulesCreated").asDouble() * scale;
        q.lambdaRequests = onboardInvocations + recheckInvocations;
        q.gbSeconds = (onboardSeconds + recheckSeconds) * FUNCTION_GB;
        // Producer SendMessage per domain; per invocation one ReceiveMessage and one DeleteMessageBatch by the event
        // source mapping; one SendMessage per schedule that fires.
        q.sqsRequests = domains + 2 * q.lambdaRequests + schedulesFired;
        q.schedulerInvocations = schedulesFired;
        q.schedulesCreated = schedulesCreated;
        q.events = 2 * domains;
        q.sesCalls = domains + statusCalls;
        return q;
    }

    private static final class Quantities {
        int waves;
        double lambdaRequests;
        double gbSeconds;
        double sqsRequests;
        double schedulerInvocations;
        double schedulesCreated;
        double events;
        double sesCalls;

        double totalUsd() {
            return lambdaRequests * LAMBDA_USD_PER_REQUEST + gbSeconds * LAMBDA_USD_PER_GB_SECOND
                    + sqsRequests * SQS_FIFO_USD_PER_REQUEST + schedulerInvocations * SCHEDULER_USD_PER_INVOCATION
                    + events * EVENTBRIDGE_USD_PER_EVENT;
        }

        void items(com.fasterxml.jackson.databind.node.ArrayNode items) {
            item(items, "Lambda requests (batches of up to 10 messages)", lambdaRequests, lambdaRequests * LAMBDA_USD_PER_REQUEST);
            item(items, "Lambda GB-s at 1 GB (pacing waits are billed)", gbSeconds, gbSeconds * LAMBDA_USD_PER_GB_SECOND);
            item(items, "SQS FIFO requests (send, receive, delete, fired schedules)", sqsRequests, sqsRequests * SQS_FIFO_USD_PER_REQUEST);
            item(items, "Scheduler invocations (" + Math.round(schedulesCreated) + " first schedules created)", schedulerInvocations,
                    schedulerInvocations * SCHEDULER_USD_PER_INVOCATION);
            item(items, "EventBridge custom events (published + final outcome)", events, events * EVENTBRIDGE_USD_PER_EVENT);
            item(items, "SES DKIM API calls (free; seconds of the 1/s budget)", sesCalls, 0);
            item(items, "Route 53 record changes (free)", 1000, 0);
        }

        private static void item(com.fasterxml.jackson.databind.node.ArrayNode items, String name, double quantity, double usd) {
            items.addObject().put("item", name).put("quantity", String.format(Locale.ROOT, "%.0f", quantity)).put("usd", usd);
        }
    }
}
