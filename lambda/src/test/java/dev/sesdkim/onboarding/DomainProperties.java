package dev.sesdkim.onboarding;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DomainProperties {

    /** As long as a token may be, so that record names are as long as they can get. */
    private static final DkimTokens TOKENS = new DkimTokens(List.of("a".repeat(63), "b".repeat(63), "c".repeat(63)));

    @Property(tries = 3000)
    void noAcceptedInputYieldsARecordNameOutsideItsDomainKeyNamespace(@ForAll("domainLike") String raw) {
        Domain domain;
        try {
            domain = Domain.parse(raw);
        } catch (RejectedInputException rejected) {
            assertThat(rejected.reason()).isNotBlank();
            return;
        }
        assertThat(domain.name()).matches("([a-z0-9]([a-z0-9-]*[a-z0-9])?\\.)+[a-z0-9-]*[a-z][a-z0-9-]*").hasSizeLessThanOrEqualTo(253);
        for (DkimRecord record : new RecordSpec("dkim.amazonses.com", 1800).recordsFor(domain, TOKENS)) {
            String prefix = record.name().substring(0, record.name().indexOf('.'));
            assertThat(TOKENS.values()).contains(prefix);
            assertThat(record.name()).isEqualTo(prefix + "._domainkey." + domain.name()).hasSizeLessThanOrEqualTo(253);
            assertThat(record.value()).isEqualTo(prefix + ".dkim.amazonses.com");
        }
    }

    @Property(tries = 2000)
    void parsingIsIdempotent(@ForAll("domainLike") String raw) {
        Domain first;
        try {
            first = Domain.parse(raw);
        } catch (RejectedInputException rejected) {
            return;
        }
        assertThat(Domain.parse(first.name())).isEqualTo(first);
    }

    @Property(tries = 3000)
    void noAcceptedNameIsAnotherDomainThanTheOneIdna2008Gives(@ForAll("domainLike") String raw) {
        Domain domain;
        try {
            domain = Domain.parse(raw);
        } catch (RejectedInputException rejected) {
            return;
        }
        Optional<String> idna2008 = BrowserIdna.toAscii(raw.strip()).map(name -> name.endsWith(".") ? name.substring(0, name.length() - 1) : name);
        // Spaces and the like are IDNA2008's to keep and Domain's to trim or refuse: only names fit for DNS compare.
        if (idna2008.isPresent() && idna2008.get().matches("[a-z0-9.-]+")) {
            assertThat(domain.name()).isEqualTo(idna2008.get());
        }
    }

    @Provide
    Arbitrary<String> domainLike() {
        Arbitrary<String> label = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcxyz09-_*").ofMinLength(0).ofMaxLength(70),
                Arbitraries.strings().withChars("aéüßµ\u0430\u043e\u200b\u00adZ.\u03a3\u03c3\u03c2\u1e9e\u0386\u200c").ofMinLength(1).ofMaxLength(12),
                Arbitraries.of("_domainkey", "xn--bcher-kva", "com", "EXAMPLE", "\n", "\u0000", " ", "..", "\u3002"));
        return label.list().ofMinSize(1).ofMaxSize(6).map(labels -> String.join(".", labels))
                .flatMap(name -> Arbitraries.of(name, name + ".", " " + name.toUpperCase() + " "));
    }
}
