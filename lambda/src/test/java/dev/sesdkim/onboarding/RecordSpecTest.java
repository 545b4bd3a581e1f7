package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one place DKIM record names and values are built. */
class RecordSpecTest {

    private static final DkimTokens TOKENS = new DkimTokens(List.of("tokena", "tokenb", "tokenc"));

    @Test
    void eachTokenGivesACnameUnderTheDomainsDomainKeyPointingAtTheTargetWithTheTtl() {
        RecordSpec spec = new RecordSpec("dkim.af-south-1.amazonses.com", 300);

        assertThat(spec.recordsFor(Domain.parse("mail.example.com"), TOKENS)).containsExactly(
                new DkimRecord("tokena._domainkey.mail.example.com", "tokena.dkim.af-south-1.amazonses.com", 300),
                new DkimRecord("tokenb._domainkey.mail.example.com", "tokenb.dkim.af-south-1.amazonses.com", 300),
                new DkimRecord("tokenc._domainkey.mail.example.com", "tokenc.dkim.af-south-1.amazonses.com", 300));
    }

    @Test
    void theRecordsItBuildsAreTheOnesOffboardingRecognisesAsTheDomainsEasyDkimRecords() {
        RecordSpec spec = new RecordSpec("dkim.amazonses.com", 1800);
        Domain domain = Domain.parse("mail.example.com");

        assertThat(spec.recordsFor(domain, TOKENS))
                .allSatisfy(record -> assertThat(record.isEasyDkimRecordOf(domain, spec.targetDomain())).isTrue())
                .noneSatisfy(record -> assertThat(record.isEasyDkimRecordOf(Domain.parse("example.com"), spec.targetDomain())).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void aBlankTargetDomainIsRefused(String target) {
        assertThatThrownBy(() -> new RecordSpec(target, 1800))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the DKIM target domain must not be blank");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5})
    void aTtlThatIsNotPositiveIsRefused(long ttl) {
        assertThatThrownBy(() -> new RecordSpec("dkim.amazonses.com", ttl))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
