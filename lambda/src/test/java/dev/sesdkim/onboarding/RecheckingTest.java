package dev.sesdkim.onboarding;

import dev.sesdkim.onboarding.aws.SchedulerRecheckScheduler;
import dev.sesdkim.onboarding.local.FastForwardClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What happens to re-check messages, driven through the workflow with fakes behind the ports and a clock the test moves. */
class RecheckingTest {

    private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");

    private final Fakes aws = new Fakes();
    private final FastForwardClock clock = new FastForwardClock(STARTED);
    private final OnboardingWorkflow workflow = aws.workflow(clock);
    private final MessageCodec codec = new MessageCodec();

    private List<String> process(String... bodies) {
        List<InboundMessage> batch = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            batch.add(new InboundMessage("m" + (i + 1), bodies[i]));
        }
        return workflow.process(batch);
    }

    private String recheck(int attempt, Request.PendingDomain... domains) {
        return codec.toJson(new Request.Recheck(attempt, List.of(domains)));
    }

    private static Request.PendingDomain pending(String domain, String zoneId) {
        return new Request.PendingDomain(Domain.parse(domain), Optional.ofNullable(zoneId), Optional.of("acme"), STARTED, false);
    }

    /** Onboards the domain into its zone, as the re-checks below would follow. */
    private void onboarded(String domain, String zoneId, String zoneName) {
        if (!aws.zonesById.containsKey(zoneId)) {
            aws.addZone(zoneId, zoneName);
        }
        aws.ses.verifyDomainDkim(Domain.parse(domain));
        aws.dns.upsert(aws.zonesById.get(zoneId), expectedRecords(domain));
        aws.journal.clear();
    }

    private List<DkimRecord> expectedRecords(String domain) {
        return Fakes.RECORDS.recordsFor(Domain.parse(domain), aws.identities.get(domain));
    }

    @Test
    void aWaveThatVerifiesAThousandDomainsIsAnnouncedInAHundredPutEventsRequests() {
        aws.addZone("Z1", "example.com");
        List<String> messages = new ArrayList<>();
        for (int message = 0; message < 10; message++) {
            List<Request.PendingDomain> domains = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String domain = "d" + (message * 100 + i) + ".example.com";
                aws.ses.verifyDomainDkim(Domain.parse(domain));
                aws.dkimStatuses.put(domain, DkimStatus.SUCCESS);
                domains.add(pending(domain, "Z1"));
            }
            messages.add(codec.toJson(new Request.Recheck(3, domains)));
        }
        clock.advanceTo(STARTED.plus(Duration.ofHours(1)));

        assertThat(process(messages.toArray(String[]::new))).isEmpty();

        assertThat(aws.events).hasSize(1000).allMatch(event -> event.type() == Outcome.Type.VERIFIED);
        assertThat(aws.putEventsRequests).isEqualTo(100);
    }

    @Test
    void anOutcomeTheBusKeepsRefusingRedeliversTheRecheckMessagesSoNoDomainIsLost() {
        onboarded("a.example.com", "Z1", "example.com");
        onboarded("b.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("a.example.com", DkimStatus.SUCCESS);
        aws.dkimStatuses.put("b.example.com", DkimStatus.SUCCESS);
        aws.eventsRefusedFor.add("b.example.com");
        clock.advanceTo(STARTED.plus(Duration.ofMinutes(20)));

        assertThat(process(recheck(2, pending("a.example.com", "Z1")), recheck(2, pending("b.example.com", "Z1"))))
                .containsExactly("m1", "m2");
        aws.eventsRefusedFor.clear();
        assertThat(process(recheck(2, pending("a.example.com", "Z1")), recheck(2, pending("b.example.com", "Z1")))).isEmpty();

        assertThat(aws.events).extracting(event -> event.domainName().orElseThrow())
                .as("a was announced twice: events are at least once")
                .containsExactly("a.example.com", "a.example.com", "b.example.com");
    }

    @Test
    void successIsAnnouncedAsVerifiedWithAttemptStartAndElapsedTime() {
        onboarded("mail.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("mail.example.com", DkimStatus.SUCCESS);
        clock.advanceTo(STARTED.plus(Duration.ofMinutes(20)));

        assertThat(process(recheck(2, pending("mail.example.com", "Z1")))).isEmpty();

        assertThat(aws.events).containsExactly(new Outcome.Verified(Domain.parse("mail.example.com"), Optional.of("acme"),
                Optional.of("Z1"), Optional.of(2), Optional.of(Instant.parse("2026-11-22T10:00:00Z")),
                Optional.of(Duration.ofMinutes(20)), Optional.empty(), Optional.empty()));
        assertThat(aws.schedules).isEmpty();
    }

    @Test
    void failedNamesTheExpectedRecordsAndWhichOfThemAreMissingFromTheZone() {
        onboarded("mail.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("mail.example.com", DkimStatus.FAILED);
        List<DkimRecord> expected = expectedRecords("mail.example.com");
        aws.records.remove("Z1 " + expected.get(1).name());
        aws.addRecord("Z1", expected.get(2).name(), "somewhere.else.example.net");

        process(recheck(12, pending("mail.example.com", "Z1")));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.VerificationFailed.class, failed -> {
            assertThat(failed.dkimStatus()).isEqualTo(DkimStatus.FAILED);
            assertThat(failed.attempt()).isEqualTo(12);
            assertThat(failed.records()).contains(Outcome.Cname.allOf(expected));
            assertThat(failed.recordsFound()).contains(List.of(expected.get(0).name()));
            assertThat(failed.reason())
                    .contains("hosted zone Z1 lacks 2 of the 3")
                    .contains(expected.get(1).name()).contains(expected.get(2).name())
                    .contains("onboard the domain again");
        });
        assertThat(aws.schedules).isEmpty();
    }

    @Test
    void aFailedDomainWhoseZoneCannotBeReadNowIsCarriedForwardAndTheOthersAreStillAnnouncedOnce() {
        onboarded("mail.example.com", "Z1", "example.com");
        onboarded("news.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("mail.example.com", DkimStatus.FAILED);
        aws.dkimStatuses.put("news.example.com", DkimStatus.SUCCESS);
        aws.failRecordReads = new IllegalStateException("Route 53: Throttling");

        assertThat(process(recheck(3, pending("mail.example.com", "Z1"), pending("news.example.com", "Z1")))).isEmpty();

        assertThat(aws.events).singleElement().isInstanceOf(Outcome.Verified.class);
        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(carried -> {
            assertThat(carried.carriedForward()).isEqualTo(1);
            assertThat(carried.attempt()).isEqualTo(3);
            assertThat(carried.domains()).extracting(pending -> pending.domain().name()).containsExactly("mail.example.com");
        });
    }

    @Test
    void aFailedDomainWhoseZoneRecordsMayNoLongerBeReadIsStillAnnouncedSayingSo() {
        onboarded("mail.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("mail.example.com", DkimStatus.FAILED);
        aws.failRecordReads = new RejectedInputException("this function may not read records in zone Z1 (AccessDenied)");

        assertThat(process(recheck(3, pending("mail.example.com", "Z1")))).isEmpty();

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.VerificationFailed.class, failed ->
                assertThat(failed.reason()).contains("hosted zone Z1 can no longer be read (this function may not read"));
    }

    @Test
    void failedWithEveryRecordInTheZoneSaysToCheckTheDelegation() {
        onboarded("mail.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("mail.example.com", DkimStatus.FAILED);

        process(recheck(3, pending("mail.example.com", "Z1")));

        assertThat(aws.events.get(0)).isInstanceOfSatisfying(Outcome.VerificationFailed.class, failed -> {
            assertThat(failed.recordsFound()).hasValueSatisfying(found -> assertThat(found).hasSize(3));
            assertThat(failed.reason()).contains("although all 3 are in hosted zone Z1").contains("NS records delegate");
        });
    }

    @Test
    void failedWithoutAZoneSaysToCheckTheDnsProviderAndReadsNoZone() {
        aws.ses.verifyDomainDkim(Domain.parse("mail.nozone.org"));
        aws.dkimStatuses.put("mail.nozone.org", DkimStatus.FAILED);
        aws.journal.clear();

        process(recheck(3, pending("mail.nozone.org", null)));

        assertThat(aws.journal).noneMatch(call -> call.startsWith("dns:"));
        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.VerificationFailed.class, failed -> {
            assertThat(failed.hostedZoneId()).isEmpty();
            assertThat(failed.recordsFound()).isEmpty();
            assertThat(failed.records()).contains(Outcome.Cname.allOf(expectedRecords("mail.nozone.org")));
            assertThat(failed.reason()).contains("DNS provider");
        });
    }

    @ParameterizedTest(name = "after re-check {0} comes re-check {1}, {2} later")
    @CsvSource({"1, 2, PT15M", "2, 3, PT1H", "3, 4, PT3H", "4, 5, PT6H", "5, 6, PT6H", "9, 10, PT6H"})
    void pendingIsAskedAgainAfterTheNextDelayOfTheBackOff(int attempt, int next, Duration delay) {
        onboarded("mail.example.com", "Z1", "example.com");
        Instant now = STARTED.plus(Duration.ofMinutes(5));
        clock.advanceTo(now);

        process(recheck(attempt, pending("mail.example.com", "Z1")));

        assertThat(aws.events).isEmpty();
        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(recheck -> {
            assertThat(recheck.attempt()).isEqualTo(next);
            assertThat(recheck.domains()).containsExactly(pending("mail.example.com", "Z1"));
        });
        assertThat(aws.schedules.values()).containsExactly(now.plus(delay));
    }

    @Test
    void temporaryFailureIsAskedAgainLikePending() {
        onboarded("mail.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("mail.example.com", DkimStatus.TEMPORARY_FAILURE);

        process(recheck(1, pending("mail.example.com", "Z1")));

        assertThat(aws.events).isEmpty();
        assertThat(aws.scheduledRechecks.values()).singleElement().extracting(Request.Recheck::attempt).isEqualTo(2);
    }

    @Test
    void aDomainThatStaysPendingIsAskedAt5m15m1h3h6hThenEvery6hAndTimesOutAt72h() {
        aws.addZone("Z1", "example.com");
        process("{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\"}");
        List<Duration> checkedAfterStart = new ArrayList<>();

        while (!aws.scheduledRechecks.isEmpty()) {
            String name = aws.scheduledRechecks.keySet().iterator().next();
            Request.Recheck due = aws.scheduledRechecks.remove(name);
            Instant at = aws.schedules.remove(name);
            clock.advanceTo(at);
            checkedAfterStart.add(Duration.between(STARTED, at));
            assertThat(process(codec.toJson(due))).isEmpty();
        }

        List<Duration> expected = new ArrayList<>(List.of(Duration.ofMinutes(5), Duration.ofMinutes(20),
                Duration.ofMinutes(80), Duration.ofMinutes(260), Duration.ofMinutes(620)));
        while (expected.get(expected.size() - 1).plusHours(6).compareTo(Duration.ofHours(72)) < 0) {
            expected.add(expected.get(expected.size() - 1).plusHours(6));
        }
        expected.add(Duration.ofHours(72));
        assertThat(checkedAfterStart).containsExactlyElementsOf(expected);
        assertThat(aws.events(Outcome.Type.TIMED_OUT)).singleElement()
                .isInstanceOfSatisfying(Outcome.TimedOut.class, timedOut -> {
                    assertThat(timedOut.attempt()).isEqualTo(expected.size());
                    assertThat(timedOut.elapsed()).isEqualTo(Duration.ofHours(72));
                    assertThat(timedOut.dkimStatus()).isEqualTo(DkimStatus.PENDING);
                    assertThat(timedOut.records()).contains(Outcome.Cname.allOf(expectedRecords("mail.example.com")));
                    assertThat(timedOut.reason()).contains("72 hours");
                });
    }

    @Test
    void oneSecondBefore72HoursTheLastCheckIsAtTheDeadlineAndAtTheDeadlineItTimesOut() {
        onboarded("mail.example.com", "Z1", "example.com");
        Instant deadline = STARTED.plus(Duration.ofHours(72));

        clock.advanceTo(deadline.minusSeconds(1));
        process(recheck(15, pending("mail.example.com", "Z1")));
        assertThat(aws.events).isEmpty();
        assertThat(aws.schedules.values()).containsExactly(deadline);

        clock.advanceTo(deadline);
        process(recheck(16, pending("mail.example.com", "Z1")));
        assertThat(aws.events).singleElement().extracting(Outcome::type).isEqualTo(Outcome.Type.TIMED_OUT);
        assertThat(aws.schedules).hasSize(1);
    }

    @Test
    void anUnknownIdentityIsOnboardedAgainOnceKeepingItsStartThenFails() {
        aws.addZone("Z1", "example.com");
        clock.advanceTo(STARTED.plus(Duration.ofHours(1)));

        process(recheck(3, pending("mail.example.com", "Z1")));

        assertThat(aws.journal).contains("ses:verify mail.example.com", "dns:upsert Z1 3");
        assertThat(aws.events).extracting(Outcome::type).containsExactly(Outcome.Type.RECORDS_PUBLISHED);
        assertThat(aws.events.get(0)).isInstanceOfSatisfying(Outcome.RecordsPublished.class,
                published -> assertThat(published.startedAt()).isEqualTo(STARTED));
        Request.Recheck next = aws.scheduledRechecks.values().iterator().next();
        assertThat(next.attempt()).isEqualTo(1);
        assertThat(next.domains()).singleElement().satisfies(again -> {
            assertThat(again.reonboarded()).isTrue();
            assertThat(again.startedAt()).isEqualTo(STARTED);
        });

        aws.identities.clear();
        aws.events.clear();
        aws.scheduledRechecks.clear();
        process(codec.toJson(next));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.VerificationFailed.class, failed -> {
            assertThat(failed.dkimStatus()).isEqualTo(DkimStatus.NOT_STARTED);
            assertThat(failed.records()).isEmpty();
            assertThat(failed.reason()).contains("even after it was onboarded a second time");
        });
        assertThat(aws.scheduledRechecks).isEmpty();
    }

    @Test
    void aReonboardingRightAfterTheFirstRecheckFiredStillGetsItsOwnRecheck() {
        aws.addZone("Z1", "example.com");
        process("{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\"}");
        Request.Recheck fired = aws.scheduledRechecks.values().iterator().next();
        aws.identities.clear();
        clock.advanceTo(STARTED.plus(Duration.ofMinutes(5)));

        process(codec.toJson(fired));

        assertThat(aws.scheduledRechecks).hasSize(2);
        assertThat(aws.scheduledRechecks.values()).filteredOn(recheck -> recheck.domains().get(0).reonboarded())
                .singleElement().extracting(Request.Recheck::attempt).isEqualTo(1);
    }

    @Test
    void notStartedIsTreatedLikeAnUnknownIdentity() {
        onboarded("mail.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("mail.example.com", DkimStatus.NOT_STARTED);

        process(recheck(2, pending("mail.example.com", "Z1")));

        assertThat(aws.journal).contains("ses:verify mail.example.com");
        assertThat(aws.events).extracting(Outcome::type).containsExactly(Outcome.Type.RECORDS_PUBLISHED);
    }

    @Test
    void aReonboardingWhoseZoneIsRefusedFailsThatDomainOnlyAndRejectsNothing() {
        onboarded("ok.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("ok.example.com", DkimStatus.SUCCESS);

        List<String> failed = process(recheck(2, pending("gone.example.com", "ZDELETED"), pending("ok.example.com", "Z1")));

        assertThat(failed).isEmpty();
        assertThat(aws.deadLetters).isEmpty();
        assertThat(aws.identities).doesNotContainKey("gone.example.com");
        assertThat(aws.events).extracting(Outcome::type)
                .containsExactlyInAnyOrder(Outcome.Type.VERIFIED, Outcome.Type.VERIFICATION_FAILED);
        assertThat(aws.events(Outcome.Type.VERIFICATION_FAILED)).singleElement()
                .isInstanceOfSatisfying(Outcome.VerificationFailed.class, gone -> {
                    assertThat(gone.domain().name()).isEqualTo("gone.example.com");
                    assertThat(gone.reason()).contains("onboarding it again was refused").contains("ZDELETED");
                });
    }

    @Test
    void twoHundredFiftyPendingDomainsTakeThreeSesCallsAndThreeSchedules() {
        List<Request.PendingDomain> domains = IntStream.range(0, 250)
                .mapToObj(i -> pending("d" + i + ".example.com", "Z1"))
                .toList();
        aws.addZone("Z1", "example.com");
        domains.forEach(pending -> aws.publishRecords("Z1", pending.domain()));
        aws.journal.clear();
        String[] messages = IntStream.range(0, 3)
                .mapToObj(i -> codec.toJson(new Request.Recheck(2, domains.subList(i * 100, Math.min(250, i * 100 + 100)))))
                .toArray(String[]::new);
        clock.advanceTo(STARTED.plus(Duration.ofMinutes(20)));

        assertThat(process(messages)).isEmpty();

        assertThat(aws.journal.stream().filter(call -> call.startsWith("ses:"))).containsExactly(
                "ses:statuses 100", "ses:statuses 100", "ses:statuses 50");
        assertThat(aws.statusCalls.stream().flatMap(List::stream).distinct()).hasSize(250);
        assertThat(aws.scheduledRechecks.values()).extracting(recheck -> recheck.domains().size())
                .containsExactly(100, 100, 50);
        assertThat(aws.scheduledRechecks.values()).allSatisfy(recheck -> assertThat(recheck.attempt()).isEqualTo(3));
        assertThat(aws.schedules.values()).containsOnly(STARTED.plus(Duration.ofMinutes(20)).plus(Duration.ofHours(1)));
        assertThat(aws.scheduledRechecks.values().stream().flatMap(recheck -> recheck.domains().stream()))
                .containsExactlyInAnyOrderElementsOf(domains);
    }

    @Test
    void domainsDueForTheSameAttemptAtTheSameTimeShareOneScheduleWhateverMessageTheyCameIn() {
        aws.addZone("Z1", "example.com");
        for (String domain : List.of("a.example.com", "b.example.com", "c.example.com", "d.example.com", "e.example.com")) {
            aws.publishRecords("Z1", Domain.parse(domain));
        }
        aws.dkimStatuses.put("e.example.com", DkimStatus.SUCCESS);
        aws.journal.clear();
        Instant now = STARTED.plus(Duration.ofHours(2));
        clock.advanceTo(now);

        process(recheck(2, pending("a.example.com", "Z1"), pending("b.example.com", "Z1")),
                recheck(2, pending("c.example.com", "Z1"), pending("e.example.com", "Z1")),
                recheck(4, pending("d.example.com", "Z1")));

        assertThat(aws.journal.stream().filter(call -> call.startsWith("ses:"))).containsExactly("ses:statuses 5");
        Map<Integer, List<String>> domainsByAttempt = new java.util.TreeMap<>();
        aws.scheduledRechecks.values().forEach(recheck -> domainsByAttempt.put(recheck.attempt(),
                recheck.domains().stream().map(pending -> pending.domain().name()).toList()));
        assertThat(domainsByAttempt).containsExactly(
                Map.entry(3, List.of("a.example.com", "b.example.com", "c.example.com")),
                Map.entry(5, List.of("d.example.com")));
        assertThat(aws.schedules.values()).containsExactly(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(6)));
        assertThat(aws.events).extracting(Outcome::type).containsExactly(Outcome.Type.VERIFIED);
    }

    @Test
    void aDomainInTwoMessagesIsAskedOnceAndRescheduledAsItsLaterAttempt() {
        onboarded("mail.example.com", "Z1", "example.com");

        process(recheck(2, pending("mail.example.com", "Z1")), recheck(3, pending("mail.example.com", "Z1")));

        assertThat(aws.statusCalls).containsExactly(List.of(Domain.parse("mail.example.com")));
        assertThat(aws.scheduledRechecks.values()).singleElement().extracting(Request.Recheck::attempt).isEqualTo(4);
    }

    @Test
    void rescheduledRechecksGetTheSameNamesWhenTheBatchIsRedeliveredInAnotherOrder() {
        aws.addZone("Z1", "example.com");
        List<Request.PendingDomain> domains = IntStream.range(0, 120).mapToObj(i -> pending("d" + i + ".example.com", "Z1")).toList();
        domains.forEach(pending -> aws.ses.verifyDomainDkim(pending.domain()));
        String first = codec.toJson(new Request.Recheck(2, domains.subList(0, 60)));
        String second = codec.toJson(new Request.Recheck(2, domains.subList(60, 120)));

        process(first, second);
        List<String> names = List.copyOf(aws.scheduledRechecks.keySet());
        aws.scheduledRechecks.clear();
        process(second, first);

        assertThat(aws.scheduledRechecks.keySet()).containsExactlyElementsOf(names);
    }

    @Test
    void aTransientFailureOfTheJointRecheckFailsEveryRecheckMessageAndNothingElse() {
        aws.addZone("Z1", "example.com");
        onboarded("a.example.com", "Z1", "example.com");
        aws.failNextStatusCall = new IllegalStateException("Throttling");

        List<String> failed = process(
                recheck(2, pending("a.example.com", "Z1")),
                "{\"domain\":\"new.example.com\"}",
                recheck(3, pending("b.example.com", "Z1")),
                "{\"domain\":\"not valid\"}");

        assertThat(failed).containsExactlyInAnyOrder("m1", "m3");
        assertThat(aws.identities).containsKey("new.example.com");
        assertThat(aws.deadLetters).containsOnlyKeys("m4");
    }

    @Test
    void aTransientFailureMidBatchFailsThatMessageAloneAndTheRechecksStillRun() {
        aws.addZone("Z1", "example.com");
        onboarded("a.example.com", "Z1", "example.com");
        aws.journal.clear();
        aws.failNextSesCall = new IllegalStateException("Throttling");

        List<String> failed = process(
                recheck(2, pending("a.example.com", "Z1")),
                "{\"domain\":\"not valid\"}",
                "{\"domain\":\"new.example.com\"}",
                recheck(3, pending("b.example.com", "Z1")));

        assertThat(failed).containsExactly("m3");
        assertThat(aws.journal).contains("ses:statuses 2");
        assertThat(aws.deadLetters).containsOnlyKeys("m2");
    }

    @Test
    void aDomainWhoseOnboardingAgainFailsForNowIsCarriedForwardAloneAndTheOthersAreAnnouncedOnce() {
        aws.addZone("Z1", "example.com");
        onboarded("done.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("done.example.com", DkimStatus.SUCCESS);
        aws.throttledDomain = "b.example.com";

        List<String> failed = process(recheck(2, pending("a.example.com", "Z1"), pending("b.example.com", "Z1"),
                pending("c.example.com", "Z1"), pending("done.example.com", "Z1")));

        assertThat(failed).as("nothing redelivered, so nothing announced twice").isEmpty();
        assertThat(aws.events).extracting(event -> event.type() + " " + event.domainName().orElseThrow())
                .containsExactlyInAnyOrder("VERIFIED done.example.com", "RECORDS_PUBLISHED a.example.com",
                        "RECORDS_PUBLISHED c.example.com");
        assertThat(aws.scheduledRechecks.values()).filteredOn(recheck -> recheck.carriedForward() > 0).singleElement()
                .satisfies(carried -> assertThat(carried.domains()).extracting(pending -> pending.domain().name())
                        .containsExactly("b.example.com"));
    }

    @Test
    void anInvalidRecheckMessageIsRejectedAndTheOthersAreStillChecked() {
        onboarded("mail.example.com", "Z1", "example.com");
        aws.dkimStatuses.put("mail.example.com", DkimStatus.SUCCESS);

        List<String> failed = process("{\"action\":\"recheck\",\"attempt\":0,\"domains\":[]}",
                recheck(2, pending("mail.example.com", "Z1")));

        assertThat(failed).isEmpty();
        assertThat(aws.deadLetters).containsOnlyKeys("m1");
        assertThat(aws.events).extracting(Outcome::type).containsExactly(Outcome.Type.REJECTED, Outcome.Type.VERIFIED);
    }

    @Test
    void aRecheckQueuedBeforeAnOffboardInTheSameBatchDoesNotOnboardTheDomainAgain() {
        onboarded("mail.example.com", "Z1", "example.com");

        List<String> failed = process(recheck(2, pending("mail.example.com", "Z1")),
                "{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}");

        assertThat(failed).isEmpty();
        assertThat(aws.identities).isEmpty();
        assertThat(aws.records).isEmpty();
        assertThat(aws.scheduledRechecks).isEmpty();
        assertThat(aws.events).extracting(Outcome::type).containsExactly(Outcome.Type.OFFBOARDED);
    }

    @Test
    void domainsOnboardedAgainByOneRecheckShareTheirFirstRecheck() {
        aws.addZone("Z1", "example.com");
        clock.advanceTo(STARTED.plus(Duration.ofMinutes(5)));

        process(recheck(1, pending("a.example.com", "Z1"), pending("b.example.com", "Z1")));

        assertThat(aws.identities).containsKeys("a.example.com", "b.example.com");
        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(next -> {
            assertThat(next.attempt()).isEqualTo(1);
            assertThat(next.domains()).extracting(pending -> pending.domain().name()).containsExactly("a.example.com", "b.example.com");
            assertThat(next.domains()).allSatisfy(pending -> {
                assertThat(pending.reonboarded()).isTrue();
                assertThat(pending.startedAt()).isEqualTo(STARTED);
            });
        });
        assertThat(aws.schedules.values()).containsExactly(STARTED.plus(Duration.ofMinutes(10)));
    }

    /** How far below the function timeout a batch on fake time must end: room for what the fakes do not model. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    /**
     * Ten re-check messages of a hundred domains each in zone Z1, as ten schedules firing together deliver them; the
     * attempts alternate between 2 and 3, so the domains come from re-checks of two attempts.
     */
    private List<InboundMessage> tenRechecksOfAHundred(Map<Request.PendingDomain, Integer> attempts) {
        List<InboundMessage> batch = new ArrayList<>();
        for (int message = 0; message < 10; message++) {
            int attempt = 2 + message % 2;
            int m = message;
            List<Request.PendingDomain> domains = IntStream.range(0, 100)
                    .mapToObj(d -> pending("d" + d + ".m" + m + ".example.com", "Z1"))
                    .toList();
            domains.forEach(pending -> attempts.put(pending, attempt));
            batch.add(new InboundMessage("m" + message, codec.toJson(new Request.Recheck(attempt, domains))));
        }
        return batch;
    }

    private List<String> announced(Outcome.Type type) {
        return aws.events(type).stream().map(event -> event.domainName().orElseThrow()).toList();
    }

    /** The re-checks scheduled for domains carried forward: as they came, not onboarded again. */
    private List<Request.Recheck> carriedForward() {
        return aws.scheduledRechecks.values().stream()
                .filter(recheck -> recheck.domains().stream().noneMatch(Request.PendingDomain::reonboarded))
                .toList();
    }

    @Test
    void tenRechecksOfAHundredDomainsSesDoesNotKnowEndInTimeAndCarryWhatIsLeftToARecheckSoon() {
        Fakes.FakeTime time = new Fakes.FakeTime(STARTED.plus(Duration.ofHours(1)));
        aws.addZone("Z1", "example.com");
        aws.onTime(time, 1.0);
        Map<Request.PendingDomain, Integer> attempts = new HashMap<>();
        List<InboundMessage> batch = tenRechecksOfAHundred(attempts);

        Fakes.Invocation invocation = aws.invoke(batch);

        assertThat(invocation.redelivered()).as("nothing is redelivered: what did not fit is carried forward").isEmpty();
        assertThat(invocation.took()).isLessThanOrEqualTo(Fakes.FUNCTION_TIMEOUT.minus(MARGIN));
        List<String> reonboarded = announced(Outcome.Type.RECORDS_PUBLISHED);
        assertThat(reonboarded).isNotEmpty().doesNotHaveDuplicates();
        assertThat(aws.scheduledRechecks.values().stream().flatMap(recheck -> recheck.domains().stream())
                .filter(Request.PendingDomain::reonboarded).map(pending -> pending.domain().name()))
                .as("every domain onboarded again has its first re-check").containsExactlyInAnyOrderElementsOf(reonboarded);
        assertThat(carriedForward().stream().flatMap(recheck -> recheck.domains().stream()))
                .as("every other domain is carried forward as it came")
                .containsExactlyInAnyOrderElementsOf(attempts.keySet().stream()
                        .filter(pending -> !reonboarded.contains(pending.domain().name())).toList());
        assertThat(carriedForward()).allSatisfy(recheck -> {
            assertThat(recheck.domains()).as("same attempt").allMatch(pending -> attempts.get(pending) == recheck.attempt());
            assertThat(aws.schedules.get(SchedulerRecheckScheduler.nameFor(recheck))).isAfter(time.instant())
                    .isBefore(time.instant().plus(Duration.ofMinutes(5)));
        });
    }

    @Test
    void whatIsCarriedForwardIsOnboardedAgainByLaterInvocationsEachInTimeAndEachDomainAnnouncedOnce() {
        Fakes.FakeTime time = new Fakes.FakeTime(STARTED.plus(Duration.ofHours(1)));
        aws.addZone("Z1", "example.com");
        aws.onTime(time, 1.0);
        Map<Request.PendingDomain, Integer> attempts = new HashMap<>();
        List<InboundMessage> batch = tenRechecksOfAHundred(attempts);

        int invocations = 0;
        while (!batch.isEmpty() && invocations < 200) {
            Fakes.Invocation invocation = aws.invoke(batch);
            invocations++;
            assertThat(invocation.redelivered()).isEmpty();
            assertThat(invocation.took()).isLessThanOrEqualTo(Fakes.FUNCTION_TIMEOUT.minus(MARGIN));
            batch = new ArrayList<>();
            for (Request.Recheck carried : carriedForward()) {
                time.advanceTo(aws.schedules.remove(SchedulerRecheckScheduler.nameFor(carried)));
                aws.scheduledRechecks.remove(SchedulerRecheckScheduler.nameFor(carried));
                batch.add(new InboundMessage("c" + invocations + "-" + batch.size(), codec.toJson(carried)));
            }
            assertThat(batch).hasSizeLessThanOrEqualTo(10);
        }

        assertThat(batch).as("all carried work done after " + invocations + " invocations").isEmpty();
        assertThat(announced(Outcome.Type.RECORDS_PUBLISHED)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(attempts.keySet().stream().map(pending -> pending.domain().name()).toList());
        assertThat(aws.scheduledRechecks.values()).allSatisfy(recheck -> assertThat(recheck.domains())
                .allMatch(Request.PendingDomain::reonboarded));
        assertThat(aws.events).extracting(Outcome::type).containsOnly(Outcome.Type.RECORDS_PUBLISHED);
    }

    @Test
    void diagnosingTenRechecksOfAHundredFailedDomainsEndsInTimeAndCarriesWhatIsLeftForward() {
        aws.addZone("Z1", "example.com");
        Map<Request.PendingDomain, Integer> attempts = new HashMap<>();
        List<InboundMessage> batch = tenRechecksOfAHundred(attempts);
        attempts.keySet().forEach(pending -> {
            aws.ses.verifyDomainDkim(pending.domain());
            aws.dkimStatuses.put(pending.domain().name(), DkimStatus.FAILED);
        });
        Fakes.FakeTime time = new Fakes.FakeTime(STARTED.plus(Duration.ofHours(1)));
        aws.onTime(time, 1.0);

        Fakes.Invocation invocation = aws.invoke(batch);

        assertThat(invocation.redelivered()).isEmpty();
        assertThat(invocation.took()).isLessThanOrEqualTo(Fakes.FUNCTION_TIMEOUT.minus(MARGIN));
        List<String> failed = announced(Outcome.Type.VERIFICATION_FAILED);
        assertThat(failed).isNotEmpty().doesNotHaveDuplicates();
        assertThat(aws.events(Outcome.Type.VERIFICATION_FAILED)).allSatisfy(event -> assertThat(event)
                .isInstanceOfSatisfying(Outcome.VerificationFailed.class, diagnosed -> assertThat(diagnosed.recordsFound()).isPresent()));
        assertThat(carriedForward().stream().flatMap(recheck -> recheck.domains().stream()).map(pending -> pending.domain().name()))
                .containsExactlyInAnyOrderElementsOf(attempts.keySet().stream().map(pending -> pending.domain().name())
                        .filter(name -> !failed.contains(name)).collect(Collectors.toList()));
    }

    @Test
    void whenNoTimeIsLeftForTheJointRecheckItsDomainsAreCarriedForwardWithoutAskingSes() {
        onboarded("a.example.com", "Z1", "example.com");
        String first = codec.toJson(new Request.Recheck(2, List.of(pending("a.example.com", "Z1"))));
        String carriedTwice = codec.toJson(new Request.Recheck(4, List.of(pending("b.example.com", "Z1")), 2));
        Instant now = STARTED.plus(Duration.ofHours(2));
        clock.advanceTo(now);

        List<String> failed = workflow.process(List.of(new InboundMessage("m1", first), new InboundMessage("m2", carriedTwice)),
                () -> OnboardingWorkflow.RESERVE.toMillis());

        assertThat(failed).isEmpty();
        assertThat(aws.sesCalls()).isZero();
        assertThat(aws.events).isEmpty();
        assertThat(aws.scheduledRechecks.values()).containsExactlyInAnyOrder(
                new Request.Recheck(2, List.of(pending("a.example.com", "Z1")), 1),
                new Request.Recheck(4, List.of(pending("b.example.com", "Z1")), 3));
        assertThat(aws.schedules.values()).containsOnly(now.plus(Rechecking.CARRY_FORWARD_DELAY));
    }

    @Test
    void atMostOneScheduleOfDomainsIsOnboardedAgainPerInvocationAndTheRestIsCarriedForward() {
        aws.addZone("Z1", "example.com");
        List<Request.PendingDomain> domains = IntStream.range(0, 150).mapToObj(i -> pending("d" + i + ".example.com", "Z1")).toList();

        assertThat(process(codec.toJson(new Request.Recheck(3, domains.subList(0, 100))),
                codec.toJson(new Request.Recheck(3, domains.subList(100, 150))))).isEmpty();

        assertThat(announced(Outcome.Type.RECORDS_PUBLISHED)).hasSize(Rechecking.MAX_ONBOARDED_AGAIN).doesNotHaveDuplicates();
        assertThat(carriedForward()).singleElement().satisfies(carried -> {
            assertThat(carried.attempt()).isEqualTo(3);
            assertThat(carried.carriedForward()).isEqualTo(1);
            assertThat(carried.domains()).hasSize(50).noneMatch(pending -> announced(Outcome.Type.RECORDS_PUBLISHED)
                    .contains(pending.domain().name()));
        });
    }
}
