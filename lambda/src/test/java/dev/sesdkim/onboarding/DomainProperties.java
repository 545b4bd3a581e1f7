package dev.sesdkim.onboarding;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Properties of {@link Domain} over inputs from {@link SeededInputs}: the case counts are the tries each holds for. */
class DomainProperties {

    /** As long as a token may be, so that record names are as long as they can get. */
    private static final DkimTokens TOKENS = new DkimTokens(List.of("a".repeat(63), "b".repeat(63), "c".repeat(63)));

    @ParameterizedTest(name = "case {index}")
    @MethodSource("domainLike3000")
    void noAcceptedInputYieldsARecordNameOutsideItsDomainKeyNamespace(String raw) {
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

    @ParameterizedTest(name = "case {index}")
    @MethodSource("domainLike2000")
    void parsingIsIdempotent(String raw) {
        Domain first;
        try {
            first = Domain.parse(raw);
        } catch (RejectedInputException rejected) {
            return;
        }
        assertThat(Domain.parse(first.name())).isEqualTo(first);
    }

    @ParameterizedTest(name = "case {index}")
    @MethodSource("domainLike3000")
    void noAcceptedNameIsAnotherDomainThanTheOneIdna2008Gives(String raw) {
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

    static Stream<String> domainLike3000() {
        return SeededInputs.cases("domainLike3000", 3000, DomainProperties::domainLike);
    }

    static Stream<String> domainLike2000() {
        return SeededInputs.cases("domainLike2000", 2000, DomainProperties::domainLike);
    }

    /** One to six labels, plain, hostile or IDN, joined by dots; as written, with a trailing dot, or shouted in spaces. */
    private static String domainLike(SeededInputs inputs) {
        String name = String.join(".", inputs.list(() -> inputs.weighted(
                new SeededInputs.Weighted<>(1, () -> inputs.string("abcxyz09-_*", 0, 70)),
                new SeededInputs.Weighted<>(1, () -> inputs.string("aéüßµ\u0430\u043e\u200b\u00adZ.\u03a3\u03c3\u03c2\u1e9e\u0386\u200c", 1, 12)),
                new SeededInputs.Weighted<>(1, () -> inputs.of("_domainkey", "xn--bcher-kva", "com", "EXAMPLE", "\n", "\u0000", " ", "..", "\u3002"))),
                1, 6));
        return inputs.of(name, name + ".", " " + name.toUpperCase() + " ");
    }
}
