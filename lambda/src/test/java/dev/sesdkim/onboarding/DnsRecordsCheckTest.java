package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-record DNS check as re-checks and verify messages use it, on fakes: a change is announced once, with what is
 * wrong; the state travels in the re-check message; DNS that does not answer announces nothing and costs little.
 */
class DnsRecordsCheckTest {

    private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
    private static final Domain DOMAIN = Domain.parse("mail.example.com");

    private final Fakes aws = new Fakes();
    private final MessageCodec codec = new MessageCodec();
    private Instant now = STARTED.plus(Duration.ofMinutes(20));

    private List<String> process(String... bodies) {
        List<InboundMessage> batch = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            batch.add(new InboundMessage("m" + (i + 1), bodies[i]));
        }
        return aws.workflow(Clock.fixed(now, ZoneOffset.UTC)).process(batch);
    }

    private static Request.PendingDomain manual(Domain domain) {
        return new Request.PendingDomain(domain, Optional.empty(), Optional.of("acme"), STARTED, false);
    }

    private List<DkimRecord> records() {
        return Fakes.RECORDS.recordsFor(DOMAIN, aws.ses.verifyDomainDkim(DOMAIN));
    }

    private void publicCname(String name, String target) {
        aws.publicAnswers.put(name + " CNAME", new DnsAnswer.Found(List.of(target)));
    }

    /** Re-checks the one pending domain the last schedule holds (or {@code first}) and returns the next one. */
    private Request.PendingDomain recheckOnce(Request.PendingDomain pending, int attempt) {
        aws.scheduledRechecks.clear();
        assertThat(process(codec.toJson(new Request.Recheck(attempt, List.of(pending))))).isEmpty();
        assertThat(aws.scheduledRechecks).hasSize(1);
        Request.Recheck next = aws.scheduledRechecks.values().iterator().next();
        // The state travels as JSON: read it back as the next re-check would.
        return ((Request.Recheck) codec.parse(codec.toJson(next))).domains().get(0);
    }

    @Test
    void aManualDomainIsAnnouncedWhenItsRecordsAppearWrongThenWhenTheyAreRightAndOnlyThen() {
        List<DkimRecord> records = records();
        aws.journal.clear();

        Request.PendingDomain afterFirst = recheckOnce(manual(DOMAIN), 1);
        assertThat(aws.events(Outcome.Type.RECORDS_CHECKED)).as("all missing, as onboarding left it").isEmpty();
        assertThat(afterFirst.dnsState()).isEmpty();

        publicCname(records.get(0).name(), records.get(0).value());
        publicCname(records.get(1).name(), "somewhere.else.example.net");
        Request.PendingDomain afterSecond = recheckOnce(afterFirst, 2);
        assertThat(aws.events(Outcome.Type.RECORDS_CHECKED)).singleElement().satisfies(event -> {
            Outcome.RecordsChecked checked = (Outcome.RecordsChecked) event;
            assertThat(checked.attempt()).contains(2);
            assertThat(checked.dnsRecords()).extracting(RecordCheck::name, RecordCheck::state).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(records.get(0).name(), RecordState.OK),
                    org.assertj.core.groups.Tuple.tuple(records.get(1).name(), RecordState.WRONG_TARGET),
                    org.assertj.core.groups.Tuple.tuple(records.get(2).name(), RecordState.MISSING));
            assertThat(checked.reason()).contains("points at somewhere.else.example.net", records.get(2).name() + " is missing");
        });
        assertThat(afterSecond.dnsState()).isPresent();

        Request.PendingDomain afterThird = recheckOnce(afterSecond, 3);
        assertThat(aws.events(Outcome.Type.RECORDS_CHECKED)).as("nothing changed").hasSize(1);
        assertThat(afterThird.dnsState()).isEqualTo(afterSecond.dnsState());

        publicCname(records.get(1).name(), records.get(1).value());
        publicCname(records.get(2).name(), records.get(2).value());
        recheckOnce(afterThird, 4);
        assertThat(aws.events(Outcome.Type.RECORDS_CHECKED)).hasSize(2).last()
                .satisfies(event -> assertThat(((Outcome.RecordsChecked) event).dnsRecords())
                        .extracting(RecordCheck::state).containsOnly(RecordState.OK));
    }

    @Test
    void aCheckDnsDidNotAnswerChangesNothingAndAnnouncesNothing() {
        List<DkimRecord> records = records();
        publicCname(records.get(0).name(), "wrong.example.net");
        aws.publicAnswers.put(records.get(1).name() + " CNAME", new DnsAnswer.Unresolved("SERVFAIL"));

        Request.PendingDomain next = recheckOnce(manual(DOMAIN), 1);

        assertThat(aws.events(Outcome.Type.RECORDS_CHECKED)).isEmpty();
        assertThat(next.dnsState()).isEmpty();
    }

    @Test
    void recordsInARoute53ZoneThePublicDoesNotUseAreAnnouncedWithBothNameServerSets() {
        aws.addZone("Z1", "example.com");
        aws.publishRecords("Z1", DOMAIN);
        aws.publicAnswers.put("example.com NS", new DnsAnswer.Found(List.of("ns1.other-dns.example.net")));
        records().forEach(record -> aws.publicAnswers.put(record.name() + " CNAME", new DnsAnswer.NoSuchName()));
        Request.PendingDomain inZone = new Request.PendingDomain(DOMAIN, Optional.of("Z1"), Optional.empty(), STARTED, false);

        Request.PendingDomain next = recheckOnce(inZone, 1);
        recheckOnce(next, 2);

        assertThat(aws.events(Outcome.Type.RECORDS_CHECKED)).as("announced once").singleElement().satisfies(event -> {
            DelegationCheck delegation = ((Outcome.RecordsChecked) event).delegation().orElseThrow();
            assertThat(delegation.delegated()).isFalse();
            assertThat(delegation.publicNameServers()).containsExactly("ns1.other-dns.example.net");
            assertThat(delegation.hostedZoneNameServers()).containsExactlyInAnyOrderElementsOf(Fakes.zoneNameServers("Z1"));
            assertThat(((Outcome.RecordsChecked) event).reason()).contains("is not the zone the internet uses");
        });
    }

    @Test
    void aFailedDomainSaysWhatPublicDnsAndSesSee() {
        List<DkimRecord> records = records();
        publicCname(records.get(0).name(), records.get(0).value());
        publicCname(records.get(1).name(), records.get(1).value());
        aws.publicAnswers.put(records.get(2).name() + " TXT", new DnsAnswer.Found(List.of("v=DKIM1; p=MIGf")));
        aws.publicAnswers.put(records.get(2).name() + " CNAME", new DnsAnswer.NoData());
        aws.dkimStatuses.put(DOMAIN.name(), DkimStatus.FAILED);
        IdentityDiagnosis diagnosis = new IdentityDiagnosis(Optional.of("TYPE_NOT_FOUND"), Optional.of(STARTED),
                Optional.empty(), Optional.of(2048), Optional.empty());
        aws.diagnoses.put(DOMAIN.name(), diagnosis);

        process(codec.toJson(new Request.Recheck(3, List.of(manual(DOMAIN)))));

        Outcome.VerificationFailed failed = (Outcome.VerificationFailed) aws.events(Outcome.Type.VERIFICATION_FAILED).get(0);
        assertThat(failed.dnsRecords().orElseThrow()).filteredOn(check -> check.state() == RecordState.NOT_CNAME)
                .singleElement().satisfies(check -> assertThat(check.found()).contains("TXT"));
        assertThat(failed.sesDiagnosis()).contains(diagnosis);
        assertThat(failed.reason()).contains(records.get(2).name() + " has a TXT record");
    }

    @Test
    void verifyAnnouncesWhatDnsShowsNowAndSchedulesNothing() {
        List<DkimRecord> records = records();
        publicCname(records.get(0).name(), records.get(0).value());
        aws.journal.clear();

        assertThat(process("{\"action\":\"verify\",\"domain\":\"mail.example.com\",\"tenantId\":\"acme\"}")).isEmpty();

        assertThat(aws.sesCalls()).as("the DKIM status and the MAIL FROM status").isEqualTo(2);
        assertThat(aws.scheduledRechecks).isEmpty();
        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.RecordsChecked.class, checked -> {
            assertThat(checked.attempt()).isEmpty();
            assertThat(checked.tenantId()).contains("acme");
            assertThat(checked.dnsRecords()).extracting(RecordCheck::state)
                    .containsExactlyInAnyOrder(RecordState.OK, RecordState.MISSING, RecordState.MISSING);
        });
    }

    @Test
    void verifyOfAVerifiedDomainAnnouncesItVerified() {
        records().forEach(record -> publicCname(record.name(), record.value()));
        aws.dkimStatuses.put(DOMAIN.name(), DkimStatus.SUCCESS);

        process("{\"action\":\"verify\",\"domain\":\"mail.example.com\"}");

        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Verified.class, verified -> {
            assertThat(verified.startedAt()).isEmpty();
            assertThat(verified.dnsRecords().orElseThrow()).extracting(RecordCheck::state).containsOnly(RecordState.OK);
        });
        assertThat(aws.scheduledRechecks).isEmpty();
    }

    @Test
    void verifyOfADomainNeverOnboardedIsRejectedWithAReason() {
        process("{\"action\":\"verify\",\"domain\":\"never.example.com\"}");

        assertThat(aws.deadLetters).containsKey("m1");
        assertThat(aws.deadLetters.get("m1")).contains("never.example.com is not onboarded");
        assertThat(aws.events(Outcome.Type.REJECTED)).hasSize(1);
        assertThat(aws.scheduledRechecks).isEmpty();
    }

    @Test
    void aResolverThatNeverAnswersCostsTheBatchThreeTimeoutsNotOneEachDomain() {
        Fakes.FakeTime time = new Fakes.FakeTime(now);
        aws.onTime(time, 1);
        List<Request.PendingDomain> domains = IntStream.range(0, 100)
                .mapToObj(i -> Domain.parse("d" + i + ".example.com"))
                .peek(aws.ses::verifyDomainDkim)
                .map(DnsRecordsCheckTest::manual)
                .toList();
        aws.resolverDown = true;

        Fakes.Invocation invocation = aws.invoke(List.of(new InboundMessage("m1",
                codec.toJson(new Request.Recheck(1, domains)))));

        assertThat(invocation.redelivered()).isEmpty();
        assertThat(aws.dnsQuestions).isEqualTo(DnsCheck.MAX_UNANSWERED_IN_A_ROW);
        assertThat(invocation.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(aws.events(Outcome.Type.RECORDS_CHECKED)).isEmpty();
        assertThat(aws.scheduledRechecks.values()).flatExtracting(Request.Recheck::domains).hasSize(100);
    }
}
