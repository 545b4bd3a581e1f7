package dev.sesdkim.onboarding.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status action through the real handler and adapters against moto_server, read back through a bus rule. */
@ExtendWith(MotoServerExtension.class)
class StatusHandlerIT {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private LocalAws aws;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
    }

    @Test
    void reportsSesTheRecordsInTheZoneAndTheWaitingRecheckAndChangesNothing() {
        String zoneId = aws.createPublicZone("example.com");
        aws.handler(Clock.fixed(NOW, ZoneOffset.UTC)).handleRequest(
                LocalAws.messages("{\"action\":\"onboard\",\"domain\":\"mail.example.com\",\"tenantId\":\"acme\"}"), null);
        aws.capturedEvents();
        int records = aws.records(zoneId).size();

        aws.handler(Clock.fixed(NOW.plusSeconds(125), ZoneOffset.UTC)).handleRequest(LocalAws.event("status.json"), null);

        List<JsonNode> events = aws.capturedEvents();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.path("detail-type").asText()).isEqualTo("DKIM Status Reported");
            JsonNode detail = event.path("detail");
            assertThat(detail.path("domain").asText()).isEqualTo("mail.example.com");
            assertThat(detail.path("tenantId").asText()).isEqualTo("acme");
            assertThat(detail.path("dkimStatus").asText()).isEqualTo("Success");
            assertThat(detail.path("dkimTokens")).hasSize(3);
            assertThat(detail.path("hostedZoneId").asText()).isEqualTo(zoneId);
            assertThat(detail.path("records")).hasSize(3);
            assertThat(detail.path("recordsFound")).hasSize(3);
            assertThat(detail.path("nextRecheck").path("at").asText()).isEqualTo("2026-11-23T08:05:00Z");
            assertThat(detail.path("nextRecheck").path("attempt").asInt()).isEqualTo(1);
            assertThat(detail.path("startedAt").asText()).isEqualTo(NOW.toString());
            assertThat(detail.path("age").asText()).isEqualTo("PT2M5S");
        });
        assertThat(aws.records(zoneId)).hasSize(records);
        assertThat(aws.schedules()).hasSize(1);
        assertThat(aws.deadLetters()).isEmpty();
    }
}
