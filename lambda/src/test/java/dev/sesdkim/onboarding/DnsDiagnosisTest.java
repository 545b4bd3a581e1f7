package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A domain's records in a Route 53 zone, the MAIL FROM domain's among them, checked in public DNS on the fakes. */
class DnsDiagnosisTest {

    private static final Domain DOMAIN = Domain.parse("mail.example.com");
    private static final List<MailFromRecord> MAIL_FROM = MailFromDomain.of(DOMAIN, "bounce").records("us-east-1", 1800);

    private final Fakes aws = new Fakes();
    private final HostedZone zone = aws.addZone("Z1", "example.com");

    private DnsDiagnosis.Findings check() {
        List<DkimRecord> dkim = Fakes.RECORDS.recordsFor(DOMAIN, aws.ses.verifyDomainDkim(DOMAIN));
        return new DnsDiagnosis(aws.dns).check(DOMAIN, Optional.of("Z1"), dkim, MAIL_FROM, new DnsCheck(aws.publicDns));
    }

    @Test
    void aMissingMailFromRecordIsFoundAndTheZonesDelegationLookedAt() {
        aws.publishRecords("Z1", DOMAIN);

        DnsDiagnosis.Findings findings = check();

        assertThat(findings.records()).hasSize(5).filteredOn(check -> !check.type().equals("CNAME"))
                .extracting(RecordCheck::state).containsOnly(RecordState.MISSING);
        assertThat(findings.delegation()).hasValueSatisfying(check -> assertThat(check.delegated()).isTrue());
        assertThat(findings.conclusive()).isTrue();
        assertThat(findings.state().split(",")).as("every record in the state, the zone delegated")
                .containsExactlyInAnyOrder("ok", "ok", "ok", "missing", "missing");
    }

    @Test
    void allRecordsRightInTheZoneAskNothingAboutTheDelegation() {
        aws.publishRecords("Z1", DOMAIN);
        aws.dns.upsert(zone, List.of(), MAIL_FROM);

        DnsDiagnosis.Findings findings = check();

        assertThat(findings.records()).extracting(RecordCheck::state).containsOnly(RecordState.OK).hasSize(5);
        assertThat(findings.delegation()).isEmpty();
        assertThat(aws.journal).noneMatch(call -> call.startsWith("publicDns:NS"));
    }

    @Test
    void recordsThatWereOnlyNotResolvedCostNoRoute53ReadAboutTheDelegation() {
        aws.resolverDown = true;

        DnsDiagnosis.Findings findings = check();

        assertThat(findings.records()).extracting(RecordCheck::state).containsOnly(RecordState.UNRESOLVED);
        assertThat(findings.conclusive()).isFalse();
        assertThat(findings.delegation()).isEmpty();
        assertThat(aws.journal).noneMatch(call -> call.startsWith("dns:find") || call.startsWith("dns:nameServers"));
    }

    @Test
    void theDkimOnlyCheckIsTheCheckWithNoMailFromRecords() {
        aws.publishRecords("Z1", DOMAIN);
        List<DkimRecord> dkim = Fakes.RECORDS.recordsFor(DOMAIN, aws.ses.verifyDomainDkim(DOMAIN));

        DnsDiagnosis.Findings findings = new DnsDiagnosis(aws.dns).check(DOMAIN, Optional.of("Z1"), dkim, List.of(),
                new DnsCheck(aws.publicDns));

        assertThat(findings.records()).extracting(RecordCheck::type).containsOnly("CNAME").hasSize(3);
        assertThat(findings.delegation()).isEmpty();
    }
}
