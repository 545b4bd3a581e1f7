package dev.sesdkim.onboarding.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zones a deployment may write, as the stack grants them through {@code WRITABLE_HOSTED_ZONES}, against moto, which
 * (unlike IAM) would let the function write anywhere; and what zone look-ups cost in Route 53 requests, which Route 53
 * limits to five per second for the whole account.
 */
@ExtendWith(MotoServerExtension.class)
class WritableZonesIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);

    private LocalAws aws;
    private final List<String> route53Requests = Collections.synchronizedList(new ArrayList<>());
    private final ExecutionInterceptor route53Counter = new ExecutionInterceptor() {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if ("Route53".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
                route53Requests.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        }
    };

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
    }

    @Test
    void hostedZoneIdTheDeploymentMayNotWriteIsRejectedBeforeSesCreatesAnIdentity() {
        String granted = aws.createPublicZone("example.org");
        String notGranted = aws.createPublicZone("example.com");

        SQSBatchResponse response = aws.handler(CLOCK, granted, List.of()).handleRequest(LocalAws.messages(
                "{\"action\":\"onboard\",\"domain\":\"mail.example.com\",\"hostedZoneId\":\"" + notGranted + "\"}"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.ses.listIdentities().identities()).isEmpty();
        assertThat(aws.cnames(notGranted)).isEmpty();
        List<Message> rejected = aws.deadLetters();
        assertThat(rejected).singleElement().satisfies(message -> assertThat(
                message.messageAttributes().get("rejectReason").stringValue())
                .contains("hosted zone \"" + notGranted + "\" is not one this deployment may write")
                .contains("it may write only " + granted));
    }

    @Test
    void zoneFoundByNameThatTheDeploymentMayNotWriteGetsTheManualDnsPath() {
        String granted = aws.createPublicZone("example.org");
        String notGranted = aws.createPublicZone("example.com");

        SQSBatchResponse response = aws.handler(CLOCK, granted, List.of())
                .handleRequest(LocalAws.event("onboard.json"), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(aws.cnames(notGranted)).isEmpty();
        assertThat(aws.schedules()).hasSize(1);
        List<JsonNode> events = aws.capturedEvents();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Manual DNS Required");
            assertThat(event.path("detail").path("records")).hasSize(3);
            assertThat(event.path("detail").path("reason").asText())
                    .startsWith("hosted zone " + notGranted + " (example.com) covers mail.example.com but this deployment"
                            + " may not write it");
        });
        assertThat(aws.deadLetters()).isEmpty();
    }

    @Test
    void onboardingManyDomainsListsTheAccountsZonesOnceAndChangesEachZoneOncePerDomain() {
        String zoneId = aws.createPublicZone("example.org");
        var handler = aws.handler(CLOCK, "*", List.of(route53Counter));
        int domains = 30;

        for (int batch = 0; batch < domains / 10; batch++) {
            int first = batch * 10;
            handler.handleRequest(LocalAws.messages(IntStream.range(first, first + 10)
                    .mapToObj(i -> "{\"action\":\"onboard\",\"domain\":\"d" + i + ".example.org\"}")
                    .toArray(String[]::new)), null);
        }

        assertThat(aws.cnames(zoneId)).hasSize(3 * domains);
        assertThat(route53Requests).filteredOn("ListHostedZonesByName"::equals).hasSize(1);
        assertThat(route53Requests).filteredOn("ChangeResourceRecordSets"::equals).hasSize(domains);
        assertThat((double) route53Requests.size() / domains).isLessThanOrEqualTo(1.2);
    }
}
