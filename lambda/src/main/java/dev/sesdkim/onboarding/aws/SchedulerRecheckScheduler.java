package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.MessageCodec;
import dev.sesdkim.onboarding.RecheckScheduler;
import dev.sesdkim.onboarding.RejectedInputException;
import dev.sesdkim.onboarding.Request;
import dev.sesdkim.onboarding.TimeBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One-time EventBridge Scheduler schedules that send a re-check message to the onboarding queue and then delete
 * themselves. Names are deterministic, so scheduling the same re-check twice is a ConflictException, which means done.
 * A schedule may hold many domains and is named after only one of them, so finding a domain's schedules means reading
 * every schedule in the group; only offboarding does that, once per batch, within the batch's time budget.
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
                    .description(description(recheck))
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

    @Override
    public PendingRechecks pendingRechecks(TimeBudget budget) {
        Map<String, Pending> pending = new LinkedHashMap<>();
        for (ScheduleSummary summary : scheduler.listSchedulesPaginator(request -> request.groupName(groupName)).schedules()) {
            budget.ensureLeft("reading the re-check schedules of group " + groupName);
            get(summary.name()).ifPresent(schedule -> recheckIn(schedule)
                    .ifPresent(recheck -> pending.put(summary.name(), new Pending(schedule, recheck))));
        }
        log.info("read {} pending re-check(s) in group {}", pending.size(), groupName);
        return domain -> cancel(pending, domain);
    }

    /** A schedule as read, and the re-check it will send once what was cancelled since is taken out. */
    private record Pending(GetScheduleResponse schedule, Request.Recheck recheck) {
    }

    /** Takes the domain out of the schedules and out of {@code pending}, so a later cancel sees what this one left. */
    private int cancel(Map<String, Pending> pending, Domain domain) {
        int held = 0;
        for (Iterator<Map.Entry<String, Pending>> entries = pending.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<String, Pending> entry = entries.next();
            Request.Recheck recheck = entry.getValue().recheck();
            if (recheck.domains().stream().noneMatch(waiting -> waiting.domain().equals(domain))) {
                continue;
            }
            List<Request.PendingDomain> others = recheck.domains().stream()
                    .filter(waiting -> !waiting.domain().equals(domain))
                    .toList();
            if (others.isEmpty()) {
                delete(entry.getKey());
                entries.remove();
            } else {
                Request.Recheck remaining = recheck.withDomains(others);
                keepOnly(entry.getValue().schedule(), remaining);
                entry.setValue(new Pending(entry.getValue().schedule(), remaining));
            }
            held++;
        }
        return held;
    }

    /** Empty if the schedule fired and deleted itself since it was listed. */
    private Optional<GetScheduleResponse> get(String name) {
        try {
            return Optional.of(scheduler.getSchedule(request -> request.groupName(groupName).name(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The re-check a schedule sends; empty for a schedule someone else put in the group. */
    private Optional<Request.Recheck> recheckIn(GetScheduleResponse schedule) {
        if (schedule.target() == null || schedule.target().input() == null) {
            return Optional.empty();
        }
        try {
            return codec.parse(schedule.target().input()) instanceof Request.Recheck recheck ? Optional.of(recheck) : Optional.empty();
        } catch (RejectedInputException e) {
            return Optional.empty();
        }
    }

    private void delete(String name) {
        try {
            scheduler.deleteSchedule(request -> request.groupName(groupName).name(name));
            log.info("deleted re-check {}", name);
        } catch (ResourceNotFoundException e) {
            log.info("re-check {} was already gone", name);
        }
    }

    /** UpdateSchedule replaces the whole definition, so everything but the target's input is copied as it is. */
    private void keepOnly(GetScheduleResponse schedule, Request.Recheck remaining) {
        try {
            scheduler.updateSchedule(request -> request
                    .groupName(groupName)
                    .name(schedule.name())
                    .scheduleExpression(schedule.scheduleExpression())
                    .scheduleExpressionTimezone(schedule.scheduleExpressionTimezone())
                    .startDate(schedule.startDate())
                    .endDate(schedule.endDate())
                    .flexibleTimeWindow(schedule.flexibleTimeWindow())
                    .actionAfterCompletion(schedule.actionAfterCompletion())
                    .state(schedule.state())
                    .kmsKeyArn(schedule.kmsKeyArn())
                    .description(description(remaining))
                    .target(schedule.target().toBuilder().input(codec.toJson(remaining)).build()));
            log.info("re-check {} keeps {} other domain(s)", schedule.name(), remaining.domains().size());
        } catch (ResourceNotFoundException e) {
            log.info("re-check {} was already gone", schedule.name());
        }
    }

    private static String description(Request.Recheck recheck) {
        return "DKIM re-check " + recheck.attempt() + " of " + recheck.domains().size() + " domain(s)";
    }
}
