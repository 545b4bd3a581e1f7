package dev.sesdkim.onboarding.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.aws.AwsWorkflowFactory;
import dev.sesdkim.onboarding.aws.EmfMetrics;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics the function writes, read back from its standard output as CloudWatch would read them (embedded metric
 * format), for one batch with every outcome: onboarded into a zone and for manual DNS, rejected twice for two reasons,
 * offboarded, a status reported, and a re-check that ends verified, failed and timed out, with SES throttling once.
 * SES is a WireMock stand-in in front of moto that answers the re-check's statuses and throttles the first onboarding.
 */
@ExtendWith(MotoServerExtension.class)
class MetricsIT {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final String NAMESPACE = "DkimOnboardingTest";
    private static final List<String> TOKENS = List.of("4f3nbxmyhjbzrhxq5kwhk3ryjvlnzqks", "kxsbz5nqgwtb6i2ofh7d3ki4yvapmr2c",
            "t6mhe2c7bwqjqf5dl3lnvoxw3ajzeyxu");

    @RegisterExtension
    static final WireMockExtension SES = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private LocalAws aws;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
        SES.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        SES.stubFor(post(urlEqualTo("/")).atPriority(1).inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .withRequestBody(containing("Action=VerifyDomainDkim"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                        .withBody("<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>Sender</Type>"
                                + "<Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error>"
                                + "<RequestId>1</RequestId></ErrorResponse>"))
                .willSetStateTo("throttled once"));
        StringBuilder entries = new StringBuilder();
        Map.of("verified.example.com", "Success", "failed.example.com", "Failed", "late.example.com", "Pending")
                .forEach((domain, status) -> entries.append("<entry><key>").append(domain).append("</key><value>")
                        .append("<DkimEnabled>true</DkimEnabled><DkimVerificationStatus>").append(status)
                        .append("</DkimVerificationStatus><DkimTokens>")
                        .append(String.join("", TOKENS.stream().map(token -> "<member>" + token + "</member>").toList()))
                        .append("</DkimTokens></value></entry>"));
        SES.stubFor(post(urlEqualTo("/")).atPriority(2)
                .withRequestBody(containing("Action=GetIdentityDkimAttributes"))
                .withRequestBody(containing("verified.example.com"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody("<GetIdentityDkimAttributesResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\">"
                                + "<GetIdentityDkimAttributesResult><DkimAttributes>" + entries + "</DkimAttributes>"
                                + "</GetIdentityDkimAttributesResult><ResponseMetadata><RequestId>2</RequestId>"
                                + "</ResponseMetadata></GetIdentityDkimAttributesResponse>")));
    }

    /** Every metric document the function printed: one per line that is JSON with an {@code _aws} member. */
    private static List<JsonNode> metricDocuments(String output) {
        return output.lines().filter(line -> line.startsWith("{") && line.contains("\"_aws\""))
                .map(LocalAws::readJson).toList();
    }

    /** Each metric's values summed, keyed by its name and dimensions, such as {@code Rejected{ReasonClass=InvalidDomain}}. */
    private static Map<String, Double> sums(List<JsonNode> documents) {
        Map<String, Double> sums = new TreeMap<>();
        for (JsonNode document : documents) {
            JsonNode directive = document.path("_aws").path("CloudWatchMetrics").get(0);
            assertThat(directive.path("Namespace").asText()).isEqualTo(NAMESPACE);
            Map<String, String> dimensions = new TreeMap<>();
            directive.path("Dimensions").forEach(set -> set.forEach(name -> {
                if (name.asText().equals("Service")) {
                    assertThat(document.path("Service").asText()).isEqualTo(EmfMetrics.SERVICE);
                } else {
                    dimensions.put(name.asText(), document.path(name.asText()).asText());
                }
            }));
            for (JsonNode metric : directive.path("Metrics")) {
                String name = metric.path("Name").asText();
                JsonNode value = document.path(name);
                double sum = 0;
                for (Iterator<JsonNode> values = value.isArray() ? value.elements() : List.of(value).iterator(); values.hasNext(); ) {
                    sum += values.next().asDouble();
                }
                sums.merge(dimensions.isEmpty() ? name : name + dimensions, sum, Double::sum);
            }
        }
        return sums;
    }

    @Test
    void aBatchWithEveryOutcomeWritesItsCountsWithFewDimensions() {
        String zoneId = aws.createPublicZone("example.com");
        Settings settings = Settings.from(new HashMap<>(aws.local.functionEnvironment(1000)));
        OnboardingHandler handler = new OnboardingHandler(AwsWorkflowFactory.create(settings, aws.local.credentials,
                Pacer.realTime(settings.sesCallsPerSecond()), Clock.fixed(NOW, ZoneOffset.UTC),
                AwsWorkflowFactory.Options.DEFAULT.withSesEndpoint(URI.create(SES.baseUrl())),
                Optional.of(new EmfMetrics(NAMESPACE))));
        String started = NOW.minus(Duration.ofHours(72)).toString();
        String recheck = "{\"action\":\"recheck\",\"attempt\":16,\"domains\":["
                + "{\"domain\":\"verified.example.com\",\"hostedZoneId\":\"" + zoneId + "\",\"tenantId\":\"acme\",\"startedAt\":\"" + NOW.minus(Duration.ofMinutes(90)) + "\"},"
                + "{\"domain\":\"failed.example.com\",\"hostedZoneId\":\"" + zoneId + "\",\"tenantId\":\"acme\",\"startedAt\":\"" + started + "\"},"
                + "{\"domain\":\"late.example.com\",\"hostedZoneId\":\"" + zoneId + "\",\"tenantId\":\"acme\",\"startedAt\":\"" + started + "\"}]}";

        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream standardOutput = System.out;
        System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
        try {
            assertThat(handler.handleRequest(LocalAws.messages(
                    "{\"action\":\"onboard\",\"domain\":\"mail.example.com\",\"tenantId\":\"acme\"}",
                    "{\"action\":\"onboard\",\"domain\":\"mail.nozone.org\",\"tenantId\":\"acme\"}",
                    "{\"action\":\"onboard\",\"domain\":\"*.example.com\"}",
                    "not json",
                    "{\"action\":\"offboard\",\"domain\":\"gone.example.com\",\"tenantId\":\"acme\"}",
                    "{\"action\":\"status\",\"domain\":\"mail.example.com\"}",
                    recheck), null).getBatchItemFailures()).isEmpty();
        } finally {
            System.setOut(standardOutput);
        }

        List<JsonNode> documents = metricDocuments(output.toString(StandardCharsets.UTF_8));
        Map<String, Double> sums = sums(documents);
        assertThat(sums).containsAllEntriesOf(new TreeMap<>(Map.ofEntries(
                Map.entry("Onboarded", 2.0),
                Map.entry("RecordsPublished", 1.0),
                Map.entry("ManualDnsRequired", 1.0),
                Map.entry("Verified", 1.0),
                Map.entry("TimeToVerifiedMinutes", 90.0),
                Map.entry("VerificationFailed", 1.0),
                Map.entry("VerificationTimedOut", 1.0),
                Map.entry("Rejected", 2.0),
                Map.entry("Rejected{ReasonClass=InvalidDomain}", 1.0),
                Map.entry("Rejected{ReasonClass=MalformedMessage}", 1.0),
                Map.entry("Offboarded", 1.0),
                Map.entry("StatusReported", 1.0),
                Map.entry("RecheckBacklog", 3.0),
                Map.entry("Throttles{AwsService=SES}", 1.0),
                Map.entry("Retries{AwsService=SES}", 1.0))));
        // SES: VerifyDomainDkim twice for the throttled domain, once for the other, DeleteIdentity, one status call
        // each for the status and the re-check, and the status's MAIL FROM call.
        assertThat(sums).containsEntry("SesCalls", 7.0);
        List<String> dimensionNames = new ArrayList<>();
        documents.forEach(document -> document.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions")
                .forEach(set -> set.forEach(name -> dimensionNames.add(name.asText()))));
        assertThat(dimensionNames).as("never a domain or a tenant").isSubsetOf("Service", "ReasonClass", "AwsService");
        assertThat(documents).allSatisfy(document -> assertThat(document.toString()).doesNotContain("example.com", "acme"));
        assertThat(documents).anySatisfy(document -> assertThat(document.path("SesPacingWait").isMissingNode()).isFalse());
    }
}
