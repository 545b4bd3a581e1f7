package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The per-record check of a MAIL FROM domain's MX and SPF TXT beside the DKIM CNAMEs, on a public DNS that answers what
 * each test puts in it (any other question: no such name), and the state a re-check message carries for all of them.
 */
class DnsCheckTest {

    private static final Domain DOMAIN = Domain.parse("mail.example.com");
    private static final List<DkimRecord> DKIM = new RecordSpec("dkim.amazonses.com", 1800).recordsFor(DOMAIN,
            new DkimTokens(List.of("aaaatoken", "bbbbtoken", "cccctoken")));
    private static final String BOUNCE = "bounce.mail.example.com";
    private static final List<MailFromRecord> MAIL_FROM = MailFromDomain.of(DOMAIN, "bounce").records("us-east-1", 1800);
    private static final String SES_SPF = "v=spf1 include:amazonses.com ~all";

    private final Map<String, DnsAnswer> answers = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final PublicDns dns = (name, type) -> {
        asked.add(name + " " + type);
        return answers.getOrDefault(name + " " + type, new DnsAnswer.NoSuchName());
    };

    private void answer(String name, PublicDns.Type type, String... values) {
        answers.put(name + " " + type, new DnsAnswer.Found(List.of(values)));
    }

    private void dkimRight() {
        DKIM.forEach(record -> answer(record.name(), PublicDns.Type.CNAME, record.value()));
    }

    private List<RecordCheck> check() {
        return new DnsCheck(dns).records(DOMAIN, DKIM, MAIL_FROM);
    }

