package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A record check names the record by name and type, and expects what onboarding wrote or asked for. */
class RecordCheckTest {

    private static final Domain DOMAIN = Domain.parse("mail.example.com");

    @Test
    void aDkimRecordIsCheckedAsACnameToItsTarget() {
        DkimRecord dkim = new RecordSpec("dkim.amazonses.com", 1800).recordsFor(DOMAIN,
                new DkimTokens(List.of("aaaatoken", "bbbbtoken", "cccctoken"))).get(0);

        assertThat(RecordCheck.of(dkim, RecordState.WRONG_TARGET, "x.example.net")).isEqualTo(new RecordCheck(
                "aaaatoken._domainkey.mail.example.com", "CNAME", "aaaatoken.dkim.amazonses.com", RecordState.WRONG_TARGET,
                Optional.of("x.example.net")));
    }

    @Test
    void aMailFromRecordIsCheckedAsItsTypeWithItsValueAsWritten() {
        List<MailFromRecord> records = MailFromDomain.of(DOMAIN, "bounce").records("eu-west-1", 1800);

        assertThat(RecordCheck.of(records.get(0), RecordState.OK)).isEqualTo(new RecordCheck("bounce.mail.example.com",
                "MX", "10 feedback-smtp.eu-west-1.amazonses.com", RecordState.OK, Optional.empty()));
        assertThat(RecordCheck.of(records.get(1), RecordState.WRONG_VALUE, "v=spf1 -all")).isEqualTo(new RecordCheck(
                "bounce.mail.example.com", "TXT", "\"v=spf1 include:amazonses.com ~all\"", RecordState.WRONG_VALUE,
                Optional.of("v=spf1 -all")));
    }
}
