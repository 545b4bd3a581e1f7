package dev.sesdkim.onboarding.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.ses.model.IdentityMailFromDomainAttributes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A custom MAIL FROM domain onboarded and offboarded through the real handler and adapters against moto_server. */
@ExtendWith(MotoServerExtension.class)
class MailFromHandlerIT {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private LocalAws aws;
    private OnboardingHandler handler;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
        handler = aws.handler(Clock.fixed(NOW, ZoneOffset.UTC), Map.of(Settings.MAIL_FROM_LABEL, "bounce"));
    }

    private void create(String zoneId, String name, RRType type, String value) {
        Change change = Change.builder()
                .action(ChangeAction.CREATE)
                .resourceRecordSet(set -> set.name(name).type(type).ttl(300L)
                        .resourceRecords(ResourceRecord.builder().value(value).build()))
                .build();
        aws.route53.changeResourceRecordSets(request -> request.hostedZoneId(zoneId).changeBatch(batch -> batch.changes(change)));
    }

    private static String typeAndValue(ResourceRecordSet set) {
        return set.typeAsString() + " " + set.resourceRecords().get(0).value();
    }

    @Test
    void anOnboardWithMailFromEndsWithFiveRecordsAndTheMailFromSetAndOffboardingLeavesTheZoneAsItWas() {
        String zoneId = aws.createPublicZone("example.com");
        create(zoneId, "other.mail.example.com", RRType.TXT, "\"keep me\"");
        List<ResourceRecordSet> before = aws.records(zoneId);

        SQSBatchResponse onboarded = handler.handleRequest(LocalAws.messages(
                "{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\",\"mailFrom\":\"bounce\"}"), null);

        assertThat(onboarded.getBatchItemFailures()).isEmpty();
        List<ResourceRecordSet> added = aws.records(zoneId).stream().filter(set -> !before.contains(set)).toList();
        assertThat(added).hasSize(5);
        assertThat(added.stream().filter(set -> set.name().equals("bounce.mail.example.com.")).map(MailFromHandlerIT::typeAndValue))
                .containsExactlyInAnyOrder("MX 10 feedback-smtp.us-east-1.amazonses.com",
                        "TXT \"v=spf1 include:amazonses.com ~all\"");
        IdentityMailFromDomainAttributes mailFrom = aws.ses.getIdentityMailFromDomainAttributes(request -> request
                .identities("mail.example.com")).mailFromDomainAttributes().get("mail.example.com");
        assertThat(mailFrom.mailFromDomain()).isEqualTo("bounce.mail.example.com");
        assertThat(mailFrom.behaviorOnMXFailureAsString()).isEqualTo("UseDefaultValue");
        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Records Published");
            JsonNode detail = event.path("detail").path("mailFrom");
            assertThat(detail.path("domain").asText()).isEqualTo("bounce.mail.example.com");
            assertThat(detail.path("records")).hasSize(2);
        });

        SQSBatchResponse offboarded = handler.handleRequest(LocalAws.messages(
                "{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}"), null);

        assertThat(offboarded.getBatchItemFailures()).isEmpty();
        assertThat(aws.records(zoneId)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(aws.ses.listIdentities().identities()).isEmpty();
        assertThat(aws.deadLetters()).isEmpty();
    }

    @Test
    void anotherMxAtTheMailFromNameIsNotOverwrittenAndNoIdentityIsCreated() {
        String zoneId = aws.createPublicZone("example.com");
        create(zoneId, "bounce.mail.example.com", RRType.MX, "10 mx.other-provider.example");
        List<ResourceRecordSet> before = aws.records(zoneId);

        SQSBatchResponse response = handler.handleRequest(LocalAws.messages(
                "{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.records(zoneId)).containsExactlyInAnyOrderElementsOf(before);
        assertThat(aws.ses.listIdentities().identities()).isEmpty();
        assertThat(aws.deadLetters()).singleElement().satisfies(dead -> assertThat(dead.messageAttributes().get("rejectReason").stringValue())
                .contains("MAIL FROM domain bounce.mail.example.com already has [MX"));
    }
}