    private RecordCheck checkOf(String type) {
        return check().stream().filter(check -> check.type().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void allRightCostsOneQuestionARecordAndListsThemByNameThenType() {
        dkimRight();
        answer(BOUNCE, PublicDns.Type.MX, "10 feedback-smtp.us-east-1.amazonses.com");
        answer(BOUNCE, PublicDns.Type.TXT, SES_SPF);

        List<RecordCheck> checks = check();

        assertThat(checks).extracting(RecordCheck::name, RecordCheck::type, RecordCheck::state).containsExactly(
                tuple(DKIM.get(0).name(), "CNAME", RecordState.OK),
                tuple(DKIM.get(1).name(), "CNAME", RecordState.OK),
                tuple(BOUNCE, "MX", RecordState.OK),
                tuple(BOUNCE, "TXT", RecordState.OK),
                tuple(DKIM.get(2).name(), "CNAME", RecordState.OK));
        assertThat(checks).filteredOn(check -> check.name().equals(BOUNCE)).extracting(RecordCheck::expected)
                .containsExactly("10 feedback-smtp.us-east-1.amazonses.com", "\"v=spf1 include:amazonses.com ~all\"");
        assertThat(asked).as("DKIM first, then the MAIL FROM records").containsExactly(
                DKIM.get(0).name() + " CNAME", DKIM.get(1).name() + " CNAME", DKIM.get(2).name() + " CNAME",
                BOUNCE + " MX", BOUNCE + " TXT");
    }

    @Test
    void theDkimOnlyCheckAsksNothingElse() {
        dkimRight();

        List<RecordCheck> checks = new DnsCheck(dns).records(DOMAIN, DKIM, List.of());

        assertThat(checks).extracting(RecordCheck::type).containsOnly("CNAME").hasSize(3);
        assertThat(asked).hasSize(3);
    }

    @Test
    void anMxToSesFeedbackHostAmongOthersIsOkWhateverItsPreference() {
        answer(BOUNCE, PublicDns.Type.MX, "5 mx.other.example.net", "50 Feedback-SMTP.us-east-1.amazonses.com.");

        assertThat(checkOf("MX").state()).isEqualTo(RecordState.OK);
    }

    @Test
    void anMxToAnotherRegionsFeedbackHostIsAWrongTarget() {
        answer(BOUNCE, PublicDns.Type.MX, "10 feedback-smtp.eu-west-1.amazonses.com");

        RecordCheck mx = checkOf("MX");

        assertThat(mx.state()).isEqualTo(RecordState.WRONG_TARGET);
        assertThat(mx.found()).contains("feedback-smtp.eu-west-1.amazonses.com");
    }

    @Test
    void aWrongTargetNamesTheMostPreferredExchangeSoARotatedAnswerIsNoChange() {
        answer(BOUNCE, PublicDns.Type.MX, "20 mx2.other.example.net", "10 mx1.other.example.net");
        List<RecordCheck> first = check();
        answer(BOUNCE, PublicDns.Type.MX, "10 mx1.other.example.net", "20 mx2.other.example.net");
        List<RecordCheck> rotated = check();

        assertThat(first).filteredOn(check -> check.type().equals("MX")).singleElement()
                .satisfies(mx -> assertThat(mx.found()).contains("mx1.other.example.net"));
        assertThat(DnsCheck.state(rotated, Optional.empty())).isEqualTo(DnsCheck.state(first, Optional.empty()));
    }

    @Test
    void anExchangeThatIsNotAHostNameIsDescribedNotRepeated() {
        answer(BOUNCE, PublicDns.Type.MX, "10 evil\\032name\\010with.control");

        RecordCheck mx = checkOf("MX");

        assertThat(mx.state()).isEqualTo(RecordState.WRONG_TARGET);
        assertThat(mx.found().orElseThrow()).startsWith("(not a host name: ").doesNotContain("evil");
    }

    @Test
    void anMxNobodyCreatedIsMissingAfterALookAtTheDoubledName() {
        answers.put(BOUNCE + " MX", new DnsAnswer.NoData());

        assertThat(checkOf("MX").state()).isEqualTo(RecordState.MISSING);
        assertThat(asked).contains(BOUNCE + " MX", BOUNCE + ".mail.example.com MX");
    }

    @Test
    void anMxCreatedUnderTheDomainAppendedTwiceIsADoubledName() {
        answer(BOUNCE + ".mail.example.com", PublicDns.Type.MX, "10 feedback-smtp.us-east-1.amazonses.com");

        RecordCheck mx = checkOf("MX");

        assertThat(mx.state()).isEqualTo(RecordState.DOUBLED_NAME);
        assertThat(mx.found()).contains(BOUNCE + ".mail.example.com");
    }

    @Test
    void anMxDnsDidNotAnswerForIsUnresolvedWithoutFurtherQuestions() {
        answers.put(BOUNCE + " MX", new DnsAnswer.Unresolved("SERVFAIL"));

        assertThat(checkOf("MX").state()).isEqualTo(RecordState.UNRESOLVED);
        assertThat(asked).doesNotContain(BOUNCE + ".mail.example.com MX");
    }

    @Test
    void oneSpfRecordIncludingAmazonsesIsOkBesideOtherTxtRecordsInAnyCase() {
        answer(BOUNCE, PublicDns.Type.TXT, "google-site-verification=abc", "V=SPF1 +Include:AmazonSES.com -all");

        assertThat(checkOf("TXT").state()).isEqualTo(RecordState.OK);
    }

    @Test
    void anSpfRecordWithoutAmazonsesIsAWrongValueShowingIt() {
        answer(BOUNCE, PublicDns.Type.TXT, "v=spf1 include:_spf.google.com ~all");

        RecordCheck txt = checkOf("TXT");

        assertThat(txt.state()).isEqualTo(RecordState.WRONG_VALUE);
        assertThat(txt.found()).contains("v=spf1 include:_spf.google.com ~all");
    }

    @Test
    void onlyTheWholeIncludeTermCounts() {
        answer(BOUNCE, PublicDns.Type.TXT, "v=spf1 include:amazonses.com.attacker.example -include:amazonses.com ~all");

        assertThat(checkOf("TXT").state()).isEqualTo(RecordState.WRONG_VALUE);
    }

    @Test
    void twoSpfRecordsAreAWrongValueEvenIfOneIsRight() {
        answer(BOUNCE, PublicDns.Type.TXT, SES_SPF, "v=spf1 mx -all");

        RecordCheck txt = checkOf("TXT");

        assertThat(txt.state()).isEqualTo(RecordState.WRONG_VALUE);
        assertThat(txt.found()).contains("2 SPF records");
        assertThat(DnsCheck.countsSpfRecords(txt.found().orElseThrow())).isTrue();
        assertThat(DnsCheck.countsSpfRecords(SES_SPF)).isFalse();
    }

    @Test
    void anSpfRecordThatIsNotPrintableIsDescribedNotRepeated() {
        answer(BOUNCE, PublicDns.Type.TXT, "v=spf1 ip4:192.0.2.1\n<script> ~all");

        RecordCheck txt = checkOf("TXT");

        assertThat(txt.state()).isEqualTo(RecordState.WRONG_VALUE);
        assertThat(txt.found().orElseThrow()).startsWith("(not printable text: ").doesNotContain("script");
    }

    @Test
    void txtRecordsWithoutSpfAreAMissingSpfRecordAfterALookAtTheDoubledName() {
        answer(BOUNCE, PublicDns.Type.TXT, "google-site-verification=abc", "v=spf10 include:amazonses.com");

        assertThat(checkOf("TXT").state()).isEqualTo(RecordState.MISSING);
        assertThat(asked).contains(BOUNCE + ".mail.example.com TXT");
    }

    @Test
    void anSpfRecordCreatedUnderTheDomainAppendedTwiceIsADoubledName() {
        answer(BOUNCE + ".mail.example.com", PublicDns.Type.TXT, SES_SPF);

        RecordCheck txt = checkOf("TXT");

        assertThat(txt.state()).isEqualTo(RecordState.DOUBLED_NAME);
        assertThat(txt.found()).contains(BOUNCE + ".mail.example.com");
    }

    @Test
    void aTxtDnsDidNotAnswerForIsUnresolvedAndTheCheckIsNotConclusive() {
        dkimRight();
        answer(BOUNCE, PublicDns.Type.MX, "10 feedback-smtp.us-east-1.amazonses.com");
        answers.put(BOUNCE + " TXT", new DnsAnswer.Unresolved("timeout"));

        List<RecordCheck> checks = check();

        assertThat(checks).filteredOn(check -> check.type().equals("TXT")).extracting(RecordCheck::state)
                .containsExactly(RecordState.UNRESOLVED);
        assertThat(DnsCheck.conclusive(checks)).isFalse();
    }

    @Test
    void aResolverThatStoppedAnsweringIsNotAskedAboutTheMailFromRecords() {
        DKIM.forEach(record -> answers.put(record.name() + " CNAME", new DnsAnswer.Unresolved("timeout")));

        List<RecordCheck> checks = check();

        assertThat(checks).extracting(RecordCheck::state).containsOnly(RecordState.UNRESOLVED).hasSize(5);
        assertThat(asked).hasSize(DnsCheck.MAX_UNANSWERED_IN_A_ROW);
    }

    @Test
    void theStateCoversEveryRecordAndReadsBackAsTheRecordsStates() {
        answer(DKIM.get(0).name(), PublicDns.Type.CNAME, DKIM.get(0).value());
        answer(BOUNCE, PublicDns.Type.MX, "10 mx.other.example.net");
        answer(BOUNCE, PublicDns.Type.TXT, "v=spf1 -all");
        List<RecordCheck> checks = check();

        String state = DnsCheck.state(checks, Optional.empty());
        Optional<List<RecordCheck>> read = DnsCheck.fromState(state, DKIM, MAIL_FROM);

        assertThat(state).matches("ok,missing,wrong-target:[0-9a-f]{8},wrong-value:[0-9a-f]{8},missing");
        assertThat(read).hasValueSatisfying(back -> assertThat(back)
                .extracting(RecordCheck::name, RecordCheck::type, RecordCheck::expected, RecordCheck::state)
                .containsExactlyElementsOf(checks.stream()
                        .map(check -> tuple(check.name(), check.type(), check.expected(), check.state())).toList()));
        assertThat(read.orElseThrow()).extracting(RecordCheck::found).containsOnly(Optional.empty());
    }

    @Test
    void aStateOfTheDkimRecordsAloneIsNotOneOfTheMailFromRecordsToo() {
        String dkimOnly = DnsCheck.state(DKIM.stream().map(record -> RecordCheck.of(record, RecordState.OK)).toList(),
                Optional.empty());

        assertThat(DnsCheck.fromState(dkimOnly, DKIM, MAIL_FROM)).isEmpty();
        assertThat(DnsCheck.fromState(dkimOnly, DKIM, List.of())).hasValueSatisfying(back -> assertThat(back).hasSize(3));
    }

    /**
     * The longest state: every record in the state with the longest word and a digest of what was found, and a zone that
     * is not delegated. It has to pass the message codec's check of {@code dnsState}, or a re-check message is rejected.
     */
    @Test
    void theLongestStateOfThreeCnamesAnMxAndATxtFitsTheReCheckMessage() {
        RecordState longest = Arrays.stream(RecordState.values())
                .max(Comparator.comparingInt(state -> state.word().length())).orElseThrow();
        List<RecordCheck> worst = Stream.concat(
                DKIM.stream().map(record -> RecordCheck.of(record, longest, "x.example.net")),
                MAIL_FROM.stream().map(record -> RecordCheck.of(record, longest, "x.example.net"))).toList();
        Optional<DelegationCheck> notDelegated = Optional.of(DelegationCheck.of(new HostedZone("Z1", "example.com"),
                List.of("ns-1.awsdns-01.org"), List.of("ns1.other-dns.example.net")));

        String state = DnsCheck.state(worst, notDelegated);

        assertThat(longest.word()).hasSize(12);
        assertThat(state).hasSize(5 * (12 + 1 + 8) + 4 + ";ns:".length() + 8).hasSize(121);
        Request.PendingDomain pending = new Request.PendingDomain(DOMAIN, Optional.of("Z1"), Optional.empty(),
                Instant.parse("2026-11-22T10:00:00Z"), false).withDnsState(state);
        MessageCodec codec = new MessageCodec();
        Request.Recheck recheck = new Request.Recheck(2, List.of(pending));
        assertThat(codec.parse(codec.toJson(recheck))).isEqualTo(recheck);
    }
}
