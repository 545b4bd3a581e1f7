package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class OnboardingWorkflowTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private final Fakes aws = new Fakes();
    private final OnboardingWorkflow workflow = aws.workflow(Clock.fixed(NOW, ZoneOffset.UTC));

    private List<String> process(String... bodies) {
        List<InboundMessage> batch = new java.util.ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            batch.add(new InboundMessage("m" + (i + 1), bodies[i]));
        }
        return workflow.process(batch);
    }

    @Test
    void onboardsASubdomainIntoItsParentZoneSchedulesTheFirstRecheckThenAnnounces() {
        aws.addZone("ZPARENT", "example.com");

        assertThat(process("{\"domain\":\"Mail.Example.com\",\"tenantId\":\"acme\"}")).isEmpty();

        assertThat(aws.journal).containsExactly(
                "dns:find mail.example.com",
                "ses:verify mail.example.com",
                "dns:upsert ZPARENT 3",
                "schedule " + aws.schedules.keySet().iterator().next(),
                "event DKIM Records Published");
        DkimTokens tokens = aws.identities.get("mail.example.com");
        assertThat(aws.records.values()).containsExactlyElementsOf(
                new RecordSpec("dkim.amazonses.com", 1800).recordsFor(Domain.parse("mail.example.com"), tokens));
        assertThat(aws.schedules.values()).containsExactly(NOW.plus(Duration.ofMinutes(5)));
        Request.Recheck recheck = aws.scheduledRechecks.values().iterator().next();
        assertThat(recheck.attempt()).isEqualTo(1);
        assertThat(recheck.domains()).singleElement().satisfies(pending -> {
            assertThat(pending.domain().name()).isEqualTo("mail.example.com");
            assertThat(pending.hostedZoneId()).contains("ZPARENT");
            assertThat(pending.tenantId()).contains("acme");
            assertThat(pending.startedAt()).isEqualTo(NOW);
        });
        assertThat(aws.events.get(0)).isInstanceOfSatisfying(Outcome.RecordsPublished.class, published -> {
            assertThat(published.domain().name()).isEqualTo("mail.example.com");
            assertThat(published.tenantId()).contains("acme");
            assertThat(published.hostedZoneId()).isEqualTo("ZPARENT");
            assertThat(published.startedAt()).isEqualTo(NOW);
            assertThat(published.records()).hasSize(3);
        });
    }

    @Test
    void theLongestMatchingZoneWins() {
        aws.addZone("ZSHORT", "example.com");
        aws.addZone("ZLONG", "eu.example.com");

        process("{\"domain\":\"mail.eu.example.com\"}");

        assertThat(aws.records.keySet()).allMatch(key -> key.startsWith("ZLONG "));
    }

    @Test
    void withoutAZoneAnnouncesTheRecordsForManualDnsAndStillRechecks() {
        process("{\"domain\":\"mail.nozone.org\"}");

        assertThat(aws.records).isEmpty();
        assertThat(aws.schedules).hasSize(1);
        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.ManualDnsRequired.class,
                manualDns -> assertThat(manualDns.records()).hasSize(3));
    }

    @Test
    void rejectsWildcardDomainToDeadLetterQueueWithoutCallingSes() {
        assertThat(process("{\"domain\":\"*.example.com\"}")).isEmpty();

        assertThat(aws.sesCalls()).isZero();
        assertThat(aws.records).isEmpty();
        assertThat(aws.deadLetters).containsOnlyKeys("m1");
        assertThat(aws.deadLetters.get("m1")).contains("wildcard");
        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Rejected.class, rejected -> {
            assertThat(rejected.domain()).contains("*.example.com");
            assertThat(rejected.messageId()).isEqualTo("m1");
        });
    }

    @Test
    void aZoneIdThatDoesNotCoverTheDomainIsRejectedBeforeSesIsCalled() {
        aws.addZone("ZOTHER", "other.com");

        assertThat(process("{\"domain\":\"mail.example.com\",\"hostedZoneId\":\"ZOTHER\"}")).isEmpty();

        assertThat(aws.sesCalls()).isZero();
        assertThat(aws.identities).isEmpty();
        assertThat(aws.deadLetters.get("m1")).contains("ZOTHER");
    }

    @Test
    void aTransientFailureFailsThatMessageAloneWhileMessagesAboutOtherDomainsGoOn() {
        aws.addZone("Z1", "example.com");
        aws.failNextSesCall = new IllegalStateException("Throttling");

        List<String> failed = process(
                "{\"domain\":\"not valid\"}",
                "{\"domain\":\"b.example.com\"}",
                "{\"domain\":\"c.example.com\"}");

        assertThat(failed).containsExactly("m2");
        assertThat(aws.deadLetters).containsOnlyKeys("m1");
        assertThat(aws.identities).containsOnlyKeys("c.example.com");
        assertThat(aws.events).extracting(event -> event.detailType() + " " + event.domainName().orElseThrow())
                .containsExactly("Domain Onboarding Rejected not valid", "DKIM Records Published c.example.com");
    }

    @Test
    void laterMessagesAboutTheDomainOfAFailedMessageAreHeldBackSoItsMessagesKeepTheirOrder() {
        aws.addZone("Z1", "example.com");
        aws.failNextSesCall = new IllegalStateException("Throttling");

        List<String> failed = process(
                "{\"domain\":\"b.example.com\"}",
                "{\"domain\":\"c.example.com\"}",
                "{\"action\":\"offboard\",\"domain\":\"b.example.com\"}",
                "{\"action\":\"recheck\",\"attempt\":1,\"domains\":[{\"domain\":\"b.example.com\",\"startedAt\":\"2026-11-23T07:00:00Z\"}]}",
                "{\"action\":\"recheck\",\"attempt\":1,\"domains\":[{\"domain\":\"d.example.com\",\"startedAt\":\"2026-11-23T07:00:00Z\"}]}");

        assertThat(failed).containsExactly("m1", "m3");
        assertThat(aws.journal).as("the offboard was held back").doesNotContain("ses:delete b.example.com");
        assertThat(aws.statusCalls).as("re-checks are independent of order: neither held back nor holding back").singleElement()
                .satisfies(call -> assertThat(call).extracting(Domain::name).containsExactlyInAnyOrder("b.example.com", "d.example.com"));
    }

    @Test
    void anOnboardingIsRedeliveredWithALaterFailedMessageAboutItsDomainSoTheirOrderHolds() {
        aws.addZone("Z1", "example.com");
        aws.throttledDeletion = "a.example.com";

        List<String> failed = process(
                "{\"domain\":\"a.example.com\"}",
                "{\"domain\":\"c.example.com\"}",
                "{\"action\":\"offboard\",\"domain\":\"a.example.com\"}");

        assertThat(failed).containsExactly("m1", "m3");
        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow()).containsExactly("c.example.com");
        assertThat(aws.scheduledRechecks.values()).singleElement()
                .satisfies(recheck -> assertThat(recheck.domains()).extracting(pending -> pending.domain().name())
                        .containsExactly("c.example.com"));
    }

    @Test
    void aFailedOffboardHoldsBackALaterOnboardingOfTheSameDomain() {
        aws.addZone("Z1", "example.com");
        aws.throttledDeletion = "a.example.com";

        List<String> failed = process(
                "{\"action\":\"offboard\",\"domain\":\"a.example.com\"}",
                "{\"domain\":\"a.example.com\"}",
                "{\"domain\":\"c.example.com\"}");

        assertThat(failed).containsExactly("m1", "m2");
        assertThat(aws.journal).as("the onboarding was held back").doesNotContain("ses:verify a.example.com");
        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow()).containsExactly("c.example.com");
    }

    @Test
    void aRejectionThatCouldNotBeAnnouncedIsRedeliveredAndHoldsBackLaterMessagesAboutItsDomain() {
        aws.addZone("Z1", "example.com");
        aws.addZone("ZOTHER", "other.com");
        aws.failNextPublish = new IllegalStateException("EventBridge did not accept the event");

        List<String> failed = process(
                "{\"domain\":\"mail.example.com\",\"hostedZoneId\":\"ZOTHER\"}",
                "{\"domain\":\"b.example.com\"}",
                "{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}");

        assertThat(failed).containsExactly("m1", "m3");
        assertThat(aws.journal).as("the offboard was held back").doesNotContain("ses:delete mail.example.com");
        assertThat(aws.events).extracting(event -> event.detailType() + " " + event.domainName().orElseThrow())
                .containsExactly("DKIM Records Published b.example.com");
    }

    @Test
    void anOutcomeThatCouldNotBePublishedHoldsBackLaterOnboardingsOfTheSameDomain() {
        aws.addZone("Z1", "example.com");
        aws.failNextPublish = new IllegalStateException("EventBridge did not accept the event");

        List<String> failed = process("{\"domain\":\"a.example.com\"}", "{\"domain\":\"b.example.com\"}",
                "{\"domain\":\"a.example.com\",\"tenantId\":\"second\"}");

        assertThat(failed).containsExactly("m1", "m3");
        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow()).containsExactly("b.example.com");
    }

    @Test
    void aBatchOfTenOnboardingsIsAnnouncedInOnePutEventsRequestAfterItsFirstRecheckIsScheduled() {
        aws.addZone("Z1", "example.com");
        String[] bodies = IntStream.range(0, 10).mapToObj(i -> "{\"domain\":\"d" + i + ".example.com\"}").toArray(String[]::new);

        assertThat(process(bodies)).isEmpty();

        assertThat(aws.putEventsRequests).isEqualTo(1);
        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow())
                .containsExactly(IntStream.range(0, 10).mapToObj(i -> "d" + i + ".example.com").toArray(String[]::new));
        int scheduled = aws.journal.indexOf(aws.journal.stream().filter(entry -> entry.startsWith("schedule ")).findFirst().orElseThrow());
        assertThat(aws.journal.subList(0, scheduled)).noneMatch(entry -> entry.startsWith("event "));
    }

    @Test
    void anEntryTheBusKeepsRefusingRedeliversOnlyItsMessageAndTheLaterOnesAboutItsDomain() {
        aws.addZone("Z1", "example.com");
        aws.eventsRefusedFor.add("b.example.com");

        List<String> failed = process("{\"domain\":\"a.example.com\"}", "{\"domain\":\"b.example.com\"}",
                "{\"domain\":\"c.example.com\"}", "{\"domain\":\"b.example.com\",\"tenantId\":\"second\"}");

        assertThat(failed).containsExactly("m2", "m4");
        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow()).containsExactly("a.example.com", "c.example.com");
        assertThat(aws.journal).as("the second onboarding of b was not announced ahead of the first")
                .filteredOn(entry -> entry.startsWith("event ")).hasSize(3);
    }

    @Test
    void aDomainOnboardedTwiceInABatchIsAnnouncedASecondTimeOnlyOnceItsFirstOutcomeWasAccepted() {
        aws.addZone("Z1", "example.com");

        assertThat(process("{\"domain\":\"a.example.com\"}", "{\"domain\":\"b.example.com\"}",
                "{\"domain\":\"a.example.com\",\"tenantId\":\"second\"}")).isEmpty();

        assertThat(aws.putEventsRequests).as("a round per outcome of the same domain").isEqualTo(2);
        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow())
                .containsExactly("a.example.com", "b.example.com", "a.example.com");
    }

    @Test
    void whenTheInvocationRunsShortOfTimeTheMessagesNotYetStartedAreRedelivered() {
        aws.addZone("Z1", "example.com");
        java.util.Iterator<Long> remaining = List.of(60_000L, 25_000L, 19_999L, 5_000L).iterator();
        List<InboundMessage> batch = List.of(new InboundMessage("m1", "{\"domain\":\"a.example.com\"}"),
                new InboundMessage("m2", "{\"domain\":\"b.example.com\"}"),
                new InboundMessage("m3", "{\"domain\":\"c.example.com\"}"),
                new InboundMessage("m4", "{\"domain\":\"d.example.com\"}"));

        List<String> failed = workflow.process(batch, remaining::next);

        assertThat(failed).containsExactly("m3", "m4");
        assertThat(aws.identities).containsOnlyKeys("a.example.com", "b.example.com");
        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow()).containsExactly("a.example.com", "b.example.com");
    }

    @Test
    void theTimeReserveAlsoCoversTheWaitForTheSesCallsOfAStep() {
        aws.addZone("Z1", "example.com");
        long reserveAtOneCallPerSecond = OnboardingWorkflow.RESERVE.plusSeconds(3).toMillis();

        List<String> failed = workflow.process(List.of(new InboundMessage("m1", "{\"domain\":\"a.example.com\"}")),
                () -> reserveAtOneCallPerSecond - 1);

        assertThat(failed).containsExactly("m1");
        assertThat(aws.sesCalls()).isZero();
    }

    @Test
    void theWorkflowKeepsTheReserveOfThePacingIntervalItIsAssembledWith() {
        aws.addZone("Z1", "example.com");
        OnboardingWorkflow atOneCallInFiveSeconds = OnboardingWorkflow.assemble(
                new Ports(aws.ses, aws.dns, aws.scheduler, aws.outcomes, aws.dlq, aws.publicDns), Fakes.RECORDS, WritableZones.EVERY_ZONE,
                Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(5));
        long reserve = OnboardingWorkflow.RESERVE.plusSeconds(3 * 5).toMillis();

        assertThat(atOneCallInFiveSeconds.process(List.of(new InboundMessage("m1", "{\"domain\":\"a.example.com\"}")),
                () -> reserve - 1)).containsExactly("m1");
        assertThat(aws.sesCalls()).isZero();
        assertThat(atOneCallInFiveSeconds.process(List.of(new InboundMessage("m2", "{\"domain\":\"a.example.com\"}")),
                () -> reserve)).isEmpty();
        assertThat(aws.identities).containsOnlyKeys("a.example.com");
    }

    @Test
    void aMessageThatKeepsFailingNeverHoldsBackTheMessagesBehindIt() {
        aws.addZone("Z1", "example.com");
        aws.throttledDomain = "poison.example.com";
        String[] batch = {"{\"domain\":\"poison.example.com\"}", "{\"domain\":\"a.example.com\"}", "{\"domain\":\"b.example.com\"}"};

        for (int receive = 1; receive <= 5; receive++) {
            assertThat(process(batch)).containsExactly("m1");
        }

        assertThat(aws.identities).containsOnlyKeys("a.example.com", "b.example.com");
    }

    @Test
    void reprocessingTheSameMessageChangesNothing() {
        aws.addZone("Z1", "example.com");
        process("{\"domain\":\"mail.example.com\"}");
        Map<String, DkimRecord> recordsAfterFirst = Map.copyOf(aws.records);
        Map<String, Instant> schedulesAfterFirst = Map.copyOf(aws.schedules);

        process("{\"domain\":\"mail.example.com\"}");

        assertThat(aws.records).isEqualTo(recordsAfterFirst);
        assertThat(aws.schedules).isEqualTo(schedulesAfterFirst);
    }

    @Test
    void anOutcomeEventTheBusDidNotTakeFailsTheMessageSoItIsRedeliveredAndPublishedAgain() {
        aws.addZone("Z1", "example.com");
        aws.failNextPublish = new IllegalStateException("EventBridge did not accept the event");

        assertThat(process("{\"domain\":\"mail.example.com\"}", "{\"domain\":\"news.example.com\"}"))
                .containsExactly("m1");
        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow()).containsExactly("news.example.com");

        assertThat(process("{\"domain\":\"mail.example.com\"}")).isEmpty();
        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow())
                .containsExactly("news.example.com", "mail.example.com");
    }

    @Test
    void domainsOnboardedInOneBatchShareOneFirstRecheckFiveMinutesLater() {
        aws.addZone("Z1", "example.com");

        assertThat(process("{\"domain\":\"a.example.com\"}", "{\"domain\":\"b.example.com\"}",
                "{\"domain\":\"c.example.com\",\"tenantId\":\"acme\"}")).isEmpty();

        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(recheck -> {
            assertThat(recheck.attempt()).isEqualTo(1);
            assertThat(recheck.domains()).extracting(pending -> pending.domain().name())
                    .containsExactly("a.example.com", "b.example.com", "c.example.com");
            assertThat(recheck.domains()).allSatisfy(pending -> assertThat(pending.startedAt()).isEqualTo(NOW));
        });
        assertThat(aws.schedules.values()).containsExactly(NOW.plus(Duration.ofMinutes(5)));
    }

    @Test
    void theFirstRecheckIsDueAtTheNextFiveMinuteSlotSoBatchesOnboardedCloseTogetherFireTogether() {
        aws.addZone("Z1", "example.com");
        Instant early = NOW.plusSeconds(1);
        Instant late = NOW.plus(Duration.ofMinutes(4)).plusSeconds(59);

        aws.workflow(Clock.fixed(early, ZoneOffset.UTC)).process(List.of(new InboundMessage("m1", "{\"domain\":\"a.example.com\"}")));
        aws.workflow(Clock.fixed(late, ZoneOffset.UTC)).process(List.of(new InboundMessage("m2", "{\"domain\":\"b.example.com\"}")));

        assertThat(aws.schedules).hasSize(2);
        assertThat(aws.schedules.values()).containsOnly(NOW.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aDomainOffboardedLaterInTheBatchGetsNoFirstRecheck() {
        aws.addZone("Z1", "example.com");

        assertThat(process("{\"domain\":\"a.example.com\"}", "{\"domain\":\"b.example.com\"}",
                "{\"action\":\"offboard\",\"domain\":\"a.example.com\"}")).isEmpty();

        assertThat(aws.scheduledRechecks.values()).singleElement()
                .satisfies(recheck -> assertThat(recheck.domains()).extracting(pending -> pending.domain().name())
                        .containsExactly("b.example.com"));
    }

    @Test
    void aDomainOnboardedTwiceInABatchIsCheckedOnceAsOnboardedLast() {
        aws.addZone("Z1", "example.com");

        process("{\"domain\":\"a.example.com\",\"tenantId\":\"first\"}", "{\"domain\":\"a.example.com\",\"tenantId\":\"second\"}");

        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(recheck ->
                assertThat(recheck.domains()).singleElement().satisfies(pending -> assertThat(pending.tenantId()).contains("second")));
    }

    @Test
    void aTransientFailureStillSchedulesTheFirstRecheckOfTheOtherDomainsOfTheBatch() {
        aws.addZone("Z1", "example.com");
        aws.throttledDomain = "b.example.com";

        List<String> failed = process("{\"domain\":\"a.example.com\"}", "{\"domain\":\"b.example.com\"}",
                "{\"domain\":\"c.example.com\"}");

        assertThat(failed).containsExactly("m2");
        assertThat(aws.scheduledRechecks.values()).singleElement()
                .satisfies(recheck -> assertThat(recheck.domains()).extracting(pending -> pending.domain().name())
                        .containsExactly("a.example.com", "c.example.com"));
    }

    @Test
    void whenTheFirstRechecksCannotBeScheduledEveryOnboardMessageOfTheBatchIsRedelivered() {
        aws.addZone("Z1", "example.com");
        aws.failNextSchedule = new IllegalStateException("Scheduler throttled");

        List<String> failed = process("{\"domain\":\"not valid\"}", "{\"domain\":\"a.example.com\"}",
                "{\"action\":\"offboard\",\"domain\":\"z.example.com\"}", "{\"domain\":\"b.example.com\"}");

        assertThat(failed).containsExactly("m2", "m4");
        assertThat(aws.deadLetters).containsOnlyKeys("m1");
        assertThat(aws.scheduledRechecks).isEmpty();
    }

    @Test
    void aDomainIsAnnouncedOnceEvenWhenItsFirstRecheckHadToBeScheduledAgain() {
        aws.addZone("Z1", "example.com");
        aws.failNextSchedule = new IllegalStateException("Scheduler throttled");
        String[] batch = {"{\"domain\":\"a.example.com\"}", "{\"domain\":\"b.example.com\"}"};

        assertThat(process(batch)).containsExactly("m1", "m2");
        assertThat(aws.events).isEmpty();

        assertThat(process(batch)).isEmpty();
        assertThat(aws.events).extracting(event -> event.detailType() + " " + event.domainName().orElseThrow())
                .containsExactly("DKIM Records Published a.example.com", "DKIM Records Published b.example.com");
        assertThat(aws.scheduledRechecks).hasSize(1);
    }

    @Test
    void aHostedZoneIdTheDeploymentMayNotWriteIsRejectedBeforeAnyCall() {
        aws.addZone("ZOTHER", "example.com");
        aws.writableZones = WritableZones.parse("ZMINE");
        OnboardingWorkflow narrowed = aws.workflow(Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(narrowed.process(List.of(new InboundMessage("m1",
                "{\"domain\":\"mail.example.com\",\"hostedZoneId\":\"ZOTHER\"}")))).isEmpty();

        assertThat(aws.journal).containsExactly("dlq m1", "event Domain Onboarding Rejected");
        assertThat(aws.sesCalls()).isZero();
        assertThat(aws.deadLetters.get("m1")).isEqualTo("hosted zone \"ZOTHER\" is not one this deployment may write (it may"
                + " write only ZMINE); add it to the stack's hostedZoneIds and deploy, or leave hostedZoneId out to get the"
                + " records for manual DNS");
    }

    @Test
    void aZoneFoundByNameThatTheDeploymentMayNotWriteGetsTheManualDnsPathNamingIt() {
        aws.addZone("ZOTHER", "example.com");
        aws.writableZones = WritableZones.NO_ZONE;
        OnboardingWorkflow narrowed = aws.workflow(Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(narrowed.process(List.of(new InboundMessage("m1", "{\"domain\":\"mail.example.com\"}")))).isEmpty();

        assertThat(aws.records).isEmpty();
        assertThat(aws.journal).containsExactly(
                "dns:find mail.example.com",
                "ses:verify mail.example.com",
                "schedule " + aws.schedules.keySet().iterator().next(),
                "event DKIM Manual DNS Required");
        assertThat(aws.scheduledRechecks.values().iterator().next().domains())
                .singleElement().satisfies(pending -> assertThat(pending.hostedZoneId()).isEmpty());
        assertThat(aws.events.get(0)).isInstanceOfSatisfying(Outcome.ManualDnsRequired.class, manualDns ->
                assertThat(manualDns.reason()).isEqualTo("hosted zone ZOTHER (example.com) covers mail.example.com but this"
                        + " deployment may not write it (it may write no hosted zone); create these CNAME records in it, or"
                        + " add it to the stack's hostedZoneIds, deploy and onboard the domain again"));
    }
}
