package dev.sesdkim.onboarding;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import static org.assertj.core.api.Assertions.assertThat;

class MailFromDomainProperties {

    private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    /** Control characters but the tab and line breaks, which are trimmed around a name as around a domain. */
    private static final String CONTROL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]";

    @Property(tries = 5000)
    void anAcceptedMailFromIsAProperSubdomainThatFitsInDnsElseItIsRejectedNamingTheField(
            @ForAll("domainAndMailFrom") Tuple.Tuple2<Domain, String> input) {
        Domain domain = input.get1();
        MailFromDomain mailFrom;
        try {
            mailFrom = MailFromDomain.of(domain, input.get2());
        } catch (RejectedInputException rejected) {
            assertThat(rejected.reason()).containsAnyOf("mailFrom", "MAIL FROM");
            return;
        }
        String name = mailFrom.name();
        assertThat(input.get2()).doesNotContainPattern(CONTROL);
        assertThat(name).hasSizeLessThanOrEqualTo(253).isLowerCase().endsWith("." + domain.name());
        assertThat(name.split("\\.", -1)).allSatisfy(label -> assertThat(label).matches(LABEL));
        assertThat(MailFromDomain.of(domain, name)).as("the accepted name, sent again").isEqualTo(mailFrom);
    }

    @Property(tries = 2000)
    void aLabelAndTheFullNameBelowTheDomainAreTheSameMailFromDomain(@ForAll("domainAndMailFrom") Tuple.Tuple2<Domain, String> input) {
        Domain domain = input.get1();
        MailFromDomain accepted;
        try {
            accepted = MailFromDomain.of(domain, input.get2());
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

    @Provide
    Arbitrary<Tuple.Tuple2<Domain, String>> domainAndMailFrom() {
        Arbitrary<Domain> domains = Arbitraries.of("mail.example.com", "example.com", "xn--bcher-kva.example",
                        "a-b.c.d.e.example.org", "d".repeat(63) + "." + "e".repeat(63) + "." + "f".repeat(46) + ".com")
                .map(Domain::parse);
        return domains.flatMap(domain -> mailFromLike(domain).map(mailFrom -> Tuple.of(domain, mailFrom)));
    }

    /**
     * Mostly names a producer might send (a label, a name under the domain, upper case, trailing dots, IDN), and often
     * enough what an attacker might: the domain itself, its parent, a look-alike, hostile characters, over-long labels.
     */
    private static Arbitrary<String> mailFromLike(Domain domain) {
        String parent = domain.name().substring(domain.name().indexOf('.') + 1);
        Arbitrary<String> label = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().withChars("abcxyz09-").ofMinLength(1).ofMaxLength(64)),
                Tuple.of(4, Arbitraries.of("bounce", "BOUNCE", "mail", "b\u00fccher", "xn--bcher-kva", "\uff42\uff4f\uff55\uff4e\uff43\uff45",
                        "a\u2488b", "", ".", "\u3002", domain.name(), domain.name().toUpperCase() + ".", parent, "evil" + domain.name())),
                Tuple.of(1, Arbitraries.strings().withChars("aZ\u00e9\u00df\u0430_*\u200b\u00ad\u000b\u001f\u0000 .\uff0e").ofMinLength(1).ofMaxLength(8)));
        Arbitrary<String> labels = label.list().ofMinSize(1).ofMaxSize(5).map(list -> String.join(".", list));
        Arbitrary<String> suffix = Arbitraries.of("", "", "." + domain.name(), "." + domain.name(), "." + domain.name() + ".",
                "\uff0e" + domain.name(), "." + parent, "." + domain.name().toUpperCase());
        Arbitrary<String> around = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just("")), Tuple.of(1, Arbitraries.of(" ", "\t", "\u001f")));
        return Combinators.combine(labels, suffix, around).as((name, tail, space) -> space + name + tail + space);
    }
}
