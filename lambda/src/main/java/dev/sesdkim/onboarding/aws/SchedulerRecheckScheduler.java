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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One-time EventBridge Scheduler schedules that send a re-check message to the onboarding queue and then delete
 * themselves. Names are deterministic, so scheduling the same re-check twice is a ConflictException; that means done
 * only once GetSchedule shows the schedule sends this very re-check. A name taken by another re-check (the name covers
 * the attempt and the domains, not their start, zone or tenant) leaves this one to a second name derived from its
 * input, so a redelivery still finds it. A schedule may hold many domains and is named after only one of them, so
 * finding a domain's schedules means reading every schedule in the group; only offboarding does that, once per batch, within the batch's time budget.
 * <p>
 * A schedule Scheduler cannot deliver is retried for {@link #MAXIMUM_EVENT_AGE_SECONDS}; then its re-check goes to the
 * standard queue at {@code deadLetterQueueArn}, whose alarm calls a person to replay it (docs/operations.md).
 */
public final class SchedulerRecheckScheduler implements RecheckScheduler {

    private static final Logger log = LoggerFactory.getLogger(SchedulerRecheckScheduler.class);
    private static final DateTimeFormatter AT_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final int MAX_SCHEDULE_NAME_LENGTH = 64;
    private static final int INPUT_HASH_LENGTH = 16;

    /**
     * As long as the longest wait between two re-checks (6 hours): a re-check that late is still worth delivering, and
     * costs the domain nothing but that wait within its 72 hours. What retrying can fix (throttling, an SQS or Scheduler
     * outage in the region) rarely lasts longer; errors Scheduler sees as permanent (a deleted queue, a denied role) go
     * to the dead-letter queue without retries. Meanwhile the target-error alarm has told a person.
     */
    static final int MAXIMUM_EVENT_AGE_SECONDS = 6 * 3600;

    /** Scheduler's maximum, so that the age alone bounds the retrying; Scheduler backs off exponentially between tries. */
    static final int MAXIMUM_RETRY_ATTEMPTS = 185;

    private final SchedulerClient scheduler;
    private final MessageCodec codec;
    private final String groupName;
    private final String queueArn;
    private final String roleArn;
    private final String messageGroupId;
    private final String deadLetterQueueArn;

    /**
     * @param roleArn            the role Scheduler assumes to send to {@code queueArn} and to {@code deadLetterQueueArn}
     * @param deadLetterQueueArn a standard SQS queue for re-checks Scheduler gives up on (Scheduler refuses FIFO here)
     */
    public SchedulerRecheckScheduler(SchedulerClient scheduler, MessageCodec codec, String groupName, String queueArn,
                                     String roleArn, String messageGroupId, String deadLetterQueueArn) {
        this.scheduler = scheduler;
        this.codec = codec;
        this.groupName = groupName;
        this.queueArn = queueArn;
        this.roleArn = roleArn;
        this.messageGroupId = messageGroupId;
        this.deadLetterQueueArn = deadLetterQueueArn;
    }

    /**
     * An instance that only reads the group (the operators' status command): it knows no queue, role or dead-letter
     * queue, so scheduling through it fails.
     */
    public static SchedulerRecheckScheduler readingOnly(SchedulerClient scheduler, MessageCodec codec, String groupName) {
        return new SchedulerRecheckScheduler(scheduler, codec, groupName, null, null, null, null);
    }

    /** The {@code at(...)} expression for an instant, in UTC, rounded up to the next whole second. */
    static String atExpression(Instant at) {
        Instant whole = at.truncatedTo(ChronoUnit.SECONDS);
        if (whole.isBefore(at)) {
            whole = whole.plusSeconds(1);
        }
        return "at(" + AT_FORMAT.format(LocalDateTime.ofInstant(whole, ZoneOffset.UTC)) + ")";
    }

    /**
     * A schedule name that is the same whenever the same domains are due for the same attempt, so a redelivered
     * message schedules nothing new: readable prefix, hash for uniqueness, at most {@value #MAX_SCHEDULE_NAME_LENGTH} characters
     * (Scheduler's limit). A re-onboarded domain starts again at attempt 1, so the flag is part of the hash: else its
     * first re-check would be taken for the original one, which may not have deleted itself yet, and never be
     * scheduled. {@code carriedForward} is part of it for the same reason (and left out when 0, so the names of other
     * re-checks stay as they were).
     */
    public static String nameFor(Request.Recheck recheck) {
        List<String> names = recheck.domains().stream().map(pending -> pending.domain().name()).sorted().toList();
        String hashed = recheck.domains().stream()
                .map(pending -> pending.domain().name() + (pending.reonboarded() ? "+reonboarded" : ""))
                .sorted()
                .collect(Collectors.joining(","));
        String carried = recheck.carriedForward() == 0 ? "" : "carried " + recheck.carriedForward() + "|";
        String hash = sha256Hex(recheck.attempt() + "|" + carried + hashed).substring(0, 16);
        String prefix = "dkim-" + recheck.attempt() + "-";
        int room = MAX_SCHEDULE_NAME_LENGTH - prefix.length() - 1 - hash.length();
        String first = names.get(0);
        return prefix + first.substring(0, Math.min(room, first.length())) + "-" + hash;
    }

    @Override
    public void schedule(Request.Recheck recheck, Instant at) {
        String input = codec.toJson(recheck);
        String name = nameFor(recheck);
        if (scheduledUnder(name, recheck, input, at)) {
            return;
        }
        String distinct = distinctName(name, canonicalInput(recheck));
        log.warn("re-check schedule {} sends another re-check; scheduling this one as {}", name, distinct);
        if (!scheduledUnder(distinct, recheck, input, at)) {
            throw new IllegalStateException("Re-check schedules " + name + " and " + distinct
                    + " both exist and send other re-checks than " + input);
        }
    }

    /**
     * The name for a re-check whose own name is taken by another: the taken name (shortened to make room) and a hash of
     * the re-check, at most 64 characters, and the same on every delivery of the same re-check.
     */
    static String distinctName(String takenName, String input) {
        String hash = sha256Hex(input).substring(0, INPUT_HASH_LENGTH);
        int room = MAX_SCHEDULE_NAME_LENGTH - 1 - hash.length();
        return takenName.substring(0, Math.min(room, takenName.length())) + "-" + hash;
    }

    /** The input with its domains in name order, so the hash does not depend on the order a batch collected them in. */
    private String canonicalInput(Request.Recheck recheck) {
        return codec.toJson(new Request.Recheck(recheck.attempt(), recheck.domains().stream()
                .sorted(Comparator.comparing(pending -> pending.domain().name()))
                .toList()));
    }

    /**
     * True if a schedule named {@code name} now sends {@code recheck}: created here, or found already sending it. False if
     * the name belongs to a schedule that sends something else.
     */
    private boolean scheduledUnder(String name, Request.Recheck recheck, String input, Instant at) {
        // A schedule that fired between CreateSchedule and GetSchedule has freed its name: one more try takes it.
        for (int tries = 0; tries < 2; tries++) {
            try {
                create(name, recheck, input, at);
                log.info("scheduled re-check {} at {}", name, at);
                return true;
            } catch (ConflictException e) {
                Optional<GetScheduleResponse> existing = get(name);
                if (existing.isPresent()) {
                    boolean same = sends(existing.get(), recheck, input);
                    if (same) {
                        log.info("re-check {} was already scheduled", name);
                    }
                    return same;
                }
            }
        }
        return false;
    }

    /** Same input, or the same attempt for the same domains in another order or JSON spelling. */
    private boolean sends(GetScheduleResponse schedule, Request.Recheck recheck, String input) {
        if (schedule.target() != null && input.equals(schedule.target().input())) {
            return true;
        }
        return recheckIn(schedule)
                .filter(existing -> existing.attempt() == recheck.attempt()
                        && Set.copyOf(existing.domains()).equals(Set.copyOf(recheck.domains())))
                .isPresent();
    }

    private void create(String name, Request.Recheck recheck, String input, Instant at) {
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
                        .input(input)
                        .sqsParameters(sqs -> sqs.messageGroupId(messageGroupId))
                        .retryPolicy(retry -> retry
                                .maximumEventAgeInSeconds(MAXIMUM_EVENT_AGE_SECONDS)
                                .maximumRetryAttempts(MAXIMUM_RETRY_ATTEMPTS))
                        .deadLetterConfig(deadLetter -> deadLetter.arn(deadLetterQueueArn))));
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
        return new PendingRechecks() {
            @Override
            public int cancel(Domain domain) {
                return SchedulerRecheckScheduler.this.cancel(pending, domain);
            }

            @Override
            public Optional<Waiting> next(Domain domain) {
                return pending.values().stream()
                        .flatMap(waiting -> waiting.recheck().domains().stream()
                                .filter(held -> held.domain().equals(domain))
                                .flatMap(held -> dueAt(waiting.schedule()).stream()
                                        .map(at -> new Waiting(at, waiting.recheck().attempt(), held))))
                        .min(Comparator.comparing(Waiting::at));
            }
        };
    }

    /** When a one-time schedule fires: its {@code at(...)} expression, in its time zone (UTC for the ones made here). */
    static Optional<Instant> dueAt(GetScheduleResponse schedule) {
        String expression = schedule.scheduleExpression();
        if (expression == null || !expression.startsWith("at(") || !expression.endsWith(")")) {
            return Optional.empty();
        }
        try {
            ZoneId zone = schedule.scheduleExpressionTimezone() == null ? ZoneOffset.UTC
                    : ZoneId.of(schedule.scheduleExpressionTimezone());
            return Optional.of(LocalDateTime.parse(expression.substring(3, expression.length() - 1), AT_FORMAT)
                    .atZone(zone).toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
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

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String description(Request.Recheck recheck) {
        return "DKIM re-check " + recheck.attempt() + " of " + recheck.domains().size() + " domain(s)";
    }
}
