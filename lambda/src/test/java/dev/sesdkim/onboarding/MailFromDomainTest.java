package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailFromDomainTest {

    private static final Domain DOMAIN = Domain.parse("mail.example.com");
    private final MessageCodec codec = new MessageCodec();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bounce|bounce.mail.example.com",
            " Bounce. |bounce.mail.example.com",
            "bounce.mail.example.com|bounce.mail.example.com",
            "Bounce.Mail.Example.COM.|bounce.mail.example.com",
            "a.b.mail.example.com|a.b.mail.example.com",
            "bücher|xn--bcher-kva.mail.example.com",
            "ｂｏｕｎｃｅ|bounce.mail.example.com",
            "bounce\u3002|bounce.mail.example.com",
            "bounce\uff0e|bounce.mail.example.com",
            "bounce\uff0email\uff0eexample\uff0ecom|bounce.mail.example.com"})
    void aLabelIsTheNameBelowTheDomainAndAFullNameIsTakenNormalised(String raw, String name) {
        assertThat(MailFromDomain.of(DOMAIN, raw).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mail.example.com|it is the domain itself",
            "MAIL.example.com.|it is the domain itself",
            "bounce.example.com|is not a subdomain of mail.example.com",
            "bounce.othermail.example.com|is not a subdomain of mail.example.com",
            "example.com|is not a subdomain of mail.example.com",
            "*|wildcards are not allowed",
            "*.mail.example.com|wildcards are not allowed",
            "bounce_1|may only hold letters, digits and inner hyphens",
            "-bounce|may only hold letters, digits and inner hyphens",
            "bo unce|contains whitespace",
            "straße|contains \"ß\"",
            "a..mail.example.com|empty label"})
    void aMailFromThatIsNotAProperSubdomainIsRejectedWithAReason(String raw, String reason) {
        assertThatThrownBy(() -> MailFromDomain.of(DOMAIN, raw)).isInstanceOf(RejectedInputException.class)
                .hasMessageStartingWith("mailFrom ").hasMessageContaining(reason);
    }

    /** What IDNA makes of the name decides whether it is one label: U+2488 is "1." to it, so this is a1.com. */
    @Test
    void aLabelIsOneLabelAsIdnaReadsIt() {
        assertThatThrownBy(() -> MailFromDomain.of(DOMAIN, "a\u2488com")).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("a1.com is not a subdomain of mail.example.com");
    }

    /**
     * Control characters are rejected wherever they stand, as they are in a domain: the vertical tab, form feed and the
     * four information separators count as whitespace to {@link String#strip()}, which must not make them disappear.
     */
    @ParameterizedTest
    @ValueSource(strings = {"\u000Bbounce", "bounce\u000C", "\u001Cbounce", "bounce\u001D", "\u001Ebounce", "bounce\u001F",
            "\u001Fbounce.mail.example.com", "bounce\u0000", "bounce\u0085"})
    void aControlCharacterAroundALabelIsRejectedNotStripped(String raw) {
        assertThatThrownBy(() -> MailFromDomain.of(DOMAIN, raw)).isInstanceOf(RejectedInputException.class)
                .hasMessage("mailFrom " + RejectedInputException.quote(raw) + " is invalid: contains a control character");
    }

    @Test
    void anEmptyMailFromIsRejected() {
        assertThatThrownBy(() -> MailFromDomain.of(DOMAIN, "  ")).isInstanceOf(RejectedInputException.class)
                .hasMessage("mailFrom is empty");
    }

    @Test
    void aMailFromNameMustFitInDns() {
        Domain longest = Domain.parse("d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(46) + ".com");
        assertThat(longest.name()).hasSize(178);
        String label = "b".repeat(63);
        assertThat(MailFromDomain.of(longest, label).name()).hasSize(242);

        String tooLong = "c".repeat(63) + "." + "c".repeat(10) + "." + label + "." + longest.name();
        assertThatThrownBy(() -> MailFromDomain.of(longest, tooLong)).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("characters long, more than 253");
        assertThatThrownBy(() -> MailFromDomain.of(DOMAIN, "x".repeat(64))).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("more than 63");
    }

    @Test
    void anOnboardMessageCarriesItsMailFromAndWritesItBack() {
        Request request = codec.parse("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}");

        Request.Onboard expected = new Request.Onboard(DOMAIN, Optional.empty(), Optional.empty(),
                Optional.of(new MailFromDomain("bounce.mail.example.com")));
        assertThat(request).isEqualTo(expected);
        assertThat(codec.parse(codec.toJson(expected))).isEqualTo(expected);
    }

    @Test
    void aBadMailFromRejectsTheMessageBeforeAnythingIsCalled() {
        assertThatThrownBy(() -> codec.parse("{\"domain\":\"mail.example.com\",\"mailFrom\":\"example.com\"}"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("mailFrom \"example.com\" is invalid: example.com is not a subdomain of mail.example.com;"
                        + " give a label, like bounce, or a name under the domain");
        assertThatThrownBy(() -> codec.parse("{\"domain\":\"mail.example.com\",\"mailFrom\":7}"))
                .isInstanceOf(RejectedInputException.class).hasMessage("field mailFrom must be a string, not number");
    }

    @Test
    void theDefaultLabelAppliesOnlyToAnOnboardThatNamesNone() {
        MailFromPolicy policy = new MailFromPolicy(Optional.of("bounce"), "eu-west-1", 600);
        Request.Onboard plain = new Request.Onboard(DOMAIN, Optional.empty(), Optional.empty());
        Request.Onboard own = new Request.Onboard(DOMAIN, Optional.empty(), Optional.empty(),
                Optional.of(MailFromDomain.of(DOMAIN, "mf")));

        assertThat(policy.mailFromOf(plain)).contains(new MailFromDomain("bounce.mail.example.com"));
        assertThat(policy.mailFromOf(own)).contains(new MailFromDomain("mf.mail.example.com"));
        assertThat(MailFromPolicy.NONE.mailFromOf(plain)).isEmpty();
    }

    @Test
    void theRecordsAreTheMxToTheRegionsFeedbackHostAndTheSpfTxt() {
        assertThat(new MailFromPolicy(Optional.empty(), "eu-west-1", 600).recordsOf(MailFromDomain.of(DOMAIN, "bounce")))
                .containsExactly(
                        new MailFromRecord("bounce.mail.example.com", "MX", "10 feedback-smtp.eu-west-1.amazonses.com", 600),
                        new MailFromRecord("bounce.mail.example.com", "TXT", "\"v=spf1 include:amazonses.com ~all\"", 600));
    }

    @Test
    void otherActionsKeepTheirShape() {
        assertThat(codec.parse("{\"action\":\"offboard\",\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}"))
                .isEqualTo(new Request.Offboard(DOMAIN, Optional.empty(), Optional.empty()));
        assertThat(List.of(Request.Onboard.class.getRecordComponents()).stream().map(c -> c.getName()).toList())
                .containsExactly("domain", "hostedZoneId", "tenantId", "mailFrom");
    }
}
