package dev.sesdkim.onboarding.dns;

import dev.sesdkim.onboarding.DelegationCheck;
import dev.sesdkim.onboarding.DkimRecord;
import dev.sesdkim.onboarding.DkimTokens;
import dev.sesdkim.onboarding.DnsAnswer;
import dev.sesdkim.onboarding.DnsCheck;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.HostedZone;
import dev.sesdkim.onboarding.MailFromDomain;
import dev.sesdkim.onboarding.MailFromRecord;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.PublicDns;
import dev.sesdkim.onboarding.RecordCheck;
import dev.sesdkim.onboarding.RecordSpec;
import dev.sesdkim.onboarding.RecordState;
import dev.sesdkim.onboarding.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Every classification of the per-record check (DKIM CNAMEs, a MAIL FROM domain's MX and TXT) and the delegation check,
 * proven against a DNS server on loopback that the test starts, through the adapter the function uses (dnsjava) and
 * the check's own logic. One zone per case.
 */
class ResolverPublicDnsTest {

    private static final Domain DOMAIN = Domain.parse("mail.example.com");
    private static final List<DkimRecord> RECORDS = new RecordSpec("dkim.amazonses.com", 1800).recordsFor(DOMAIN,
            new DkimTokens(List.of("aaaatoken", "bbbbtoken", "cccctoken")));
    private static final List<MailFromRecord> MAIL_FROM = MailFromDomain.of(DOMAIN, "bounce").records("us-east-1", 300);
    private static final HostedZone ZONE = new HostedZone("Z0123", "example.com");
    private static final List<String> ZONE_NS = List.of("ns-1.awsdns-01.org", "ns-2.awsdns-02.com");

    private static LoopbackDnsServer server;
    private ResolverPublicDns dns;

    @BeforeAll
    static void startServer() throws Exception {
        server = new LoopbackDnsServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void freshZone() {
        server.clear();
        dns = ResolverPublicDns.create(Optional.of(resolverSetting()), Pacer.realTime(1000));
    }

    private static Settings.DnsResolver resolverSetting() {
        return new Settings.DnsResolver("127.0.0.1", server.address().getPort());
    }

    private static String cname(String name, String target) {
        return name + ". 300 IN CNAME " + target + ".";
    }

    private List<RecordCheck> check() {
        return new DnsCheck(dns).records(DOMAIN, RECORDS, List.of());
    }

    private void allRight() {
        RECORDS.forEach(record -> server.add(cname(record.name(), record.value())));
    }

    @Test
    void recordsThatPointWhereSesLooksAreOk() {
        allRight();

        assertThat(check()).extracting(RecordCheck::state).containsOnly(RecordState.OK);
    }

    @Test
    void aRecordNobodyCreatedIsMissing() {
        server.add(cname(RECORDS.get(0).name(), RECORDS.get(0).value()), cname(RECORDS.get(2).name(), RECORDS.get(2).value()));

        assertThat(check()).extracting(RecordCheck::state)
                .containsExactly(RecordState.OK, RecordState.MISSING, RecordState.OK);
    }

    @Test
    void aCnameElsewhereIsAWrongTargetAndSaysWhere() {
        allRight();
        server.clear();
        server.add(cname(RECORDS.get(0).name(), RECORDS.get(0).value()), cname(RECORDS.get(1).name(), RECORDS.get(1).value()),
                cname(RECORDS.get(2).name(), "cccctoken.dkim.eu-west-1.amazonses.com"));

        RecordCheck wrong = check().get(2);

        assertThat(wrong.state()).isEqualTo(RecordState.WRONG_TARGET);
        assertThat(wrong.found()).contains("cccctoken.dkim.eu-west-1.amazonses.com");
    }

    @Test
    void aRecordUnderTheDomainAppendedTwiceIsADoubledName() {
        allRight();
        server.clear();
        String doubled = RECORDS.get(1).name() + ".mail.example.com";
        server.add(cname(RECORDS.get(0).name(), RECORDS.get(0).value()), cname(doubled, RECORDS.get(1).value()),
                cname(RECORDS.get(2).name(), RECORDS.get(2).value()));

        RecordCheck check = check().get(1);

        assertThat(check.state()).isEqualTo(RecordState.DOUBLED_NAME);
        assertThat(check.found()).contains(doubled);
    }

    @Test
    void aTxtRecordInsteadOfTheCnameIsNotACname() {
        server.add(RECORDS.get(0).name() + ". 300 IN TXT \"v=DKIM1; k=rsa; p=MIGf\"",
                cname(RECORDS.get(1).name(), RECORDS.get(1).value()), cname(RECORDS.get(2).name(), RECORDS.get(2).value()));

        RecordCheck check = check().get(0);

        assertThat(check.state()).isEqualTo(RecordState.NOT_CNAME);
        assertThat(check.found()).contains("TXT");
    }

    @Test
    void aServerFailureIsUnresolvedNotADiagnosis() throws Exception {
        allRight();
        server.failServer(RECORDS.get(1).name());

        List<RecordCheck> checks = check();

        assertThat(checks).extracting(RecordCheck::state).containsExactly(RecordState.OK, RecordState.UNRESOLVED, RecordState.OK);
        assertThat(DnsCheck.conclusive(checks)).isFalse();
    }

    @Test
    void aTargetThatIsNotAHostNameIsDescribedNotRepeated() {
        server.add(cname(RECORDS.get(0).name(), "evil\\032name\\010with.control"),
                cname(RECORDS.get(1).name(), RECORDS.get(1).value()), cname(RECORDS.get(2).name(), RECORDS.get(2).value()));

        RecordCheck check = check().get(0);

        assertThat(check.state()).isEqualTo(RecordState.WRONG_TARGET);
        assertThat(check.found().orElseThrow()).startsWith("(not a host name: ").doesNotContain("evil");
    }

    @Test
    void anMxAnswerIsItsPreferenceAndItsExchangeInCanonicalForm() {
        server.add("bounce.mail.example.com. 300 IN MX 10 Feedback-SMTP.us-east-1.amazonses.com.",
                "bounce.mail.example.com. 300 IN MX 20 backup.example.net.");

        DnsAnswer answer = dns.lookup("bounce.mail.example.com", PublicDns.Type.MX);

        assertThat(answer).isInstanceOfSatisfying(DnsAnswer.Found.class, found -> assertThat(found.values())
                .containsExactlyInAnyOrder("10 feedback-smtp.us-east-1.amazonses.com", "20 backup.example.net"));
    }

    @Test
    void aTxtAnswerIsItsStringsJoinedAsSpfReadsThemNotTheQuotedPresentationForm() {
        server.add("bounce.mail.example.com. 300 IN TXT \"v=spf1 include:amazonses.com\" \" ~all\"",
                "bounce.mail.example.com. 300 IN TXT \"say \\\"hi\\\"\"");

        DnsAnswer answer = dns.lookup("bounce.mail.example.com", PublicDns.Type.TXT);

        assertThat(answer).isInstanceOfSatisfying(DnsAnswer.Found.class, found -> assertThat(found.values())
                .containsExactlyInAnyOrder("v=spf1 include:amazonses.com ~all", "say \"hi\""));
    }

    @Test
    void aNameWithOnlyOtherRecordsHasNoMxData() {
        server.add("bounce.mail.example.com. 300 IN TXT \"v=spf1 include:amazonses.com ~all\"");

        assertThat(dns.lookup("bounce.mail.example.com", PublicDns.Type.MX)).isInstanceOf(DnsAnswer.NoData.class);
        assertThat(dns.lookup("other.mail.example.com", PublicDns.Type.MX)).isInstanceOf(DnsAnswer.NoSuchName.class);
    }

    @Test
    void aMailFromDomainAsSesAsksForItIsOkEvenWithItsSpfSplitInTwoStrings() {
        allRight();
        server.add("bounce.mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.",
                "bounce.mail.example.com. 300 IN TXT \"v=spf1 include:amazonses.com\" \" ~all\"",
                "bounce.mail.example.com. 300 IN TXT \"google-site-verification=abc\"");

        List<RecordCheck> checks = new DnsCheck(dns).records(DOMAIN, RECORDS, MAIL_FROM);

        assertThat(checks).hasSize(5).extracting(RecordCheck::state).containsOnly(RecordState.OK);
    }

    @Test
    void aMailFromDomainWithAnotherSpfAndItsMxUnderTheDomainTwiceSaysBoth() {
        allRight();
        server.add("bounce.mail.example.com.mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.",
                "bounce.mail.example.com. 300 IN TXT \"v=spf1 include:_spf.google.com ~all\"");

        List<RecordCheck> checks = new DnsCheck(dns).records(DOMAIN, RECORDS, MAIL_FROM);

        assertThat(checks).filteredOn(check -> check.name().equals("bounce.mail.example.com"))
                .extracting(RecordCheck::type, RecordCheck::state, RecordCheck::found).containsExactly(
                        tuple("MX", RecordState.DOUBLED_NAME, Optional.of("bounce.mail.example.com.mail.example.com")),
                        tuple("TXT", RecordState.WRONG_VALUE, Optional.of("v=spf1 include:_spf.google.com ~all")));
    }

    @Test
    void aZoneThePublicNameServersPointAtIsDelegated() {
        server.add("example.com. 300 IN NS ns-1.awsdns-01.org.", "example.com. 300 IN NS NS-2.awsdns-02.com.");

        Optional<DelegationCheck> delegation = new DnsCheck(dns).delegation(ZONE, ZONE_NS);

        assertThat(delegation).hasValueSatisfying(check -> assertThat(check.delegated()).isTrue());
    }

    @Test
    void aZoneDelegatedElsewhereIsAMismatchNamingBothSets() {
        server.add("example.com. 300 IN NS ns1.other-dns.example.net.", "example.com. 300 IN NS ns2.other-dns.example.net.");

        DelegationCheck check = new DnsCheck(dns).delegation(ZONE, ZONE_NS).orElseThrow();

        assertThat(check.delegated()).isFalse();
        assertThat(check.publicNameServers()).containsExactly("ns1.other-dns.example.net", "ns2.other-dns.example.net");
        assertThat(check.hostedZoneNameServers()).containsExactlyElementsOf(ZONE_NS);
    }

    @Test
    void aZoneDelegatedToHalfItsNameServersIsAMismatch() {
        server.add("example.com. 300 IN NS ns-1.awsdns-01.org.");

        assertThat(new DnsCheck(dns).delegation(ZONE, ZONE_NS).orElseThrow().delegated()).isFalse();
    }

    @Test
    void aZoneNotDelegatedAtAllIsAMismatchWithNoPublicNameServers() {
        DelegationCheck check = new DnsCheck(dns).delegation(ZONE, ZONE_NS).orElseThrow();

        assertThat(check.delegated()).isFalse();
        assertThat(check.publicNameServers()).isEmpty();
    }

    @Test
    void aResolverThatNeverAnswersCostsAFewShortTimeoutsAndNoMore() throws Exception {
        try (LoopbackDnsServer mute = new LoopbackDnsServer()) {
            mute.stopAnswering();
            ResolverPublicDns toMute = ResolverPublicDns.at(mute.address(), Pacer.realTime(1000));
            DnsCheck batch = new DnsCheck(toMute);

            long start = System.nanoTime();
            List<RecordCheck> first = batch.records(DOMAIN, RECORDS, List.of());
            List<RecordCheck> second = batch.records(Domain.parse("news.example.com"), RECORDS, List.of());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(first).extracting(RecordCheck::state).containsOnly(RecordState.UNRESOLVED);
            assertThat(second).extracting(RecordCheck::state).containsOnly(RecordState.UNRESOLVED);
            assertThat(batch.questionsAsked()).as("questions sent before the check stops asking").isEqualTo(3);
            assertThat(mute.questions()).isEqualTo(3);
            assertThat(took).as("three timeouts of %s, then no more questions", ResolverPublicDns.QUESTION_TIMEOUT)
                    .isLessThan(ResolverPublicDns.QUESTION_TIMEOUT.multipliedBy(3).plusSeconds(2));
        }
    }
}
