package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainTest {

    @Test
    void trimsSpacesTabsAndLineBreaksIncludingUnicodeSpacesButNoOtherControlCharacter() {
        assertThat(Domain.parse("\t mail.example.com\r\n").name()).isEqualTo("mail.example.com");
        assertThat(Domain.parse("\u00a0mail.example.com\u3000").name()).isEqualTo("mail.example.com");
        assertThatThrownBy(() -> Domain.parse("mail.example.com\u001f")).hasMessageContaining("control character");
        assertThatThrownBy(() -> Domain.parse("\u001cmail.example.com")).hasMessageContaining("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ma\u200bil.example.com", "mail\u200d.example.com", "\u00admail.example.com",
            "\ufeffmail.example.com", "mail.example.com\u2060", "ex\u200eample.com", "\u202email.example.com",
            "ex\u034fample.com", "mail\ufe0f.example.com", "ex\u180bample.com", "ex\u1806ample.com"})
    void rejectsInvisibleFormattingCharactersThatIdnWouldSilentlyDelete(String raw) {
        assertThatThrownBy(() -> Domain.parse(raw)).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("invisible formatting character")
                .satisfies(rejected -> assertThat(rejected.getMessage()).as("quoted, never raw").matches("[\\x20-\\x7e…]*"));
    }

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
            "stra\u00dfe.de|\"\u00df\" (U+00DF LATIN SMALL LETTER SHARP S), which IDNA2003 turns into \"ss\" but IDNA2008 keeps",
            "STRA\u1e9eE.DE|(U+1E9E LATIN CAPITAL LETTER SHARP S), which IDNA2003 turns into \"ss\" but IDNA2008 into U+00DF",
            "\u03c2.gr|(U+03C2 GREEK SMALL LETTER FINAL SIGMA)",
            "\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2.gr|(U+03C2 GREEK SMALL LETTER FINAL SIGMA)",
            "\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2\u03c3.gr|(U+03C2 GREEK SMALL LETTER FINAL SIGMA)",
            "a\u3164b.example.com|\"\\u3164\" (U+3164 HANGUL FILLER), an invisible filler which IDNA2003 keeps",
            "\ud87e\udc68.example.com|(U+2F868 CJK COMPATIBILITY IDEOGRAPH-2F868), which IDNA2003 normalises to another ideograph",
    })
    void rejectsNamesThatIdna2003AndIdna2008TurnIntoDifferentDomainsNamingTheCharacter(String raw, String reason) {
        assertThatThrownBy(() -> Domain.parse(raw)).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining(reason)
                .hasMessageEndingWith("send the punycode (xn--) form of the name you mean");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645.example.com|\"\\u200c\" (U+200C ZERO WIDTH NON-JOINER)",
            "\u0915\u094d\u200d\u0937.example.com|\"\\u200d\" (U+200D ZERO WIDTH JOINER)",
    })
    void rejectsJoinersThatIdna2008KeepsInAWordWithAnEscapedReasonAskingForPunycode(String raw, String character) {
        assertThatThrownBy(() -> Domain.parse(raw)).isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("contains " + character + ", an invisible formatting character which IDNA2003 deletes but IDNA2008 keeps")
                .hasMessageEndingWith("send the punycode (xn--) form of the name you mean")
                .hasMessageNotContaining("\u200c").hasMessageNotContaining("\u200d");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "xn--strae-oqa.de|xn--strae-oqa.de",
            "XN--STRAE-OQA.DE.|xn--strae-oqa.de",
            "xn--kxa6ajbbmh.gr|xn--kxa6ajbbmh.gr",
            "xn--3xa.gr|xn--3xa.gr",
    })
    void acceptsThePunycodeFormOfSuchANameAsItIs(String raw, String expected) {
        assertThat(Domain.parse(raw).name()).isEqualTo(expected);
    }

    @Test
    void upperCaseGreekGetsTheNonFinalSigmaThatBothStandardsMapCapitalSigmaTo() {
        // Lower-casing alone would end the word in final sigma; IDNA2003 and IDNA2008 both make every capital sigma U+03C3.
        assertThat(Domain.parse("\u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3.gr").name()).isEqualTo("xn--kxa6akbbkh.gr")
                .isEqualTo(Domain.parse("\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c3.gr").name());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "*.example.com|wildcards are not allowed",
            "x._domainkey.example.com|_domainkey",
            "_domainkey.example.com|_domainkey",
            "localhost|at least two labels",
            "192.168.0.1|has no letter",
            "a.0-0|top-level label \"0-0\" has no letter",
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
    void rejectsLabelsLongerThan63AndNamesTooLongForTheirDkimRecords() {
        String label63 = "a".repeat(63);
        assertThat(Domain.parse(label63 + ".com").name()).hasSize(67);
        assertThatThrownBy(() -> Domain.parse("a" + label63 + ".com")).hasMessageContaining("more than 63");

        String name178 = String.join(".", label63, label63, "a".repeat(50));
        assertThat(name178).hasSize(178);
        Domain longest = Domain.parse(name178);
        assertThat(new RecordSpec("dkim.amazonses.com", 1800).recordsFor(longest, new DkimTokens(List.of("a".repeat(63), "b".repeat(63), "c".repeat(63)))))
                .allSatisfy(record -> assertThat(record.name()).hasSize(253));
        assertThatThrownBy(() -> Domain.parse(name178 + "a")).hasMessageContaining("179 characters long, more than 178");
        assertThatThrownBy(() -> Domain.parse(String.join(".", label63, label63, label63, "a".repeat(61))))
                .hasMessageContaining("more than 178");
    }

    @Test
    void aReasonNeverCarriesTheRawCharactersOfAnInvalidInternationalisedLabel() {
        for (String label : new String[] {"\ud800", "\ue000"}) {
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
