package dev.sesdkim.onboarding.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.MessageCodec;
import dev.sesdkim.onboarding.Request;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import dev.sesdkim.onboarding.aws.SchedulerRecheckScheduler;
import dev.sesdkim.onboarding.local.CallRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Offboarding through the real handler and adapters against moto_server, fed the sample event in events/. */
@ExtendWith(MotoServerExtension.class)
class OffboardHandlerIT {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private LocalAws aws;
    private OnboardingHandler handler;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
        handler = aws.handler(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void create(String zoneId, String name, RRType type, String value) {
        Change change = Change.builder()
                .action(ChangeAction.CREATE)
                .resourceRecordSet(set -> set.name(name).type(type).ttl(300L)
                        .resourceRecords(ResourceRecord.builder().value(value).build()))
                .build();
        aws.route53.changeResourceRecordSets(request -> request.hostedZoneId(zoneId).changeBatch(batch -> batch.changes(change)));
    }

    @Test
    void removesExactlyTheThreeSesCnamesTheScheduleAndTheIdentityAndLeavesEveryOtherRecord() {
        String zoneId = aws.createPublicZone("example.com");
        create(zoneId, "mail.example.com", RRType.MX, "10 inbound-smtp.us-east-1.amazonaws.com");
        create(zoneId, "mail.example.com", RRType.TXT, "\"v=spf1 include:amazonses.com ~all\"");
        create(zoneId, "www.mail.example.com", RRType.CNAME, "mail.example.com");
        create(zoneId, "selector1._domainkey.mail.example.com", RRType.CNAME, "selector1-mail._domainkey.other.example.net");
        create(zoneId, "_dmarc.mail.example.com", RRType.TXT, "\"v=DMARC1; p=none\"");
        handler.handleRequest(LocalAws.event("onboard.json"), null);
        List<String> sesNames = aws.dkimTokens("mail.example.com").stream()
                .map(token -> token + "._domainkey.mail.example.com").toList();
        List<ResourceRecordSet> others = aws.records(zoneId).stream()
                .filter(set -> !sesNames.contains(set.name().substring(0, set.name().length() - 1)))
                .toList();
        assertThat(aws.records(zoneId)).hasSize(others.size() + 3);
        aws.capturedEvents();

        SQSBatchResponse response = handler.handleRequest(LocalAws.event("offboard.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.records(zoneId)).containsExactlyInAnyOrderElementsOf(others).hasSize(5);
        assertThat(aws.ses.listIdentities().identities()).isEmpty();
        assertThat(aws.schedules()).isEmpty();
        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("Domain Offboarded");
            JsonNode detail = event.path("detail");
            assertThat(detail.path("domain").asText()).isEqualTo("mail.example.com");
            assertThat(detail.path("hostedZoneId").asText()).isEqualTo(zoneId);
            assertThat(detail.path("recordsDeleted")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(sesNames);
            assertThat(detail.path("schedulesCancelled").asInt()).isEqualTo(1);
            assertThat(detail.path("identityDeleted").asBoolean()).isTrue();
        });
        assertThat(aws.deadLetters()).isEmpty();
    }

    @Test
    void aScheduleSharedWithAnotherDomainKeepsItAndItsDefinition() {
        aws.createPublicZone("example.com");
        handler.handleRequest(LocalAws.event("onboard.json"), null);
        SchedulerRecheckScheduler scheduler = new SchedulerRecheckScheduler(aws.scheduler, new MessageCodec(),
                LocalAws.SCHEDULE_GROUP, aws.queueArn, LocalAws.ROLE_ARN, "dkim-onboarding", aws.schedulerDeadLetterQueueArn);
        Request.PendingDomain mail = new Request.PendingDomain(Domain.parse("mail.example.com"), Optional.empty(),
                Optional.of("acme"), NOW, false);
        Request.PendingDomain news = new Request.PendingDomain(Domain.parse("news.example.com"), Optional.empty(),
                Optional.of("globex"), NOW, false);
        Request.Recheck shared = new Request.Recheck(4, List.of(mail, news));
        scheduler.schedule(shared, NOW.plusSeconds(3 * 3600));
        GetScheduleResponse before = aws.scheduler.getSchedule(r -> r.groupName(LocalAws.SCHEDULE_GROUP).name(SchedulerRecheckScheduler.nameFor(shared)));

        handler.handleRequest(LocalAws.event("offboard.json"), null);

        assertThat(aws.schedules()).singleElement().satisfies(after -> {
            assertThat(after.name()).isEqualTo(SchedulerRecheckScheduler.nameFor(shared));
            assertThat(after.scheduleExpression()).isEqualTo(before.scheduleExpression()).isEqualTo("at(2026-11-23T11:00:00)");
            assertThat(after.scheduleExpressionTimezone()).isEqualTo("UTC");
            assertThat(after.actionAfterCompletionAsString()).isEqualTo("DELETE");
            assertThat(after.flexibleTimeWindow()).isEqualTo(before.flexibleTimeWindow());
            assertThat(after.target().arn()).isEqualTo(aws.queueArn);
            assertThat(after.target().roleArn()).isEqualTo(LocalAws.ROLE_ARN);
            assertThat(after.target().sqsParameters().messageGroupId()).isEqualTo("dkim-onboarding");
            assertThat(after.target().deadLetterConfig()).isEqualTo(before.target().deadLetterConfig());
            assertThat(after.target().deadLetterConfig().arn()).isEqualTo(aws.schedulerDeadLetterQueueArn);
            assertThat(after.target().retryPolicy()).isEqualTo(before.target().retryPolicy());
            assertThat(new MessageCodec().parse(after.target().input())).isEqualTo(new Request.Recheck(4, List.of(news)));
        });
        assertThat(aws.capturedEvents()).last().satisfies(event ->
                assertThat(event.path("detail").path("schedulesCancelled").asInt()).isEqualTo(2));
    }

    @Test
    void theOffboardsOfABatchReadTheScheduleGroupOnceAndEachTakesOutOnlyItsDomain() {
        aws.createPublicZone("example.com");
        handler.handleRequest(LocalAws.messages("{\"domain\":\"mail.example.com\"}", "{\"domain\":\"news.example.com\"}",
                "{\"domain\":\"shop.example.com\"}"), null);
        SchedulerRecheckScheduler scheduler = new SchedulerRecheckScheduler(aws.scheduler, new MessageCodec(),
                LocalAws.SCHEDULE_GROUP, aws.queueArn, LocalAws.ROLE_ARN, "dkim-onboarding", aws.schedulerDeadLetterQueueArn);
        for (int i = 0; i < 20; i++) {
            scheduler.schedule(new Request.Recheck(2, List.of(new Request.PendingDomain(Domain.parse("kept" + i + ".example.com"),
                    Optional.empty(), Optional.empty(), NOW, false))), NOW.plusSeconds(3600));
        }
        String shared = aws.schedules().stream().filter(schedule -> schedule.name().startsWith("dkim-1-"))
                .map(GetScheduleResponse::name).findFirst().orElseThrow();
        aws.capturedEvents();
        CallRecorder calls = new CallRecorder();

        SQSBatchResponse response = aws.handler(Clock.fixed(NOW, ZoneOffset.UTC), List.of(calls)).handleRequest(LocalAws.messages(
                "{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}",
                "{\"action\":\"offboard\",\"domain\":\"news.example.com\"}"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(calls.count("ListSchedules")).isEqualTo(1);
        assertThat(calls.count("GetSchedule")).isEqualTo(21);
        assertThat(aws.schedules()).hasSize(21).filteredOn(schedule -> schedule.name().equals(shared)).singleElement()
                .satisfies(schedule -> assertThat(new MessageCodec().parse(schedule.target().input()))
                        .isInstanceOfSatisfying(Request.Recheck.class, recheck -> assertThat(recheck.domains())
                                .extracting(pending -> pending.domain().name()).containsExactly("shop.example.com")));
        assertThat(aws.capturedEvents()).extracting(event -> event.path("detail").path("domain").asText())
                .containsExactly("mail.example.com", "news.example.com");
        assertThat(aws.ses.listIdentities().identities()).containsExactly("shop.example.com");
    }

    @Test
    void offboardingADomainThatIsAlreadyGoneSucceedsAndSaysNothingWasDeleted() {
        aws.createPublicZone("example.com");

        SQSBatchResponse response = handler.handleRequest(LocalAws.event("offboard.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("Domain Offboarded");
            assertThat(event.path("detail").path("recordsDeleted")).isEmpty();
            assertThat(event.path("detail").path("schedulesCancelled").asInt()).isZero();
        });
    }
}
