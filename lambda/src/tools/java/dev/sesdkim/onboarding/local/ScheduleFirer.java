package dev.sesdkim.onboarding.local;

import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Does locally what EventBridge Scheduler does in AWS and emulators don't: when a one-time {@code at(...)} schedule
 * falls due, sends its target input to its SQS target with its message group id, then deletes the schedule
 * ({@code ActionAfterCompletion DELETE}).
 */
public final class ScheduleFirer {

    /** A schedule that was due and has been delivered. */
    public record Fired(String name, Instant due, String input) {
    }

    private static final Pattern AT = Pattern.compile("at\\((\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})\\)");

    private final SchedulerClient scheduler;
    private final SqsClient sqs;
    private final String groupName;

    public ScheduleFirer(SchedulerClient scheduler, SqsClient sqs, String groupName) {
        this.scheduler = scheduler;
        this.sqs = sqs;
        this.groupName = groupName;
    }

    /** When the earliest stored schedule falls due, if there is one. */
    public Optional<Instant> nextDue() {
        return schedules().stream().map(ScheduleFirer::due).min(Comparator.naturalOrder());
    }

    /** Delivers and deletes every schedule due at or before {@code now}, earliest first. */
    public List<Fired> fireDue(Instant now) {
        return schedules().stream()
                .filter(schedule -> !due(schedule).isAfter(now))
                .sorted(Comparator.comparing(ScheduleFirer::due))
                .map(this::fire)
                .toList();
    }

    private Fired fire(GetScheduleResponse schedule) {
        String queueUrl = queueUrl(schedule.target().arn());
        sqs.sendMessage(request -> request
                .queueUrl(queueUrl)
                .messageBody(schedule.target().input())
                .messageGroupId(schedule.target().sqsParameters().messageGroupId()));
        scheduler.deleteSchedule(request -> request.groupName(groupName).name(schedule.name()));
        return new Fired(schedule.name(), due(schedule), schedule.target().input());
    }

    private List<GetScheduleResponse> schedules() {
        return scheduler.listSchedulesPaginator(request -> request.groupName(groupName)).schedules().stream()
                .map(summary -> scheduler.getSchedule(request -> request.groupName(groupName).name(summary.name())))
                .toList();
    }

    static Instant due(GetScheduleResponse schedule) {
        Matcher at = AT.matcher(schedule.scheduleExpression());
        if (!at.matches()) {
            throw new IllegalStateException("schedule " + schedule.name() + " is not a one-time at(...) schedule: "
                    + schedule.scheduleExpression());
        }
        ZoneId zone = ZoneId.of(schedule.scheduleExpressionTimezone() == null ? "UTC" : schedule.scheduleExpressionTimezone());
        return LocalDateTime.parse(at.group(1)).atZone(zone).toInstant();
    }

    /** arn:aws:sqs:region:account:name → the queue's URL on the same endpoint. */
    private String queueUrl(String queueArn) {
        String[] parts = queueArn.split(":");
        return sqs.getQueueUrl(request -> request.queueName(parts[5]).queueOwnerAWSAccountId(parts[4])).queueUrl();
    }
}
