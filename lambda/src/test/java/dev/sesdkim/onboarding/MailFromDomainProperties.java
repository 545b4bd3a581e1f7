package dev.sesdkim.onboarding;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of {@link MailFromDomain} over inputs from {@link SeededInputs}: the case counts are the tries each holds for. */
class MailFromDomainProperties {

    /** A domain and the {@code mailFrom} a message names for it. */
    record Input(Domain domain, String mailFrom) {
    }

    private static final List<Domain> DOMAINS = Stream.of("mail.example.com", "example.com", "xn--bcher-kva.example",
            "a-b.c.d.e.example.org", "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(46) + ".com")
            .map(Domain::parse).toList();

    private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    /** Control characters but the tab and line breaks, which are trimmed around a name as around a domain. */
    private static final String CONTROL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]";

    @ParameterizedTest(name = "case {index}")
    @MethodSource("domainAndMailFrom5000")
    void anAcceptedMailFromIsAProperSubdomainThatFitsInDnsElseItIsRejectedNamingTheField(Input input) {
        Domain domain = input.domain();
        MailFromDomain mailFrom;
        try {
            mailFrom = MailFromDomain.of(domain, input.mailFrom());
        } catch (RejectedInputException rejected) {
            assertThat(rejected.reason()).containsAnyOf("mailFrom", "MAIL FROM");
            return;
        }
        String name = mailFrom.name();
        assertThat(input.mailFrom()).doesNotContainPattern(CONTROL);
        assertThat(name).hasSizeLessThanOrEqualTo(253).isLowerCase().endsWith("." + domain.name());
        assertThat(name.split("\\.", -1)).allSatisfy(label -> assertThat(label).matches(LABEL));
        assertThat(MailFromDomain.of(domain, name)).as("the accepted name, sent again").isEqualTo(mailFrom);
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("domainAndMailFrom2000")
    void aLabelAndTheFullNameBelowTheDomainAreTheSameMailFromDomain(Input input) {
        Domain domain = input.domain();
        MailFromDomain accepted;
        try {
            accepted = MailFromDomain.of(domain, input.mailFrom());
        } catch (RejectedInputException rejected) {
            return;
        }
        String firstLabel = accepted.name().substring(0, accepted.name().indexOf('.'));
        if (accepted.name().equals(firstLabel + "." + domain.name())) {
            assertThat(MailFromDomain.of(domain, firstLabel)).isEqualTo(accepted);
            assertThat(MailFromDomain.of(domain, firstLabel.toUpperCase() + "." + domain.name().toUpperCase() + "."))
                    .isEqualTo(accepted);
        }
    }

    static Stream<Input> domainAndMailFrom5000() {
        return SeededInputs.cases("domainAndMailFrom5000", 5000, MailFromDomainProperties::domainAndMailFrom);
    }

    static Stream<Input> domainAndMailFrom2000() {
        return SeededInputs.cases("domainAndMailFrom2000", 2000, MailFromDomainProperties::domainAndMailFrom);
    }

    private static Input domainAndMailFrom(SeededInputs inputs) {
        Domain domain = inputs.of(DOMAINS.toArray(Domain[]::new));
        return new Input(domain, mailFromLike(inputs, domain));
    }

    /**
     * Mostly names a producer might send (a label, a name under the domain, upper case, trailing dots, IDN), and often
     * enough what an attacker might: the domain itself, its parent, a look-alike, hostile characters, over-long labels.
     */
    private static String mailFromLike(SeededInputs inputs, Domain domain) {
        String parent = domain.name().substring(domain.name().indexOf('.') + 1);
        String labels = String.join(".", inputs.list(() -> inputs.weighted(
                new SeededInputs.Weighted<>(6, () -> inputs.string("abcxyz09-", 1, 64)),
                new SeededInputs.Weighted<>(4, () -> inputs.of("bounce", "BOUNCE", "mail", "b\u00fccher", "xn--bcher-kva",
                        "\uff42\uff4f\uff55\uff4e\uff43\uff45", "a\u2488b", "", ".", "\u3002", domain.name(),
                        domain.name().toUpperCase() + ".", parent, "evil" + domain.name())),
                new SeededInputs.Weighted<>(1, () -> inputs.string("aZ\u00e9\u00df\u0430_*\u200b\u00ad\u000b\u001f\u0000 .\uff0e", 1, 8))),
                1, 5));
        String suffix = inputs.of("", "", "." + domain.name(), "." + domain.name(), "." + domain.name() + ".",
                "\uff0e" + domain.name(), "." + parent, "." + domain.name().toUpperCase());
        String around = inputs.weighted(new SeededInputs.Weighted<>(12, () -> ""),
                new SeededInputs.Weighted<>(1, () -> inputs.of(" ", "\t", "\u001f")));
        return around + labels + suffix + around;
    }
}
