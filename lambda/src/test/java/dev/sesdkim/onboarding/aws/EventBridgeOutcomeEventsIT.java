package dev.sesdkim.onboarding.aws;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.Outcome;
import dev.sesdkim.onboarding.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dropped entries over EventBridge's real wire protocol, which moto cannot show (it accepts every entry): WireMock
 * stands in for the bus and answers 200 with some entries failed, as PutEvents does, and the adapter sends those again.
 */
class EventBridgeOutcomeEventsIT {

    @RegisterExtension
    static WireMockExtension bus = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");

    private final EventBridgeClient client = EventBridgeClient.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create(bus.baseUrl()))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();

    @Test
    void entriesTheBusDroppedInA200AreSentAgainAloneUntilAccepted() {
        String accepted = "{\"EventId\":\"e\"}";
        String throttled = "{\"ErrorCode\":\"ThrottlingException\",\"ErrorMessage\":\"Rate exceeded\"}";
        bus.stubFor(post(anyUrl()).inScenario("drops").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("retry")
                .willReturn(json("{\"FailedEntryCount\":2,\"Entries\":[" + accepted + "," + throttled + "," + accepted + ","
                        + accepted + "," + accepted + "," + accepted + "," + accepted + "," + accepted + "," + accepted + ","
                        + throttled + "]}")));
        bus.stubFor(post(anyUrl()).inScenario("drops").whenScenarioStateIs("retry").willSetStateTo("done")
                .willReturn(json("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"s1\"}]}")));
        bus.stubFor(post(anyUrl()).inScenario("drops").whenScenarioStateIs("done")
                .willReturn(json("{\"FailedEntryCount\":0,\"Entries\":[" + accepted + "," + accepted + "]}")));

        List<Integer> notAccepted = new EventBridgeOutcomeEvents(client, "dkim-bus", "dkim.onboarding", pause -> {
        }).publishAll(verified(11));

        List<LoggedRequest> requests = bus.findAll(postRequestedFor(anyUrl()));
        assertThat(requests).extracting(request -> count(request.getBodyAsString(), "\"DetailType\""))
                .containsExactly(10, 1, 2);
        assertThat(requests.get(2).getBodyAsString()).contains("d1.example.com").contains("d9.example.com")
                .doesNotContain("d0.example.com").doesNotContain("d10.example.com");
        assertThat(notAccepted).isEmpty();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1").withBody(body);
    }

    private static int count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
    }

    private static List<Outcome> verified(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> (Outcome) Outcome.Verified.of(new Request.PendingDomain(Domain.parse("d" + i + ".example.com"),
                        Optional.of("Z1"), Optional.empty(), STARTED, false), 2, STARTED.plus(Duration.ofMinutes(20))))
                .toList();
    }
}
