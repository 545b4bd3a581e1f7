package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.MessageCodec;
import dev.sesdkim.onboarding.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The Scheduler adapter against moto, which stores what CreateSchedule is given and answers a taken name with ConflictException. */
@ExtendWith(MotoServerExtension.class)
class SchedulerRecheckSchedulerIT {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final Instant DUE = NOW.plusSeconds(300);

    private LocalAws aws;
    private SchedulerRecheckScheduler scheduler;
    private final MessageCodec codec = new MessageCodec();

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
        scheduler = new SchedulerRecheckScheduler(aws.scheduler, codec, LocalAws.SCHEDULE_GROUP, aws.queueArn,
                LocalAws.ROLE_ARN, "dkim-onboarding", aws.schedulerDeadLetterQueueArn);
    }

    private static Request.Recheck recheckOf(String domain, String tenant) {
        return new Request.Recheck(1, List.of(new Request.PendingDomain(Domain.parse(domain), Optional.empty(),
                Optional.of(tenant), NOW, false)));
    }

    /** A schedule put in the group by hand, as another re-check (or anyone) could have. */
    private void existingSchedule(String name, String input) {
        aws.scheduler.createSchedule(r -> r.groupName(LocalAws.SCHEDULE_GROUP).name(name)
                .scheduleExpression("at(2026-11-23T09:00:00)")
                .flexibleTimeWindow(window -> window.mode("OFF"))
                .target(target -> target.arn(aws.queueArn).roleArn(LocalAws.ROLE_ARN).input(input)
                        .sqsParameters(sqs -> sqs.messageGroupId("dkim-onboarding"))));
    }

    private GetScheduleResponse schedule(String name) {
        return aws.scheduler.getSchedule(r -> r.groupName(LocalAws.SCHEDULE_GROUP).name(name));
    }

    @Test
    void aRecheckSchedulerCannotDeliverIsRetriedForSixHoursThenParkedInTheStandardDeadLetterQueue() {
        Request.Recheck recheck = recheckOf("mail.example.com", "acme");

        scheduler.schedule(recheck, DUE);

        GetScheduleResponse stored = schedule(SchedulerRecheckScheduler.nameFor(recheck));
        assertThat(stored.target().deadLetterConfig().arn()).isEqualTo(aws.schedulerDeadLetterQueueArn)
                .doesNotEndWith(".fifo");
        assertThat(stored.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(21600);
        assertThat(stored.target().retryPolicy().maximumRetryAttempts()).isEqualTo(185);
        assertThat(stored.target().roleArn()).isEqualTo(LocalAws.ROLE_ARN);
        assertThat(stored.actionAfterCompletionAsString()).isEqualTo("DELETE");
    }

    @Test
    void aNameTakenByAnotherRecheckSchedulesThisOneUnderADistinctName() {
        Request.Recheck acme = recheckOf("mail.example.com", "acme");
        Request.Recheck globex = recheckOf("mail.example.com", "globex");
        assertThat(SchedulerRecheckScheduler.nameFor(globex)).isEqualTo(SchedulerRecheckScheduler.nameFor(acme));
        existingSchedule(SchedulerRecheckScheduler.nameFor(acme), codec.toJson(globex));

        scheduler.schedule(acme, DUE);

        assertThat(aws.schedules()).hasSize(2);
        assertThat(codec.parse(schedule(SchedulerRecheckScheduler.nameFor(acme)).target().input())).isEqualTo(globex);
        GetScheduleResponse distinct = aws.schedules().stream()
                .filter(schedule -> !schedule.name().equals(SchedulerRecheckScheduler.nameFor(acme)))
                .findFirst().orElseThrow();
        assertThat(distinct.name()).hasSizeLessThanOrEqualTo(64).matches("[0-9a-zA-Z._-]+").startsWith("dkim-1-mail.example.com-");
        assertThat(codec.parse(distinct.target().input())).isEqualTo(acme);
        assertThat(distinct.scheduleExpression()).isEqualTo("at(2026-11-23T08:05:00)");
        assertThat(distinct.target().deadLetterConfig().arn()).isEqualTo(aws.schedulerDeadLetterQueueArn);
    }

    @Test
    void aRecheckScheduledUnderADistinctNameIsFoundThereWhenItsMessageIsRedelivered() {
        Request.Recheck acme = recheckOf("mail.example.com", "acme");
        existingSchedule(SchedulerRecheckScheduler.nameFor(acme), codec.toJson(recheckOf("mail.example.com", "globex")));

        scheduler.schedule(acme, DUE);
        scheduler.schedule(acme, DUE.plusSeconds(300));

        assertThat(aws.schedules()).hasSize(2);
    }

    @Test
    void aNameTakenByTheSameRecheckSchedulesNothingNew() {
        Request.Recheck recheck = recheckOf("mail.example.com", "acme");
        existingSchedule(SchedulerRecheckScheduler.nameFor(recheck), codec.toJson(recheck));

        scheduler.schedule(recheck, DUE);

        assertThat(aws.schedules()).singleElement().satisfies(schedule -> {
            assertThat(schedule.name()).isEqualTo(SchedulerRecheckScheduler.nameFor(recheck));
            assertThat(schedule.scheduleExpression()).isEqualTo("at(2026-11-23T09:00:00)");
        });
    }

    @Test
    void theSameDomainsInAnotherOrderAreTheSameRecheck() {
        Request.Recheck mailThenNews = new Request.Recheck(2, List.of(
                recheckOf("mail.example.com", "acme").domains().get(0), recheckOf("news.example.com", "acme").domains().get(0)));
        Request.Recheck newsThenMail = new Request.Recheck(2, List.of(mailThenNews.domains().get(1), mailThenNews.domains().get(0)));
        existingSchedule(SchedulerRecheckScheduler.nameFor(mailThenNews), codec.toJson(newsThenMail));

        scheduler.schedule(mailThenNews, DUE);

        assertThat(aws.schedules()).singleElement()
                .satisfies(schedule -> assertThat(schedule.name()).isEqualTo(SchedulerRecheckScheduler.nameFor(mailThenNews)));
    }
}
