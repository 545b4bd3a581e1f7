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
import org.junit.jupiter.api.extension.RegisterExtension;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.ses.model.IdentityMailFromDomainAttributes;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A custom MAIL FROM domain onboarded, re-checked and offboarded through the real handler and adapters against
 * moto_server (which reports DKIM and MAIL FROM {@code Success} at once); for the statuses moto never reports, SES is a
 * WireMock server that answers GetIdentityMailFromDomainAttributes itself, in SES's XML, and hands the rest to moto.
 */
@ExtendWith(MotoServerExtension.class)
class MailFromHandlerIT {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    @RegisterExtension
    static final WireMockExtension SES = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private LocalAws aws;
    private OnboardingHandler handler;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
        handler = aws.handler(Clock.fixed(NOW, ZoneOffset.UTC), Map.of(Settings.MAIL_FROM_LABEL, "bounce"));
        SES.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
    }

    /** SES answers GetIdentityMailFromDomainAttributes for {@code domain} with {@code status}, as real SES writes it. */
    private static void sesReportsMailFrom(String domain, String mailFrom, String status) {
        SES.stubFor(post(urlEqualTo("/")).atPriority(1)
                .withRequestBody(containing("Action=GetIdentityMailFromDomainAttributes"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody("<GetIdentityMailFromDomainAttributesResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\">"
                                + "<GetIdentityMailFromDomainAttributesResult><MailFromDomainAttributes><entry><key>" + domain
                                + "</key><value><MailFromDomain>" + mailFrom + "</MailFromDomain>"
                                + "<MailFromDomainStatus>" + status + "</MailFromDomainStatus>"
                                + "<BehaviorOnMXFailure>UseDefaultValue</BehaviorOnMXFailure></value></entry>"
                                + "</MailFromDomainAttributes></GetIdentityMailFromDomainAttributesResult>"
                                + "<ResponseMetadata><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata>"
                                + "</GetIdentityMailFromDomainAttributesResponse>")));
    }

    @Test
    void theFirstRecheckAnnouncesVerifiedWithTheMailFromStatusOnceSesHasVerifiedBoth() {
        aws.createPublicZone("example.com");
        handler.handleRequest(LocalAws.messages("{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\",\"mailFrom\":\"bounce\"}"), null);
        GetScheduleResponse firstRecheck = aws.schedules().get(0);
        assertThat(LocalAws.readJson(firstRecheck.target().input()).path("domains").get(0).path("mailFrom").asText())
                .isEqualTo("bounce.mail.example.com");
        aws.capturedEvents();

        SQSBatchResponse response = aws.handler(Clock.fixed(NOW.plus(Duration.ofMinutes(5)), ZoneOffset.UTC),
                Map.of(Settings.MAIL_FROM_LABEL, "bounce")).handleRequest(LocalAws.fired(firstRecheck), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Verified");
            assertThat(event.path("detail").path("mailFrom").toString())
                    .isEqualTo("{\"domain\":\"bounce.mail.example.com\",\"status\":\"Success\"}");
        });
    }

    @Test
    void aMailFromSesHasNotVerifiedKeepsTheDomainInTheRechecksAndItsFailureIsAnnouncedWithWhatToFix() {
        String body = "{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}";
        OnboardingHandler viaStubbedSes = aws.handler(Clock.fixed(NOW, ZoneOffset.UTC), URI.create(SES.baseUrl()));
        viaStubbedSes.handleRequest(LocalAws.messages(body), null);
        GetScheduleResponse firstRecheck = aws.schedules().get(0);
        aws.capturedEvents();
        sesReportsMailFrom("mail.example.com", "bounce.mail.example.com", "Pending");

        aws.handler(Clock.fixed(NOW.plus(Duration.ofMinutes(5)), ZoneOffset.UTC), URI.create(SES.baseUrl()))
                .handleRequest(LocalAws.fired(firstRecheck), null);

        assertThat(aws.capturedEvents()).as("DKIM is verified, the MAIL FROM domain is not yet: nothing final")
                .noneMatch(event -> event.path("detail-type").asText().equals("DKIM Verified"));
        GetScheduleResponse second = aws.schedules().stream().filter(schedule -> !schedule.name().equals(firstRecheck.name()))
                .findFirst().orElseThrow();
        assertThat(LocalAws.readJson(second.target().input()).path("domains").get(0).path("mailFrom").asText())
                .isEqualTo("bounce.mail.example.com");
        SES.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=GetIdentityMailFromDomainAttributes")));

        sesReportsMailFrom("mail.example.com", "bounce.mail.example.com", "Failed");
        aws.handler(Clock.fixed(NOW.plus(Duration.ofMinutes(20)), ZoneOffset.UTC), URI.create(SES.baseUrl()))
                .handleRequest(LocalAws.fired(second), null);

        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Verified");
            JsonNode mailFrom = event.path("detail").path("mailFrom");
            assertThat(mailFrom.path("status").asText()).isEqualTo("Failed");
            assertThat(mailFrom.path("reason").asText()).startsWith("SES could not find the MX record of the MAIL FROM"
                    + " domain bounce.mail.example.com (status Failed)");
        });
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
