package dev.sesdkim.onboarding.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local Lambda-like poll loop and schedule firer against moto. Visibility timeout 0: a failure is visible again at once. */
@ExtendWith(MotoServerExtension.class)
class SqsPollLoopIT {

    private static final LocalEnvironment.QueueOptions FAST = new LocalEnvironment.QueueOptions(0, 3);

    /** A handler that fails the bodies it is told to, a given number of times each, and records what it saw. */
    private static final class ScriptedHandler implements com.amazonaws.services.lambda.runtime.RequestHandler<SQSEvent, SQSBatchResponse> {
        final Map<String, Integer> failuresLeft = new HashMap<>();
        final List<String> seen = new ArrayList<>();
        final List<String> succeeded = new ArrayList<>();
        final List<Map<String, String>> attributes = new ArrayList<>();

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, com.amazonaws.services.lambda.runtime.Context context) {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                seen.add(message.getBody());
                attributes.add(message.getAttributes());
                int left = failuresLeft.getOrDefault(message.getBody(), 0);
                if (left > 0 || !failures.isEmpty()) {
                    failuresLeft.put(message.getBody(), left - 1);
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                } else {
                    succeeded.add(message.getBody());
                }
            }
            return new SQSBatchResponse(failures);
        }
    }

    private static void drain(SqsPollLoop loop) {
        for (int polls = 0; polls < 50; polls++) {
            if (loop.pollOnce().idle()) {
                return;
            }
        }
        throw new AssertionError("the queue did not drain in 50 polls");
    }

    @Test
    void buildsTheEventLikeLambdaAndDeletesWhatSucceeded(MotoServer moto) {
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), FAST);
        ScriptedHandler handler = new ScriptedHandler();
        local.send("{\"domain\":\"a.example.com\"}");

        SqsPollLoop.Poll poll = local.pollLoop(handler).pollOnce();

        assertThat(poll.received()).hasSize(1);
        assertThat(handler.attributes.get(0)).containsEntry("MessageGroupId", "dkim-onboarding")
                .containsEntry("ApproximateReceiveCount", "1").containsKeys("SentTimestamp", "MessageDeduplicationId");
        assertThat(local.pollLoop(handler).pollOnce().idle()).isTrue();
    }

    @Test
    void redeliversAMessageAfterATransientFailureAndThenCompletesIt(MotoServer moto) {
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), FAST);
        ScriptedHandler handler = new ScriptedHandler();
        handler.failuresLeft.put("b", 1);
        local.send("a");
        local.send("b");
        local.send("c");

        drain(local.pollLoop(handler));

        assertThat(handler.succeeded).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(handler.seen.stream().filter("b"::equals)).hasSize(2);
        assertThat(local.sqs.receiveMessage(r -> r.queueUrl(local.deadLetterQueueUrl)).messages()).isEmpty();
    }

    @Test
    void aMessageThatAlwaysFailsGoesToTheDeadLetterQueueAfterMaxReceiveCountAndTheRestComplete(MotoServer moto) {
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), FAST);
        ScriptedHandler handler = new ScriptedHandler();
        handler.failuresLeft.put("poison", Integer.MAX_VALUE);
        local.send("first");
        local.send("poison");
        local.send("behind");

        drain(local.pollLoop(handler));

        assertThat(handler.succeeded).containsExactlyInAnyOrder("first", "behind");
        assertThat(handler.seen.stream().filter("poison"::equals)).hasSize(FAST.maxReceiveCount());
        assertThat(local.sqs.receiveMessage(r -> r.queueUrl(local.deadLetterQueueUrl).maxNumberOfMessages(10)).messages())
                .extracting(Message::body).containsExactly("poison");
    }

    @Test
    void firesDueSchedulesToTheirQueueAndDeletesThem(MotoServer moto) {
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), FAST);
        createSchedule(local, "early", "at(2026-11-23T08:05:00)", "{\"n\":1}");
        createSchedule(local, "late", "at(2026-11-23T09:00:00)", "{\"n\":2}");
        ScheduleFirer firer = local.scheduleFirer();

        assertThat(firer.nextDue()).contains(Instant.parse("2026-11-23T08:05:00Z"));
        assertThat(firer.fireDue(Instant.parse("2026-11-23T08:04:59Z"))).isEmpty();
        assertThat(firer.fireDue(Instant.parse("2026-11-23T08:05:00Z"))).extracting(ScheduleFirer.Fired::name).containsExactly("early");

        assertThat(firer.nextDue()).contains(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(local.sqs.receiveMessage(r -> r.queueUrl(local.queueUrl).messageSystemAttributeNames(
                        software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages())
                .singleElement().satisfies(message -> {
                    assertThat(message.body()).isEqualTo("{\"n\":1}");
                    assertThat(message.attributesAsStrings()).containsEntry("MessageGroupId", "dkim-onboarding");
                });
    }

    private static void createSchedule(LocalEnvironment local, String name, String expression, String input) {
        local.scheduler.createSchedule(s -> s.groupName(LocalEnvironment.SCHEDULE_GROUP).name(name)
                .scheduleExpression(expression).scheduleExpressionTimezone("UTC")
                .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                .actionAfterCompletion(ActionAfterCompletion.DELETE)
                .target(t -> t.arn(local.queueArn).roleArn(LocalEnvironment.SCHEDULER_ROLE_ARN).input(input)
                        .sqsParameters(p -> p.messageGroupId(LocalEnvironment.MESSAGE_GROUP_ID))));
    }
}
