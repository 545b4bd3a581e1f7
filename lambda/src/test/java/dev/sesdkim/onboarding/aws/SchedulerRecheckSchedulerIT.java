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

    private GetScheduleResponse schedule(String name) {
        return aws.scheduler.getSchedule(r -> r.groupName(LocalAws.SCHEDULE_GROUP).name(name));
    }

    @Test
    void aRecheckSchedulerCannotDeliverIsRetriedForSixHoursThenParkedInTheStandardDeadLetterQueue() {
        Request.Recheck recheck = recheckOf("mail.example.com", "acme");

        scheduler.schedule(recheck, DUE);

        GetScheduleResponse stored = schedule(recheck.scheduleName());
        assertThat(stored.target().deadLetterConfig().arn()).isEqualTo(aws.schedulerDeadLetterQueueArn)
                .doesNotEndWith(".fifo");
        assertThat(stored.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(21600);
        assertThat(stored.target().retryPolicy().maximumRetryAttempts()).isEqualTo(185);
        assertThat(stored.target().roleArn()).isEqualTo(LocalAws.ROLE_ARN);
        assertThat(stored.actionAfterCompletionAsString()).isEqualTo("DELETE");
    }
}
