package dev.sesdkim.onboarding.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The real handler and adapters against moto_server, over the SDK's wire protocol, fed the sample events in events/. */
@ExtendWith(MotoServerExtension.class)
class OnboardingHandlerIT {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private LocalAws aws;
    private OnboardingHandler handler;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
        handler = aws.handler(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void onboardCreatesIdentityThreeCnamesInTheParentZoneAScheduleAndAnEvent() {
        String zoneId = aws.createPublicZone("example.com");

        SQSBatchResponse response = handler.handleRequest(LocalAws.event("onboard.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<String> tokens = aws.ses.getIdentityDkimAttributes(r -> r.identities("mail.example.com"))
                .dkimAttributes().get("mail.example.com").dkimTokens();
        assertThat(tokens).hasSize(3);
        assertThat(aws.cnames(zoneId))
                .extracting(ResourceRecordSet::name, set -> set.resourceRecords().get(0).value(), ResourceRecordSet::ttl)
                .containsExactlyInAnyOrderElementsOf(tokens.stream()
                        .map(token -> org.assertj.core.groups.Tuple.tuple(token + "._domainkey.mail.example.com.",
                                token + ".dkim.amazonses.com", 1800L))
                        .toList());

        GetScheduleResponse schedule = aws.schedules().get(0);
        assertThat(aws.schedules()).hasSize(1);
        assertThat(schedule.scheduleExpression()).isEqualTo("at(2026-11-23T08:05:00)");
        assertThat(schedule.scheduleExpressionTimezone()).isEqualTo("UTC");
        assertThat(schedule.actionAfterCompletionAsString()).isEqualTo("DELETE");
        assertThat(schedule.flexibleTimeWindow().modeAsString()).isEqualTo("OFF");
        assertThat(schedule.target().arn()).isEqualTo(aws.queueArn);
        assertThat(schedule.target().roleArn()).isEqualTo(LocalAws.ROLE_ARN);
        assertThat(schedule.target().sqsParameters().messageGroupId()).isEqualTo("dkim-onboarding");
        assertThat(schedule.target().deadLetterConfig().arn()).isEqualTo(aws.schedulerDeadLetterQueueArn);
        assertThat(schedule.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(6 * 3600);
        JsonNode input = LocalAws.readJson(schedule.target().input());
        assertThat(input.path("action").asText()).isEqualTo("recheck");
        assertThat(input.path("attempt").asInt()).isEqualTo(1);
        assertThat(input.path("domains")).hasSize(1);
        assertThat(input.path("domains").get(0).path("domain").asText()).isEqualTo("mail.example.com");
        assertThat(input.path("domains").get(0).path("hostedZoneId").asText()).isEqualTo(zoneId);
        assertThat(input.path("domains").get(0).path("tenantId").asText()).isEqualTo("acme");
        assertThat(input.path("domains").get(0).path("startedAt").asText()).isEqualTo(NOW.toString());

        List<JsonNode> events = aws.capturedEvents();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Records Published");
            assertThat(event.path("source").asText()).isEqualTo("dkim.onboarding");
            assertThat(event.path("detail").path("domain").asText()).isEqualTo("mail.example.com");
            assertThat(event.path("detail").path("tenantId").asText()).isEqualTo("acme");
            assertThat(event.path("detail").path("hostedZoneId").asText()).isEqualTo(zoneId);
            assertThat(event.path("detail").path("records")).hasSize(3);
        });
        assertThat(aws.deadLetters()).isEmpty();
    }

    @Test
    void theLongestZoneSuffixWinsOverAShorterOne() {
        String parent = aws.createPublicZone("example.com");
        String child = aws.createPublicZone("eu.example.com");

        handler.handleRequest(LocalAws.messages("{\"domain\":\"mail.eu.example.com\"}"), null);

        assertThat(aws.cnames(child)).hasSize(3).allSatisfy(set -> assertThat(set.name()).endsWith("._domainkey.mail.eu.example.com."));
        assertThat(aws.cnames(parent)).isEmpty();
    }

    @Test
    void aBatchOnboardsEveryDomainNormalisedIncludingIdn() {
        String zoneId = aws.createPublicZone("example.com");

        SQSBatchResponse response = handler.handleRequest(LocalAws.event("onboard-batch.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.cnames(zoneId)).hasSize(9).extracting(ResourceRecordSet::name)
                .allMatch(name -> name.matches("[a-z0-9]+\\._domainkey\\.(mail|news|xn--bcher-kva)\\.example\\.com\\."));
        assertThat(aws.ses.listIdentities().identities())
                .containsExactlyInAnyOrder("mail.example.com", "news.example.com", "xn--bcher-kva.example.com");
        assertThat(aws.schedules()).as("the batch's domains share their first re-check").singleElement()
                .satisfies(schedule -> assertThat(schedule.target().input())
                        .contains("\"mail.example.com\"", "\"news.example.com\"", "\"xn--bcher-kva.example.com\""));
        assertThat(aws.capturedEvents()).hasSize(3).allMatch(event -> event.path("detail-type").asText().equals("DKIM Records Published"));
    }

    @Test
    void malformedAndHostileInputLandsInTheDeadLetterQueueWithItsReasonAndNothingIsWritten() {
        String zoneId = aws.createPublicZone("example.com");
        SQSEvent malformed = LocalAws.event("malformed.json");

        SQSBatchResponse response = handler.handleRequest(malformed, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<Message> deadLetters = aws.deadLetters();
        assertThat(deadLetters).extracting(Message::body)
                .containsExactlyInAnyOrderElementsOf(malformed.getRecords().stream().map(SQSEvent.SQSMessage::getBody).toList());
        assertThat(deadLetters).allSatisfy(message -> {
            assertThat(message.messageAttributes().get("rejectReason").stringValue()).isNotBlank();
            assertThat(message.messageAttributes().get("sourceMessageId").stringValue()).startsWith("0b1d6c62-");
        });
        assertThat(deadLetters).extracting(message -> message.messageAttributes().get("rejectReason").stringValue())
                .anyMatch(reason -> reason.contains("not valid JSON"))
                .anyMatch(reason -> reason.contains("wildcards are not allowed"))
                .anyMatch(reason -> reason.contains("_domainkey"))
                .anyMatch(reason -> reason.contains("field domain must be a string"))
                .anyMatch(reason -> reason.contains("action \"delete-everything\""))
                .anyMatch(reason -> reason.contains("control character"));
        assertThat(aws.cnames(zoneId)).isEmpty();
        assertThat(aws.ses.listIdentities().identities()).isEmpty();
        assertThat(aws.schedules()).isEmpty();
        assertThat(aws.capturedEvents()).hasSize(malformed.getRecords().size())
                .allMatch(event -> event.path("detail-type").asText().equals("Domain Onboarding Rejected"));
    }

    @Test
    void aHostedZoneIdThatIsMissingOrDoesNotCoverTheDomainIsRejectedWithoutAnSesIdentity() {
        String other = aws.createPublicZone("other.org");

        handler.handleRequest(LocalAws.messages("{\"domain\":\"mail.example.com\",\"hostedZoneId\":\"ZDOESNOTEXIST1\"}",
                "{\"domain\":\"mail.example.com\",\"hostedZoneId\":\"" + other + "\"}"), null);

        assertThat(aws.deadLetters()).extracting(message -> message.messageAttributes().get("rejectReason").stringValue())
                .containsExactlyInAnyOrder(
                        "hostedZoneId ZDOESNOTEXIST1 is not a hosted zone in this account",
                        "hosted zone " + other + " is for other.org, which does not cover mail.example.com");
        assertThat(aws.ses.listIdentities().identities()).isEmpty();
        assertThat(aws.cnames(other)).isEmpty();
    }

    @Test
    void anExplicitParentZoneIdIsUsed() {
        aws.createPublicZone("mail.example.com");
        String parent = aws.createPublicZone("example.com");

        handler.handleRequest(LocalAws.messages("{\"domain\":\"mail.example.com\",\"hostedZoneId\":\"/hostedzone/" + parent + "\"}"), null);

        assertThat(aws.cnames(parent)).hasSize(3);
    }

    @Test
    void resendingTheSameMessageChangesNothing() {
        String zoneId = aws.createPublicZone("example.com");
        handler.handleRequest(LocalAws.event("onboard.json"), null);
        List<ResourceRecordSet> records = aws.cnames(zoneId);
        List<String> schedules = aws.schedules().stream().map(GetScheduleResponse::name).toList();

        SQSBatchResponse again = handler.handleRequest(LocalAws.event("onboard.json"), null);

        assertThat(again.getBatchItemFailures()).isEmpty();
        assertThat(aws.cnames(zoneId)).isEqualTo(records);
        assertThat(aws.schedules()).extracting(GetScheduleResponse::name).isEqualTo(schedules);
        assertThat(aws.ses.listIdentities().identities()).containsExactly("mail.example.com");
    }

    @Test
    void withoutAHostedZoneTheRecordsAreAnnouncedForManualDns() {
        handler.handleRequest(LocalAws.event("onboard.json"), null);

        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Manual DNS Required");
            assertThat(event.path("detail").path("records")).hasSize(3);
        });
        assertThat(aws.schedules()).hasSize(1);
    }
}
