package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The sentences a person reads about a DNS check: exact, so a reader can act on them without knowing SES. */
class DnsFindingsTest {

    private static final Domain DOMAIN = Domain.parse("mail.example.com");
    private static final List<DkimRecord> DKIM = new RecordSpec("dkim.amazonses.com", 1800).recordsFor(DOMAIN,
            new DkimTokens(List.of("aaaatoken", "bbbbtoken", "cccctoken")));
    private static final List<MailFromRecord> MAIL_FROM = MailFromDomain.of(DOMAIN, "bounce").records("us-east-1", 1800);
    private static final MailFromRecord MX = MAIL_FROM.get(0);
    private static final MailFromRecord TXT = MAIL_FROM.get(1);

    private static String wrong(RecordCheck check) {
        return DnsFindings.whatIsWrong(List.of(check), Optional.empty()).orElseThrow();
    }

    private static List<RecordCheck> dkimOk() {
        return DKIM.stream().map(record -> RecordCheck.of(record, RecordState.OK)).toList();
    }

    @Test
    void aMissingMxSaysWhatToCreate() {
        assertThat(wrong(RecordCheck.of(MX, RecordState.MISSING))).isEqualTo(
                "bounce.mail.example.com has no MX record: create one with value 10 feedback-smtp.us-east-1.amazonses.com");
    }

    @Test
    void anMxElsewhereSaysWhereAndWhatToChangeItTo() {
        assertThat(wrong(RecordCheck.of(MX, RecordState.WRONG_TARGET, "feedback-smtp.eu-west-1.amazonses.com"))).isEqualTo(
                "the MX record of bounce.mail.example.com points at feedback-smtp.eu-west-1.amazonses.com: change it to"
                        + " 10 feedback-smtp.us-east-1.amazonses.com");
    }

    @Test
    void aDoubledMxNameSaysWhichRecordAndWhatToEnter() {
        assertThat(wrong(RecordCheck.of(MX, RecordState.DOUBLED_NAME, "bounce.mail.example.com.mail.example.com")))
                .isEqualTo("the MX record of bounce.mail.example.com was created as bounce.mail.example.com.mail.example.com"
                        + " (the DNS console appended the domain): enter the name without the domain at the end");
    }

    @Test
    void aMissingSpfRecordSaysWhatToCreate() {
        assertThat(wrong(RecordCheck.of(TXT, RecordState.MISSING))).isEqualTo(
                "bounce.mail.example.com has no SPF record: create a TXT record with value"
                        + " \"v=spf1 include:amazonses.com ~all\"");
    }

    @Test
    void anSpfRecordWithoutAmazonsesSaysWhatItIsAndWhatItMustHave() {
        assertThat(wrong(RecordCheck.of(TXT, RecordState.WRONG_VALUE, "v=spf1 include:_spf.google.com ~all"))).isEqualTo(
                "the SPF record of bounce.mail.example.com is v=spf1 include:_spf.google.com ~all: it must have the term"
                        + " include:amazonses.com, like \"v=spf1 include:amazonses.com ~all\" (change this record rather"
                        + " than adding one: only one SPF record may exist at a name)");
    }

    @Test
    void severalSpfRecordsSayOnlyOneMayExist() {
        assertThat(wrong(RecordCheck.of(TXT, RecordState.WRONG_VALUE, "2 SPF records"))).isEqualTo(
                "bounce.mail.example.com has 2 SPF records, and only one SPF record may exist at a name: merge them into one"
                        + " that has the term include:amazonses.com, like \"v=spf1 include:amazonses.com ~all\"");
    }

    @Test
    void aDoubledSpfNameAndAnUnansweredOneSayWhichRecord() {
        assertThat(wrong(RecordCheck.of(TXT, RecordState.DOUBLED_NAME, "bounce.mail.example.com.mail.example.com")))
                .startsWith("the SPF record of bounce.mail.example.com was created as bounce.mail.example.com.mail.example.com");
        assertThat(wrong(RecordCheck.of(TXT, RecordState.UNRESOLVED))).isEqualTo("the SPF record of bounce.mail.example.com"
                + " could not be resolved just now (DNS did not answer); it is checked again later");
    }

    @Test
    void aDkimOnlyReasonReadsAsItAlwaysHas() {
        List<RecordCheck> checks = List.of(RecordCheck.of(DKIM.get(0), RecordState.OK),
                RecordCheck.of(DKIM.get(1), RecordState.MISSING), RecordCheck.of(DKIM.get(2), RecordState.OK));

        assertThat(DnsFindings.reason(DOMAIN, checks, Optional.empty())).isEqualTo(
                "2 of the 3 DKIM records of mail.example.com are right in public DNS: bbbbtoken._domainkey.mail.example.com"
                        + " is missing: create it as a CNAME to bbbbtoken.dkim.amazonses.com");
        assertThat(DnsFindings.reason(DOMAIN, dkimOk(), Optional.empty())).isEqualTo(
                "3 of the 3 DKIM records of mail.example.com are right in public DNS; SES sees them at its next check");
    }

    @Test
    void withMailFromRecordsTheCountSaysWhichRecordsItCounts() {
        List<RecordCheck> checks = new java.util.ArrayList<>(dkimOk());
        checks.add(RecordCheck.of(MX, RecordState.OK));
        checks.add(RecordCheck.of(TXT, RecordState.MISSING));

        assertThat(DnsFindings.reason(DOMAIN, checks, Optional.empty())).isEqualTo(
                "4 of the 5 DNS records of mail.example.com (3 DKIM, MX, SPF) are right in public DNS:"
                        + " bounce.mail.example.com has no SPF record: create a TXT record with value"
                        + " \"v=spf1 include:amazonses.com ~all\"");
    }

    @Test
    void allRightWithMailFromRecordsSaysSo() {
        List<RecordCheck> checks = new java.util.ArrayList<>(dkimOk());
        MAIL_FROM.forEach(record -> checks.add(RecordCheck.of(record, RecordState.OK)));

        assertThat(DnsFindings.reason(DOMAIN, checks, Optional.empty())).isEqualTo("5 of the 5 DNS records of"
                + " mail.example.com (3 DKIM, MX, SPF) are right in public DNS; SES sees them at its next check");
    }
}
