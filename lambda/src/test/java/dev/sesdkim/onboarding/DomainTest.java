package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mail.example.com|mail.example.com",
            "  Mail.Example.COM.  |mail.example.com",
            "bücher.example.com|xn--bcher-kva.example.com",
            "MÜNCHEN.de|xn--mnchen-3ya.de",
            "xn--bcher-kva.example.com|xn--bcher-kva.example.com",
            "a-b.c0.io|a-b.c0.io",
            "example.co.uk|example.co.uk",
    })
    void normalisesToLowerCaseAsciiWithoutTrailingDot(String raw, String expected) {
        assertThat(Domain.parse(raw).name()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*.example.com|wildcards are not allowed",
            "x._domainkey.example.com|_domainkey",
            "_domainkey.example.com|_domainkey",
            "localhost|at least two labels",
            "192.168.0.1|numeric",
            "example..com|empty label",
            ".example.com|empty label",
            "example.com..|empty label",
            "-bad.example.com|inner hyphens",
            "bad-.example.com|inner hyphens",
            "mail example.com|whitespace",
            "ex_ample.com|inner hyphens",
            "[::1]|IP addresses",
            "2001:db8::1|IP addresses",
            "exa\"mple.com|inner hyphens",
    })
    void rejectsInvalidDomainsWithAReasonNamingTheProblem(String raw, String reason) {
        assertThatThrownBy(() -> Domain.parse(raw))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mail\u0000.example.com", "mail.example.com\nX-Injected: 1", "ma\u0007il.example.com"})
    void rejectsControlCharactersAndEscapesThemInTheReason(String raw) {
        assertThatThrownBy(() -> Domain.parse(raw))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\u0000")
                .satisfies(e -> assertThat(e.getMessage()).matches("[\\x20-\\x7e…]*"));
    }

    @Test
    void trimsSurroundingWhitespaceIncludingNewlines() {
        assertThat(Domain.parse("\tmail.example.com\n").name()).isEqualTo("mail.example.com");
        assertThat(Domain.parse("mail\u3002example\uff0ecom").name()).isEqualTo("mail.example.com");
    }

    @Test
    void rejectsEmptyAndMissing() {
        assertThatThrownBy(() -> Domain.parse("   ")).hasMessage("domain is empty");
        assertThatThrownBy(() -> Domain.parse(null)).hasMessage("domain is missing");
    }

    @Test
    void rejectsLabelsLongerThan63AndNamesLongerThan253() {
        String label63 = "a".repeat(63);
        assertThat(Domain.parse(label63 + ".com").name()).hasSize(67);
        assertThatThrownBy(() -> Domain.parse("a" + label63 + ".com")).hasMessageContaining("more than 63");

        String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertThat(name253).hasSize(253);
        assertThat(Domain.parse(name253).name()).isEqualTo(name253);
        assertThatThrownBy(() -> Domain.parse(name253 + "a")).hasMessageContaining("more than 253");
    }

    @Test
    void aReasonNeverCarriesTheRawCharactersOfAnInvalidInternationalisedLabel() {
        for (String label : new String[] {"\ud800", "\u202email", "\ue000"}) {
            assertThatThrownBy(() -> Domain.parse(label + ".example.com"))
                    .isInstanceOf(RejectedInputException.class)
                    .hasMessageContaining("is not a valid internationalised name")
                    .satisfies(rejected -> assertThat(rejected.getMessage()).matches("[\\x20-\\x7e…]*"));
        }
    }

    @Test
    void constructorAcceptsOnlyCanonicalNames() {
        assertThatThrownBy(() -> new Domain("Mail.Example.com")).isInstanceOf(RejectedInputException.class);
        assertThatThrownBy(() -> new Domain("mail.example.com.")).isInstanceOf(RejectedInputException.class);
        assertThat(new Domain("mail.example.com").name()).isEqualTo("mail.example.com");
    }

    @Test
    void knowsWhichZonesCoverIt() {
        Domain domain = Domain.parse("mail.eu.example.com");
        assertThat(domain.isWithin("example.com.")).isTrue();
        assertThat(domain.isWithin("eu.example.com")).isTrue();
        assertThat(domain.isWithin("mail.eu.example.com")).isTrue();
        assertThat(domain.isWithin("ample.com")).isFalse();
        assertThat(domain.isWithin("other.com")).isFalse();
        assertThat(domain.selfAndParents()).containsExactly("mail.eu.example.com", "eu.example.com", "example.com");
    }
}
