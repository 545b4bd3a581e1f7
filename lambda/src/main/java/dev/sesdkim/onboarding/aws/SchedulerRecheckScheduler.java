package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.MessageCodec;
import dev.sesdkim.onboarding.RecheckScheduler;
import dev.sesdkim.onboarding.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One-time EventBridge Scheduler schedules that send a re-check message to the onboarding queue and then delete
 * themselves. Names are deterministic, so scheduling the same re-check twice is a ConflictException, which means done.
 */
public final class SchedulerRecheckScheduler implements RecheckScheduler {

    private static final Logger log = LoggerFactory.getLogger(SchedulerRecheckScheduler.class);
    private static final DateTimeFormatter AT_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private final SchedulerClient scheduler;
    private final MessageCodec codec;
    private final String groupName;
    private final String queueArn;
    private final String roleArn;
    private final String messageGroupId;

    public SchedulerRecheckScheduler(SchedulerClient scheduler, MessageCodec codec, String groupName, String queueArn,
                                     String roleArn, String messageGroupId) {
        this.scheduler = scheduler;
        this.codec = codec;
        this.groupName = groupName;
        this.queueArn = queueArn;
        this.roleArn = roleArn;
        this.messageGroupId = messageGroupId;
    }

    /** The {@code at(...)} expression for an instant, in UTC, rounded up to the next whole second. */
    static String atExpression(Instant at) {
        Instant whole = at.truncatedTo(ChronoUnit.SECONDS);
        if (whole.isBefore(at)) {
            whole = whole.plusSeconds(1);
        }
        return "at(" + AT_FORMAT.format(LocalDateTime.ofInstant(whole, ZoneOffset.UTC)) + ")";
    }

    @Override
    public void schedule(Request.Recheck recheck, Instant at) {
        String name = recheck.scheduleName();
        try {
            scheduler.createSchedule(request -> request
                    .groupName(groupName)
                    .name(name)
                    .scheduleExpression(atExpression(at))
                    .scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(window -> window.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .description("DKIM re-check " + recheck.attempt() + " of " + recheck.domains().size() + " domain(s)")
                    .target(target -> target
                            .arn(queueArn)
                            .roleArn(roleArn)
                            .input(codec.toJson(recheck))
                            .sqsParameters(sqs -> sqs.messageGroupId(messageGroupId))));
            log.info("scheduled re-check {} at {}", name, at);
        } catch (ConflictException e) {
            log.info("re-check {} was already scheduled", name);
        }
    }
}
