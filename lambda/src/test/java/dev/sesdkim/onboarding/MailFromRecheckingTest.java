package dev.sesdkim.onboarding;

import dev.sesdkim.onboarding.local.FastForwardClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-checks of domains with a custom MAIL FROM domain, on fakes: a domain is finished when both its DKIM and its MAIL FROM
 * status are final, or its 72 hours are over; every event of a re-check says what SES says of the MAIL FROM domain.
 */
class MailFromRecheckingTest {

    private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
    private static final String DOMAIN = "mail.example.com";
    private static final MailFromDomain BOUNCE = new MailFromDomain("bounce.mail.example.com");

    private final Fakes aws = new Fakes();
    private final FastForwardClock clock = new FastForwardClock(STARTED);
    private final MessageCodec codec = new MessageCodec();
    private OnboardingWorkflow workflow;

    {
        aws.mailFromPolicy = new MailFromPolicy(Optional.of("bounce"), "us-east-1", 1800);
        workflow = aws.workflow(clock);
    }

    private List<String> process(String... bodies) {
        List<InboundMessage> batch = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            batch.add(new InboundMessage("m" + (i + 1), bodies[i]));
        }
        return workflow.process(batch);
    }

    private static Request.PendingDomain pending(String domain, Optional<MailFromDomain> mailFrom) {
        return new Request.PendingDomain(Domain.parse(domain), Optional.of("Z1"), Optional.of("acme"), STARTED, false)
                .withMailFrom(mailFrom);
    }

    private String recheck(int attempt, Request.PendingDomain... domains) {
        return codec.toJson(new Request.Recheck(attempt, List.of(domains)));
    }

    /** The domain onboarded into zone Z1 with its MAIL FROM domain, as the re-checks below follow. */
    private void onboarded(String domain, MailFromStatus mailFromStatus) {
        if (!aws.zonesById.containsKey("Z1")) {
            aws.addZone("Z1", "example.com");
        }
        process("{\"domain\":\"" + domain + "\",\"mailFrom\":\"bounce\"}");
        aws.mailFromStatuses.put(domain, mailFromStatus);
        aws.events.clear();
        aws.schedules.clear();
        aws.scheduledRechecks.clear();
        aws.journal.clear();
        aws.mailFromCalls.clear();
    }

    @Test
    void theFirstRecheckCarriesTheMailFromDomainOnboardingSetUp() {
        aws.addZone("Z1", "example.com");

        process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}");

        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(recheck -> assertThat(recheck.domains())
                .singleElement().satisfies(pending -> assertThat(pending.mailFrom()).contains(BOUNCE)));
    }

    @Test
    void dkimVerifiedWhileMailFromIsPendingIsNotFinishedButCheckedAgain() {
        onboarded(DOMAIN, MailFromStatus.PENDING);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);
        clock.advanceTo(STARTED.plus(Duration.ofMinutes(5)));

        assertThat(process(recheck(1, pending(DOMAIN, Optional.of(BOUNCE))))).isEmpty();

        assertThat(aws.events).as("nothing is final yet").isEmpty();
        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(next -> {
            assertThat(next.attempt()).isEqualTo(2);
            assertThat(next.domains()).singleElement().satisfies(pending -> assertThat(pending.mailFrom()).contains(BOUNCE));
        });
    }

    @Test
    void bothVerifiedIsAnnouncedOnceWithTheMailFromStatus() {
        onboarded(DOMAIN, MailFromStatus.SUCCESS);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);
        clock.advanceTo(STARTED.plus(Duration.ofMinutes(20)));

        assertThat(process(recheck(2, pending(DOMAIN, Optional.of(BOUNCE))))).isEmpty();

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Verified.class, verified ->
                assertThat(verified.mailFrom()).contains(new Outcome.MailFromCheck("bounce.mail.example.com",
                        MailFromStatus.SUCCESS, Optional.empty())));
        assertThat(aws.scheduledRechecks).isEmpty();
    }

    @Test
    void aFailedMailFromFinishesAVerifiedDomainAndSaysWhatToFix() {
        onboarded(DOMAIN, MailFromStatus.FAILED);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);

        process(recheck(3, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Verified.class, verified -> {
            Outcome.MailFromCheck mailFrom = verified.mailFrom().orElseThrow();
            assertThat(mailFrom.status()).isEqualTo(MailFromStatus.FAILED);
            assertThat(mailFrom.reason()).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("SES could not find the MX record of the MAIL FROM domain bounce.mail.example.com")
                    .contains("sent with SES's own MAIL FROM domain")
                    .contains("its MX and TXT records are right in public DNS now")
                    .endsWith("then onboard the domain again, which sets the MAIL FROM domain again and restarts its"
                            + " verification"));
        });
        assertThat(aws.scheduledRechecks).isEmpty();
    }

    @Test
    void whenTheWaitIsOverAVerifiedDomainIsAnnouncedWithTheMailFromStillPending() {
        onboarded(DOMAIN, MailFromStatus.TEMPORARY_FAILURE);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);
        clock.advanceTo(STARTED.plus(Duration.ofHours(72)));

        process(recheck(16, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Verified.class, verified -> {
            assertThat(verified.mailFrom().orElseThrow().status()).isEqualTo(MailFromStatus.TEMPORARY_FAILURE);
            assertThat(verified.mailFrom().orElseThrow().reason()).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("SES did not verify the MAIL FROM domain bounce.mail.example.com within 72 hours"
                            + " (status TemporaryFailure)"));
        });
        assertThat(aws.scheduledRechecks).isEmpty();
    }

    @Test
    void aMailFromDomainSesNoLongerHasIsReportedAsNotSet() {
        onboarded(DOMAIN, MailFromStatus.SUCCESS);
        aws.mailFromDomains.put(DOMAIN, new MailFromDomain("other.mail.example.com"));
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);

        process(recheck(2, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Verified.class, verified -> {
            assertThat(verified.mailFrom().orElseThrow().status()).isEqualTo(MailFromStatus.NOT_SET);
            assertThat(verified.mailFrom().orElseThrow().reason().orElseThrow())
                    .startsWith("SES no longer has bounce.mail.example.com as the MAIL FROM domain of mail.example.com");
        });
    }

    @Test
    void aDkimFailureEndsTheDomainWithoutWaitingForTheMailFromAndCarriesItsStatus() {
        onboarded(DOMAIN, MailFromStatus.PENDING);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.FAILED);

        process(recheck(4, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.VerificationFailed.class, failed ->
                assertThat(failed.mailFrom()).hasValueSatisfying(mailFrom -> {
                    assertThat(mailFrom.status()).isEqualTo(MailFromStatus.PENDING);
                    assertThat(mailFrom.reason().orElseThrow())
                            .startsWith("SES had not verified the MAIL FROM domain bounce.mail.example.com when the"
                                    + " domain's re-checks ended (status Pending)")
                            .doesNotContain(" yet ")
                            .endsWith("then onboard the domain again, which sets the MAIL FROM domain again and restarts"
                                    + " its verification");
                }));
        assertThat(aws.scheduledRechecks).isEmpty();
    }

    @Test
    void aTimedOutDomainCarriesItsMailFromStatus() {
        onboarded(DOMAIN, MailFromStatus.SUCCESS);
        clock.advanceTo(STARTED.plus(Duration.ofHours(72)));

        process(recheck(16, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.TimedOut.class, timedOut ->
                assertThat(timedOut.mailFrom()).contains(new Outcome.MailFromCheck("bounce.mail.example.com",
                        MailFromStatus.SUCCESS, Optional.empty())));
    }

    @Test
    void whileSesWaitsForTheMxTheRecheckSaysWhichMailFromRecordIsMissingOrWrongInPublicDns() {
        onboarded(DOMAIN, MailFromStatus.PENDING);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);
        aws.mailRecords.remove("Z1 bounce.mail.example.com MX");
        aws.publicAnswers.put("bounce.mail.example.com TXT", new DnsAnswer.Found(List.of("v=spf1 include:_spf.google.com ~all")));

        process(recheck(1, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.RecordsChecked.class, checked -> {
            assertThat(checked.dkimStatus()).isEqualTo(DkimStatus.SUCCESS);
            assertThat(checked.dnsRecords()).extracting(RecordCheck::type, RecordCheck::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("CNAME", RecordState.OK),
                    org.assertj.core.groups.Tuple.tuple("CNAME", RecordState.OK),
                    org.assertj.core.groups.Tuple.tuple("CNAME", RecordState.OK),
                    org.assertj.core.groups.Tuple.tuple("MX", RecordState.MISSING),
                    org.assertj.core.groups.Tuple.tuple("TXT", RecordState.WRONG_VALUE));
            assertThat(checked.reason()).startsWith("3 of the 5 DNS records of mail.example.com (3 DKIM, MX, SPF) are right");
            assertThat(checked.mailFrom().orElseThrow().reason().orElseThrow())
                    .contains("bounce.mail.example.com has no MX record: create one with value 10"
                            + " feedback-smtp.us-east-1.amazonses.com")
                    .contains("include:amazonses.com");
        });
        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(next -> assertThat(next.domains())
                .singleElement().satisfies(pending -> assertThat(pending.dnsState().orElseThrow().split(";")[0].split(","))
                        .as("three CNAMEs, the MX, the TXT").hasSize(5)));
    }

    @Test
    void aMailFromDomainWhoseRecordsAreAsOnboardingWroteThemAnnouncesNothingUntilItIsFinal() {
        onboarded(DOMAIN, MailFromStatus.PENDING);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);

        process(recheck(1, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).as("all five records are as written: no change to announce").isEmpty();
        assertThat(aws.journal).contains("publicDns:MX bounce.mail.example.com", "publicDns:TXT bounce.mail.example.com");
    }

    @Test
    void aFailedMailFromIsAnnouncedWithAFreshCheckOfItsRecords() {
        onboarded(DOMAIN, MailFromStatus.FAILED);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);
        aws.mailRecords.remove("Z1 bounce.mail.example.com MX");

        process(recheck(3, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Verified.class, verified -> {
            assertThat(verified.dnsRecords().orElseThrow()).extracting(RecordCheck::type, RecordCheck::state)
                    .contains(org.assertj.core.groups.Tuple.tuple("MX", RecordState.MISSING),
                            org.assertj.core.groups.Tuple.tuple("TXT", RecordState.OK));
            assertThat(verified.mailFrom().orElseThrow().reason().orElseThrow())
                    .contains("bounce.mail.example.com has no MX record");
        });
    }

    @Test
    void aHundredDomainsCostOneDkimCallAndOneMailFromCallAndDomainsWithoutMailFromNone() {
        aws.addZone("Z1", "example.com");
        List<Request.PendingDomain> withMailFrom = new ArrayList<>();
        List<Request.PendingDomain> without = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Domain domain = Domain.parse("d" + i + ".example.com");
            aws.ses.verifyDomainDkim(domain);
            MailFromDomain mailFrom = MailFromDomain.of(domain, "bounce");
            aws.ses.setMailFromDomain(domain, mailFrom);
            withMailFrom.add(pending(domain.name(), Optional.of(mailFrom)));
            Domain plain = Domain.parse("p" + i + ".example.com");
            aws.ses.verifyDomainDkim(plain);
            without.add(pending(plain.name(), Optional.empty()));
        }
        aws.statusCalls.clear();
        aws.mailFromCalls.clear();

        List<Request.PendingDomain> mixed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            mixed.add(withMailFrom.get(i));
            mixed.add(without.get(i));
        }

        process(codec.toJson(new Request.Recheck(1, withMailFrom)), codec.toJson(new Request.Recheck(1, without)),
                codec.toJson(new Request.Recheck(2, mixed)));

        assertThat(aws.statusCalls).as("100 domains a call: d0-d99, then p0-p99 (sorted by name)").hasSize(2);
        assertThat(aws.mailFromCalls).as("only the domains with a MAIL FROM domain are asked about it").singleElement()
                .satisfies(call -> assertThat(call).hasSize(100).allMatch(domain -> domain.name().startsWith("d")));
    }

    @Test
    void aMailFromRecordLeftUnresolvedIsNotCalledSomethingToCheckLaterInAFinalEvent() {
        onboarded(DOMAIN, MailFromStatus.FAILED);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);
        aws.resolverDown = true;

        process(recheck(3, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Verified.class, verified ->
                assertThat(verified.mailFrom().orElseThrow().reason().orElseThrow())
                        .doesNotContain("checked again later")
                        .contains("check that bounce.mail.example.com has exactly these records in public DNS: MX 10"
                                + " feedback-smtp.us-east-1.amazonses.com and TXT \"v=spf1 include:amazonses.com ~all\""));
    }

    @Test
    void aMailFromWhoseRecordsAreRightNowIsSaidToBeRightNotToBeChecked() {
        onboarded(DOMAIN, MailFromStatus.FAILED);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);

        process(recheck(3, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Verified.class, verified ->
                assertThat(verified.mailFrom().orElseThrow().reason().orElseThrow())
                        .contains("its MX and TXT records are right in public DNS now, then onboard the domain again")
                        .doesNotContain("check that"));
    }

    @Test
    void aFailedMailFromDoesNotEndADomainWhoseDkimIsStillPending() {
        onboarded(DOMAIN, MailFromStatus.FAILED);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.PENDING);
        clock.advanceTo(STARTED.plus(Duration.ofMinutes(5)));

        process(recheck(1, pending(DOMAIN, Optional.of(BOUNCE))));

        assertThat(aws.events).isEmpty();
        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(next -> assertThat(next.attempt()).isEqualTo(2));
    }

    @Test
    void aDomainCarriedForwardKeepsItsMailFromDomain() {
        onboarded(DOMAIN, MailFromStatus.PENDING);
        aws.dkimStatuses.put(DOMAIN, DkimStatus.SUCCESS);

        List<String> failed = workflow.process(List.of(new InboundMessage("m1", recheck(2, pending(DOMAIN, Optional.of(BOUNCE))))),
                () -> OnboardingWorkflow.RESERVE.toMillis());

        assertThat(failed).isEmpty();
        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(carried -> {
            assertThat(carried.carriedForward()).isEqualTo(1);
            assertThat(carried.domains()).singleElement().satisfies(pending -> assertThat(pending.mailFrom()).contains(BOUNCE));
        });
    }

    /** Ten re-check messages of a hundred domains with MAIL FROM domains, as ten schedules firing together deliver them. */
    private List<InboundMessage> tenRechecksOfAHundredWithMailFrom(boolean known) {
        List<InboundMessage> batch = new ArrayList<>();
        for (int message = 0; message < 10; message++) {
            List<Request.PendingDomain> domains = new ArrayList<>();
            for (int d = 0; d < 100; d++) {
                Domain domain = Domain.parse("d" + d + ".m" + message + ".example.com");
                MailFromDomain mailFrom = MailFromDomain.of(domain, "bounce");
                if (known) {
                    aws.ses.verifyDomainDkim(domain);
                    aws.ses.setMailFromDomain(domain, mailFrom);
                    aws.dkimStatuses.put(domain.name(), DkimStatus.SUCCESS);
                }
                domains.add(pending(domain.name(), Optional.of(mailFrom)));
            }
            batch.add(new InboundMessage("m" + message, codec.toJson(new Request.Recheck(2, domains))));
        }
        aws.journal.clear();
        return batch;
    }

    @Test
    void aThousandDomainsSesDoesNotKnowEachOnboardedAgainWithTwoSesCallsEndInTimeAndCarryTheRestForward() {
        Fakes.FakeTime time = new Fakes.FakeTime(STARTED.plus(Duration.ofHours(1)));
        aws.addZone("Z1", "example.com");
        aws.onTime(time, 1.0);

        Fakes.Invocation invocation = aws.invoke(tenRechecksOfAHundredWithMailFrom(false));

        assertThat(invocation.redelivered()).isEmpty();
        assertThat(invocation.took()).isLessThanOrEqualTo(Fakes.FUNCTION_TIMEOUT.minus(Duration.ofSeconds(10)));
        List<Request.PendingDomain> scheduled = aws.scheduledRechecks.values().stream()
                .flatMap(recheck -> recheck.domains().stream()).toList();
        assertThat(scheduled).as("every domain is either onboarded again or carried forward, once").hasSize(1000)
                .allSatisfy(pending -> assertThat(pending.mailFrom()).isPresent());
        List<Request.PendingDomain> onboardedAgain = scheduled.stream().filter(Request.PendingDomain::reonboarded).toList();
        assertThat(onboardedAgain).isNotEmpty().allSatisfy(pending -> assertThat(aws.mailFromDomains)
                .containsEntry(pending.domain().name(), pending.mailFrom().orElseThrow()));
    }

    @Test
    void aWaveOfAThousandVerifiedDomainsWaitingForTheirMailFromFitsOneInvocation() {
        Fakes.FakeTime time = new Fakes.FakeTime(STARTED.plus(Duration.ofHours(1)));
        aws.addZone("Z1", "example.com");
        List<InboundMessage> batch = tenRechecksOfAHundredWithMailFrom(true);
        aws.onTime(time, 1.0);

        Fakes.Invocation invocation = aws.invoke(batch);

        assertThat(invocation.redelivered()).isEmpty();
        assertThat(invocation.took()).isLessThanOrEqualTo(Fakes.FUNCTION_TIMEOUT.minus(Duration.ofSeconds(10)));
        assertThat(aws.statusCalls).hasSize(10);
        assertThat(aws.mailFromCalls).hasSize(10);
        assertThat(aws.scheduledRechecks.values()).allSatisfy(recheck -> assertThat(recheck.carriedForward())
                .as("none carried forward").isZero());
        assertThat(aws.scheduledRechecks.values().stream().mapToInt(recheck -> recheck.domains().size()).sum()).isEqualTo(1000);
    }

    @Test
    void aDomainOnboardedAgainGetsTheMailFromDomainItsRecheckCarriesNotTheDefault() {
        aws.addZone("Z1", "example.com");
        MailFromDomain own = new MailFromDomain("bounce.eu.mail.example.com");

        process(recheck(1, pending(DOMAIN, Optional.of(own))));

        assertThat(aws.mailFromDomains).containsEntry(DOMAIN, own);
        assertThat(aws.scheduledRechecks.values()).singleElement().satisfies(recheck -> assertThat(recheck.domains())
                .singleElement().satisfies(pending -> {
                    assertThat(pending.reonboarded()).isTrue();
                    assertThat(pending.mailFrom()).contains(own);
                }));
    }
}
