package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Text from TXT records goes into events and re-check states only as printable ASCII of a readable length. */
class DnsTextTest {

    @Test
    void printableTextIsShownAsItIs() {
        assertThat(DnsText.shownText("v=spf1 include:_spf.google.com \"quoted\" ~all"))
                .isEqualTo("v=spf1 include:_spf.google.com \"quoted\" ~all");
    }

    @Test
    void textWithAControlCharacterIsDescribedWithoutAnyOfIt() {
        assertThat(DnsText.shownText("v=spf1\r\nX-Injected: yes")).isEqualTo("(not printable text: 23 characters)");
    }

    @Test
    void textBeyondAsciiIsDescribedWithoutAnyOfIt() {
        assertThat(DnsText.shownText("v=spf1 include:ämazonses.com")).isEqualTo("(not printable text: 28 characters)");
    }

    @Test
    void textLongerThanOneDnsStringIsDescribedWithoutAnyOfIt() {
        String longest = "v=spf1 " + "a".repeat(DnsText.MAX_TEXT_LENGTH - 7);

        assertThat(DnsText.shownText(longest)).isEqualTo(longest);
        assertThat(DnsText.shownText(longest + "a")).isEqualTo("(text of 256 characters, too long to show)");
    }
}
