package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DkimRecord;
import dev.sesdkim.onboarding.DkimStatus;
import dev.sesdkim.onboarding.DkimTokens;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.InboundMessage;
import dev.sesdkim.onboarding.Outcome;
import dev.sesdkim.onboarding.RecordSpec;
import dev.sesdkim.onboarding.Request;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgeOutcomeEventsTest {

    private final List<PutEventsRequest> requests = new ArrayList<>();
    private final List<PutEventsResponse> responses = new ArrayList<>();

    private final EventBridgeClient eventBridge = new EventBridgeClient() {
        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            requests.add(request);
            return responses.remove(0);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    };

    private final EventBridgeOutcomeEvents events = new EventBridgeOutcomeEvents(eventBridge, "dkim-bus", "dkim.onboarding");

    private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
    private static final Request.PendingDomain PENDING = new Request.PendingDomain(Domain.parse("mail.example.com"),
            Optional.of("Z1"), Optional.of("acme"), STARTED, false);
    private static final List<DkimRecord> RECORDS = new RecordSpec("dkim.amazonses.com", 1800).recordsFor(
            Domain.parse("mail.example.com"), new DkimTokens(List.of("tok1", "tok2", "tok3")));

    private String sentDetail(Outcome outcome) {
        responses.add(PutEventsResponse.builder().failedEntryCount(0).build());
        events.publish(outcome);
        return requests.get(requests.size() - 1).entries().get(0).detail();
    }

    private static Outcome verified() {
        return Outcome.Verified.of(PENDING, 2, STARTED.plus(Duration.ofMinutes(20)));
    }

    @Test
    void publishesOneEntryOnTheBusWithTheSourceDetailTypeAndDetailInOrder() {
        responses.add(PutEventsResponse.builder().failedEntryCount(0)
                .entries(PutEventsResultEntry.builder().eventId("e1").build()).build());

        events.publish(verified());

        assertThat(requests).singleElement().satisfies(request -> assertThat(request.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.eventBusName()).isEqualTo("dkim-bus");
            assertThat(entry.source()).isEqualTo("dkim.onboarding");
            assertThat(entry.detailType()).isEqualTo("DKIM Verified");
            assertThat(entry.detail()).isEqualTo("{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\",\"hostedZoneId\":\"Z1\","
                    + "\"attempt\":2,\"startedAt\":\"2026-11-22T10:00:00Z\",\"elapsed\":\"PT20M\"}");
        }));
    }

    @Test
    void aFieldWithoutAValueIsLeftOutNotSentAsNull() {
        Request.PendingDomain manualDns = new Request.PendingDomain(Domain.parse("mail.example.com"), Optional.empty(),
                Optional.empty(), STARTED, false);

        assertThat(sentDetail(Outcome.Verified.of(manualDns, 1, STARTED.plus(Duration.ofMinutes(5)))))
                .isEqualTo("{\"domain\":\"mail.example.com\",\"attempt\":1,\"startedAt\":\"2026-11-22T10:00:00Z\","
                        + "\"elapsed\":\"PT5M\"}");
        assertThat(sentDetail(Outcome.Rejected.of(new InboundMessage("m1", "{}"), Optional.empty(), "field domain is missing")))
                .isEqualTo("{\"messageId\":\"m1\",\"reason\":\"field domain is missing\"}");
    }

    @Test
    void aFailureWithoutTokensHasNeitherRecordsNorRecordsFound() {
        assertThat(sentDetail(Outcome.VerificationFailed.builder(PENDING, 2, STARTED.plus(Duration.ofMinutes(20)))
                .dkimStatus(DkimStatus.NOT_STARTED).reason("SES has no DKIM identity").build()))
                .isEqualTo("{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\",\"hostedZoneId\":\"Z1\",\"attempt\":2,"
                        + "\"startedAt\":\"2026-11-22T10:00:00Z\",\"elapsed\":\"PT20M\",\"dkimStatus\":\"NotStarted\","
                        + "\"reason\":\"SES has no DKIM identity\"}");
    }

    @Test
    void noneOfTheRecordsInTheZoneIsAnEmptyRecordsFoundNotAnAbsentOne() {
        assertThat(sentDetail(Outcome.VerificationFailed.builder(PENDING, 4, STARTED.plus(Duration.ofHours(3)))
                .dkimStatus(DkimStatus.FAILED).records(RECORDS.subList(0, 1)).recordsFound(List.of()).reason("none found").build()))
                .isEqualTo("{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\",\"hostedZoneId\":\"Z1\",\"attempt\":4,"
                        + "\"startedAt\":\"2026-11-22T10:00:00Z\",\"elapsed\":\"PT3H\",\"dkimStatus\":\"Failed\","
                        + "\"records\":[{\"name\":\"tok1._domainkey.mail.example.com\",\"type\":\"CNAME\","
                        + "\"value\":\"tok1.dkim.amazonses.com\",\"ttl\":1800}],\"recordsFound\":[],\"reason\":\"none found\"}");
    }

    @Test
    void aTimeOutWithoutTokensHasNoRecords() {
        assertThat(sentDetail(Outcome.TimedOut.of(PENDING, 16, STARTED.plus(Duration.ofHours(72)), DkimStatus.TEMPORARY_FAILURE,
                List.of(), Duration.ofHours(72))))
                .isEqualTo("{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\",\"hostedZoneId\":\"Z1\",\"attempt\":16,"
                        + "\"startedAt\":\"2026-11-22T10:00:00Z\",\"elapsed\":\"PT72H\",\"dkimStatus\":\"TemporaryFailure\","
                        + "\"reason\":\"SES did not see the DKIM records within 72 hours of 2026-11-22T10:00:00Z; check that these"
                        + " CNAME records resolve in public DNS, then onboard the domain again\"}");
    }

    @Test
    void anOffboardThatFoundNothingToDeleteSaysSoWithAnEmptyListAndZero() {
        assertThat(sentDetail(Outcome.Offboarded.of(new Request.Offboard(Domain.parse("mail.example.com"), Optional.empty(),
                Optional.empty()), Optional.empty(), List.of(), 0)))
                .isEqualTo("{\"domain\":\"mail.example.com\",\"recordsDeleted\":[],\"schedulesCancelled\":0,"
                        + "\"identityDeleted\":true}");
    }

    @Test
    void anEntryTheBusDidNotTakeIsAnErrorSoTheMessageIsRedeliveredNotLost() {
        responses.add(PutEventsResponse.builder().failedEntryCount(1)
                .entries(PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("try again").build()).build());

        assertThatThrownBy(() -> events.publish(verified()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DKIM Verified")
                .hasMessageContaining("InternalFailure try again");
    }
}
