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
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgeOutcomeEventsTest {

    private final List<PutEventsRequest> requests = new ArrayList<>();
    private final List<PutEventsResponse> responses = new ArrayList<>();
    /** Without a canned response the bus answers entry by entry: drops those whose detail contains a key, once per count. */
    private final Map<String, Integer> dropTimes = new HashMap<>();
    private final List<Duration> pauses = new ArrayList<>();

    private final EventBridgeClient eventBridge = new EventBridgeClient() {
        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            requests.add(request);
            if (!responses.isEmpty()) {
                return responses.remove(0);
            }
            List<PutEventsResultEntry> results = new ArrayList<>();
            int failed = 0;
            for (PutEventsRequestEntry entry : request.entries()) {
                String dropped = dropTimes.keySet().stream()
                        .filter(key -> entry.detail().contains(key) && dropTimes.get(key) > 0).findFirst().orElse(null);
                if (dropped != null) {
                    dropTimes.merge(dropped, -1, Integer::sum);
                    results.add(PutEventsResultEntry.builder().errorCode("ThrottlingException").errorMessage("slow down").build());
                    failed++;
                } else {
                    results.add(PutEventsResultEntry.builder().eventId("e" + requests.size()).build());
                }
            }
            return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    };

    private final EventBridgeOutcomeEvents events = new EventBridgeOutcomeEvents(eventBridge, "dkim-bus", "dkim.onboarding",
            pauses::add);

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
        dropTimes.put("mail.example.com", EventBridgeOutcomeEvents.ATTEMPTS);

        assertThatThrownBy(() -> events.publish(verified()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DKIM Verified")
                .hasMessageContaining("ThrottlingException slow down");
        assertThat(requests).hasSize(EventBridgeOutcomeEvents.ATTEMPTS);
    }

    @Test
    void aThousandVerifiedDomainsTakeAHundredRequestsOfTenEntriesInOrder() {
        List<Outcome> outcomes = verifiedDomains(1000);

        assertThat(events.publishAll(outcomes)).isEmpty();

        assertThat(requests).hasSize(100).allSatisfy(request -> assertThat(request.entries()).hasSize(10));
        assertThat(sentDomains()).containsExactlyElementsOf(outcomes.stream().map(outcome -> outcome.domainName().orElseThrow()).toList());
        assertThat(pauses).isEmpty();
    }

    @Test
    void elevenOutcomesTakeTwoRequestsTenAndOne() {
        assertThat(events.publishAll(verifiedDomains(10))).isEmpty();
        assertThat(requests).singleElement().satisfies(request -> assertThat(request.entries()).hasSize(10));

        requests.clear();
        assertThat(events.publishAll(verifiedDomains(11))).isEmpty();
        assertThat(requests).extracting(request -> request.entries().size()).containsExactly(10, 1);
    }

    @Test
    void onlyTheEntriesTheBusDroppedAreSentAgainAndTheRestOnce() {
        List<Outcome> outcomes = verifiedDomains(25);
        dropTimes.put("\"d3.example.com\"", 1);
        dropTimes.put("\"d17.example.com\"", 2);

        assertThat(events.publishAll(outcomes)).isEmpty();

        assertThat(requests).extracting(request -> request.entries().size()).containsExactly(10, 10, 5, 2, 1);
        assertThat(requests.get(3).entries()).extracting(PutEventsRequestEntry::detail)
                .satisfiesExactly(first -> assertThat(first).contains("\"d3.example.com\""),
                        second -> assertThat(second).contains("\"d17.example.com\""));
        assertThat(requests.get(4).entries().get(0).detail()).contains("\"d17.example.com\"");
        assertThat(pauses).containsExactly(EventBridgeOutcomeEvents.FIRST_PAUSE, EventBridgeOutcomeEvents.FIRST_PAUSE.multipliedBy(2));
    }

    @Test
    void entriesStillDroppedAfterEveryAttemptAreReportedByPositionTheOthersAccepted() {
        List<Outcome> outcomes = verifiedDomains(12);
        dropTimes.put("\"d4.example.com\"", EventBridgeOutcomeEvents.ATTEMPTS);
        dropTimes.put("\"d11.example.com\"", EventBridgeOutcomeEvents.ATTEMPTS);
        dropTimes.put("\"d7.example.com\"", 1);

        assertThat(events.publishAll(outcomes)).containsExactly(4, 11);
        assertThat(requests).hasSize(2 + EventBridgeOutcomeEvents.ATTEMPTS - 1);
    }

    @Test
    void requestsStopShortOf256KbAsEventBridgeCountsEntrySize() {
        int limit = EventBridgeOutcomeEvents.MAX_REQUEST_SIZE;
        // Rejected outcomes carry the reason as it comes, so their size can be set to the byte.
        Outcome half = rejectedOfSize(limit / 2);
        Outcome justOverHalf = rejectedOfSize(limit / 2 + 1);

        assertThat(events.publishAll(List.of(half, half))).isEmpty();
        assertThat(requests).singleElement().satisfies(request -> assertThat(request.entries().stream()
                .mapToInt(EventBridgeOutcomeEvents::entrySize).sum()).isEqualTo(limit));

        requests.clear();
        assertThat(events.publishAll(List.of(half, justOverHalf))).isEmpty();
        assertThat(requests).extracting(request -> request.entries().size()).containsExactly(1, 1);
    }

    @Test
    void anEntryOverTheLimitAloneIsReportedAndNeverSent() {
        Outcome tooLarge = rejectedOfSize(EventBridgeOutcomeEvents.MAX_REQUEST_SIZE + 1);

        assertThat(events.publishAll(List.of(verified(), tooLarge))).containsExactly(1);
        assertThat(requests).singleElement().satisfies(request -> assertThat(request.entries()).hasSize(1));
    }

    @Test
    void entrySizeCountsSourceDetailTypeDetailResourcesAndTimeInUtf8ButNotTheBus() {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().eventBusName("a-long-bus-name-that-is-not-counted")
                .source("src").detailType("type").detail("{\"d\":\"ß\"}").build();
        assertThat(EventBridgeOutcomeEvents.entrySize(entry)).isEqualTo(3 + 4 + 10);
        assertThat(EventBridgeOutcomeEvents.entrySize(entry.toBuilder().resources("arn:r1", "é").time(STARTED).build()))
                .isEqualTo(3 + 4 + 10 + 6 + 2 + 14);
    }

    /** The domain of every entry sent, in the order sent. */
    private List<String> sentDomains() {
        return requests.stream().flatMap(request -> request.entries().stream())
                .map(entry -> entry.detail().replaceFirst("^\\{\"domain\":\"([^\"]+)\".*$", "$1"))
                .toList();
    }

    private static List<Outcome> verifiedDomains(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> (Outcome) Outcome.Verified.of(new Request.PendingDomain(Domain.parse("d" + i + ".example.com"),
                        Optional.of("Z1"), Optional.empty(), STARTED, false), 2, STARTED.plus(Duration.ofMinutes(20))))
                .toList();
    }

    /** A rejection whose entry is {@code size} bytes as EventBridge counts it. */
    private static Outcome rejectedOfSize(int size) {
        Outcome probe = Outcome.Rejected.of(new InboundMessage("m1", "{}"), Optional.empty(), "");
        int base = EventBridgeOutcomeEvents.entrySize(PutEventsRequestEntry.builder().source("dkim.onboarding")
                .detailType(probe.detailType()).detail("{\"messageId\":\"m1\",\"reason\":\"\"}").build());
        return Outcome.Rejected.of(new InboundMessage("m1", "{}"), Optional.empty(), "x".repeat(size - base));
    }
}
