package dev.sesdkim.onboarding.handler;

import dev.sesdkim.onboarding.aws.SchedulerRecheckScheduler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.MessageCodec;
import dev.sesdkim.onboarding.OnboardingWorkflow;
import dev.sesdkim.onboarding.Request;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-checks through the real handler and adapters. moto answers every SES question with Success, so for Pending and
 * Failed SES is a WireMock server that answers GetIdentityDkimAttributes itself, in SES's XML, and hands every other
 * SES call on to moto.
 */
@ExtendWith(MotoServerExtension.class)
class RecheckHandlerIT {

    private static final Instant ONBOARDED = Instant.parse("2026-11-23T08:00:00Z");
    private static final Instant FIRST_RECHECK = ONBOARDED.plus(Duration.ofMinutes(5));

    @RegisterExtension
    static final WireMockExtension SES = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private LocalAws aws;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
        SES.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
    }

    private OnboardingHandler handlerAt(Instant now) {
        return aws.handler(Clock.fixed(now, ZoneOffset.UTC));
    }

    private OnboardingHandler handlerWithStubbedSesAt(Instant now) {
        return aws.handler(Clock.fixed(now, ZoneOffset.UTC), URI.create(SES.baseUrl()));
    }

    /** SES answers GetIdentityDkimAttributes with these statuses, and moto's tokens, as real SES writes it. */
    private void sesReports(Map<String, String> statusByDomain, List<String> tokens) {
        String entries = statusByDomain.entrySet().stream().map(entry -> "<entry><key>" + entry.getKey() + "</key><value>"
                        + "<DkimEnabled>true</DkimEnabled>"
                        + "<DkimVerificationStatus>" + entry.getValue() + "</DkimVerificationStatus>"
                        + "<DkimTokens>" + tokens.stream().map(token -> "<member>" + token + "</member>").collect(Collectors.joining())
                        + "</DkimTokens></value></entry>")
                .collect(Collectors.joining());
        SES.stubFor(post(urlEqualTo("/")).atPriority(1)
                .withRequestBody(containing("Action=GetIdentityDkimAttributes"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody("<GetIdentityDkimAttributesResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\">"
                                + "<GetIdentityDkimAttributesResult><DkimAttributes>" + entries + "</DkimAttributes>"
                                + "</GetIdentityDkimAttributesResult>"
                                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
                                + "</GetIdentityDkimAttributesResponse>")));
    }

    /** Onboards the sample domain into a zone and returns the re-check schedule that onboarding stored. */
    private GetScheduleResponse onboardedIntoZone(String zoneName) {
        aws.createPublicZone(zoneName);
        assertThat(handlerAt(ONBOARDED).handleRequest(LocalAws.event("onboard.json"), null).getBatchItemFailures()).isEmpty();
        assertThat(aws.capturedEvents()).extracting(event -> event.path("detail-type").asText())
                .containsExactly("DKIM Records Published");
        return aws.schedules().get(0);
    }

    @Test
    void theStoredScheduleFiredBackThroughTheHandlerAnnouncesVerified() {
        GetScheduleResponse firstRecheck = onboardedIntoZone("example.com");

        SQSBatchResponse response = handlerAt(FIRST_RECHECK).handleRequest(LocalAws.fired(firstRecheck), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Verified");
            assertThat(event.path("source").asText()).isEqualTo("dkim.onboarding");
            JsonNode detail = event.path("detail");
            assertThat(detail.path("domain").asText()).isEqualTo("mail.example.com");
            assertThat(detail.path("tenantId").asText()).isEqualTo("acme");
            assertThat(detail.path("attempt").asInt()).isEqualTo(1);
            assertThat(detail.path("startedAt").asText()).isEqualTo(ONBOARDED.toString());
            assertThat(detail.path("elapsed").asText()).isEqualTo("PT5M");
        });
        assertThat(aws.schedules()).extracting(GetScheduleResponse::name).containsExactly(firstRecheck.name());
    }

    private static String zoneIdIn(GetScheduleResponse schedule) {
        return LocalAws.readJson(schedule.target().input()).path("domains").get(0).path("hostedZoneId").asText();
    }

    @Test
    void aPendingDomainWhoseRecordsPublicDnsCannotFindIsAnnouncedWithTheZoneItIsNotDelegatedTo() {
        GetScheduleResponse firstRecheck = onboardedIntoZone("example.com");
        sesReports(Map.of("mail.example.com", "Pending"), aws.dkimTokens("mail.example.com"));

        SQSBatchResponse response = handlerWithStubbedSesAt(FIRST_RECHECK).handleRequest(LocalAws.fired(firstRecheck), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Records Checked");
            JsonNode detail = event.path("detail");
            assertThat(detail.path("dnsRecords")).hasSize(3).allSatisfy(record ->
                    assertThat(record.path("state").asText()).isEqualTo("missing"));
            assertThat(detail.path("delegation").path("delegated").asBoolean()).isFalse();
            assertThat(detail.path("delegation").path("hostedZoneNameServers")).isNotEmpty();
        });
        GetScheduleResponse next = aws.schedules().stream().filter(schedule -> !schedule.name().equals(firstRecheck.name()))
                .findFirst().orElseThrow();
        assertThat(LocalAws.readJson(next.target().input()).path("domains").get(0).path("dnsState").asText())
                .as("the state the next re-check compares with").startsWith("missing,missing,missing;ns:");
    }

    @Test
    void pendingSchedulesTheNextRecheckFifteenMinutesLater() {
        GetScheduleResponse firstRecheck = onboardedIntoZone("example.com");
        aws.publishInPublicDns(zoneIdIn(firstRecheck));
        sesReports(Map.of("mail.example.com", "Pending"), aws.dkimTokens("mail.example.com"));

        SQSBatchResponse response = handlerWithStubbedSesAt(FIRST_RECHECK).handleRequest(LocalAws.fired(firstRecheck), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.capturedEvents()).isEmpty();
        GetScheduleResponse next = aws.schedules().stream().filter(schedule -> !schedule.name().equals(firstRecheck.name()))
                .findFirst().orElseThrow();
        assertThat(next.scheduleExpression()).isEqualTo("at(2026-11-23T08:20:00)");
        JsonNode input = LocalAws.readJson(next.target().input());
        assertThat(input.path("attempt").asInt()).isEqualTo(2);
        assertThat(input.path("domains")).singleElement().satisfies(domain -> {
            assertThat(domain.path("domain").asText()).isEqualTo("mail.example.com");
            assertThat(domain.path("startedAt").asText()).isEqualTo(ONBOARDED.toString());
        });
        SES.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=GetIdentityDkimAttributes")));
    }

    @Test
    void failedNamesTheRecordsAndFindsAllThreeInTheZoneWeWroteTo() {
        GetScheduleResponse firstRecheck = onboardedIntoZone("example.com");
        List<String> tokens = aws.dkimTokens("mail.example.com");
        sesReports(Map.of("mail.example.com", "Failed"), tokens);

        handlerWithStubbedSesAt(FIRST_RECHECK).handleRequest(LocalAws.fired(firstRecheck), null);

        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Verification Failed");
            JsonNode detail = event.path("detail");
            assertThat(detail.path("dkimStatus").asText()).isEqualTo("Failed");
            assertThat(detail.path("records")).extracting(record -> record.path("name").asText())
                    .containsExactlyElementsOf(tokens.stream().map(token -> token + "._domainkey.mail.example.com").toList());
            assertThat(detail.path("recordsFound")).extracting(JsonNode::asText)
                    .containsExactlyElementsOf(tokens.stream().map(token -> token + "._domainkey.mail.example.com").toList());
            assertThat(detail.path("reason").asText()).contains("although all 3 are in hosted zone");
        });
        assertThat(aws.schedules()).hasSize(1);
    }

    @Test
    void failedCarriesSesOwnDiagnosisFromGetEmailIdentityAndWhatPublicDnsShows() {
        GetScheduleResponse firstRecheck = onboardedIntoZone("example.com");
        List<String> tokens = aws.dkimTokens("mail.example.com");
        sesReports(Map.of("mail.example.com", "Failed"), tokens);
        // moto's SES v2 has no VerificationInfo: SES v2 is REST-JSON, answered here as SES writes it.
        SES.stubFor(get(urlEqualTo("/v2/email/identities/mail.example.com")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"IdentityType\":\"DOMAIN\",\"VerifiedForSendingStatus\":false,\"VerificationStatus\":\"FAILED\","
                                + "\"DkimAttributes\":{\"SigningEnabled\":true,\"Status\":\"FAILED\",\"Tokens\":[],"
                                + "\"SigningAttributesOrigin\":\"AWS_SES\",\"CurrentSigningKeyLength\":\"RSA_2048_BIT\","
                                + "\"SigningHostedZone\":\"dkim.amazonses.com\"},"
                                + "\"VerificationInfo\":{\"ErrorType\":\"HOST_NOT_FOUND\",\"LastCheckedTimestamp\":1795860000,"
                                + "\"SOARecord\":{\"PrimaryNameServer\":\"ns1.other-dns.example.net\","
                                + "\"AdminEmail\":\"hostmaster.example.com\",\"SerialNumber\":2026112201}}}")));

        handlerWithStubbedSesAt(FIRST_RECHECK).handleRequest(LocalAws.fired(firstRecheck), null);

        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            JsonNode detail = event.path("detail");
            JsonNode diagnosis = detail.path("sesDiagnosis");
            assertThat(diagnosis.path("verificationErrorType").asText()).isEqualTo("HOST_NOT_FOUND");
            assertThat(diagnosis.path("lastCheckedTimestamp").asText()).isEqualTo("2026-11-28T10:00:00Z");
            assertThat(diagnosis.path("soaRecord").path("primaryNameServer").asText()).isEqualTo("ns1.other-dns.example.net");
            assertThat(diagnosis.path("soaRecord").path("serialNumber").asLong()).isEqualTo(2026112201L);
            assertThat(diagnosis.path("currentSigningKeyLength").asInt()).isEqualTo(2048);
            assertThat(diagnosis.path("signingHostedZone").asText()).isEqualTo("dkim.amazonses.com");
            assertThat(detail.path("dnsRecords")).hasSize(3).allSatisfy(record ->
                    assertThat(record.path("state").asText()).isEqualTo("missing"));
            assertThat(detail.path("delegation").path("delegated").asBoolean()).isFalse();
        });
        // One to learn where this new execution environment's records point, one for the failed domain's diagnosis.
        SES.verify(2, getRequestedFor(urlEqualTo("/v2/email/identities/mail.example.com")));
    }

    /** SES v2 answers GetEmailIdentity for the domain with this signing hosted zone, as SES writes it. */
    private static void sesSignsIn(String domain, String signingHostedZone) {
        SES.stubFor(get(urlEqualTo("/v2/email/identities/" + domain)).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"IdentityType\":\"DOMAIN\",\"VerifiedForSendingStatus\":false,"
                                + "\"DkimAttributes\":{\"SigningEnabled\":true,\"Status\":\"PENDING\",\"Tokens\":[],"
                                + "\"SigningAttributesOrigin\":\"AWS_SES\",\"CurrentSigningKeyLength\":\"RSA_2048_BIT\","
                                + "\"SigningHostedZone\":\"" + signingHostedZone + "\"}}")));
    }

    @Test
    void recordsPointAtTheSigningHostedZoneSesGivesAndARecheckInAnotherEnvironmentExpectsThemThere() {
        String zoneId = aws.createPublicZone("example.com");
        sesSignsIn("mail.example.com", "dkim.cell-7.amazonses.com");
        assertThat(handlerWithStubbedSesAt(ONBOARDED).handleRequest(LocalAws.event("onboard.json"), null)
                .getBatchItemFailures()).isEmpty();
        assertThat(aws.cnames(zoneId)).hasSize(3).allSatisfy(set -> assertThat(set.resourceRecords().get(0).value())
                .endsWith(".dkim.cell-7.amazonses.com"));
        aws.publishInPublicDns(zoneId);
        aws.capturedEvents();
        sesReports(Map.of("mail.example.com", "Pending"), aws.dkimTokens("mail.example.com"));

        SQSBatchResponse response = handlerWithStubbedSesAt(FIRST_RECHECK).handleRequest(LocalAws.fired(aws.schedules().get(0)), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.capturedEvents()).as("the records are where SES looks: ok, as onboarding left them, so no event").isEmpty();
        SES.verify(2, getRequestedFor(urlEqualTo("/v2/email/identities/mail.example.com")));
    }

    @Test
    void aBatchOfRechecksAsksSesOnceAndReschedulesItsPendingDomainsTogether() {
        sesReports(Map.of("mail.example.com", "Pending", "news.example.com", "TemporaryFailure", "shop.example.org", "Pending"),
                List.of("aaaa", "bbbb", "cccc"));

        SQSBatchResponse response = handlerWithStubbedSesAt(ONBOARDED).handleRequest(LocalAws.event("recheck-batch.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        SES.verify(1, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=GetIdentityDkimAttributes")));
        assertThat(aws.schedules()).singleElement().satisfies(schedule -> {
            assertThat(schedule.scheduleExpression()).isEqualTo("at(2026-11-23T09:00:00)");
            JsonNode input = LocalAws.readJson(schedule.target().input());
            assertThat(input.path("attempt").asInt()).isEqualTo(3);
            assertThat(input.path("domains")).extracting(domain -> domain.path("domain").asText())
                    .containsExactly("mail.example.com", "news.example.com", "shop.example.org");
        });
        assertThat(aws.capturedEvents()).isEmpty();
    }

    @Test
    void theSampleRecheckOfADomainSesDoesNotKnowOnboardsItAgainKeepingItsStart() {
        SQSBatchResponse response = handlerAt(ONBOARDED).handleRequest(LocalAws.event("recheck.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.ses.listIdentities().identities()).containsExactly("mail.example.com");
        assertThat(aws.capturedEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Manual DNS Required");
            assertThat(event.path("detail").path("startedAt").asText()).isEqualTo("2026-11-22T10:00:00Z");
        });
        assertThat(aws.schedules()).singleElement().satisfies(schedule -> {
            JsonNode pending = LocalAws.readJson(schedule.target().input()).path("domains").get(0);
            assertThat(pending.path("reonboarded").asBoolean()).isTrue();
            assertThat(pending.path("startedAt").asText()).isEqualTo("2026-11-22T10:00:00Z");
        });
    }

    @Test
    void whatTheTimeBudgetDoesNotReachIsCarriedForwardToARecheckSoonAndNothingIsAnnouncedTwice() {
        String zoneId = aws.createPublicZone("example.com");
        List<Request.PendingDomain> domains = IntStream.range(0, 100)
                .mapToObj(i -> new Request.PendingDomain(Domain.parse("d" + i + ".example.com"), Optional.of(zoneId),
                        Optional.empty(), ONBOARDED, false))
                .toList();
        // SES knows none of them, so each is onboarded again. The invocation's time is counted in the function's own
        // asks, not on the wall clock: each ask finds 100 ms gone, so the reserve is reached after a few domains
        // however fast the emulator answers.
        AtomicLong asks = new AtomicLong();
        long start = OnboardingWorkflow.RESERVE.toMillis() + 4_000;

        SQSBatchResponse response = handlerAt(FIRST_RECHECK).handleRequest(
                LocalAws.messages(new MessageCodec().toJson(new Request.Recheck(2, domains))),
                LocalAws.contextWithRemaining(() -> start - 100 * asks.getAndIncrement()));

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<String> announced = aws.capturedEvents().stream().map(event -> event.path("detail").path("domain").asText()).toList();
        assertThat(announced).doesNotHaveDuplicates();
        List<Request.Recheck> scheduled = aws.schedules().stream()
                .map(schedule -> (Request.Recheck) new MessageCodec().parse(schedule.target().input()))
                .toList();
        assertThat(scheduled.stream().filter(recheck -> recheck.attempt() == 1).flatMap(recheck -> recheck.domains().stream()))
                .allMatch(Request.PendingDomain::reonboarded)
                .extracting(pending -> pending.domain().name()).containsExactlyInAnyOrderElementsOf(announced);
        List<Request.Recheck> carried = scheduled.stream().filter(recheck -> recheck.attempt() == 2).toList();
        assertThat(carried).singleElement().satisfies(recheck -> {
            assertThat(recheck.carriedForward()).isEqualTo(1);
            assertThat(recheck.domains()).isNotEmpty().hasSizeLessThan(domains.size()).containsExactlyInAnyOrderElementsOf(domains.stream()
                    .filter(pending -> !announced.contains(pending.domain().name())).toList());
        });
        assertThat(aws.schedules()).filteredOn(schedule -> schedule.name().equals(SchedulerRecheckScheduler.nameFor(carried.get(0)))).singleElement()
                .extracting(GetScheduleResponse::scheduleExpression).isEqualTo("at(2026-11-23T08:06:00)");
    }
}
