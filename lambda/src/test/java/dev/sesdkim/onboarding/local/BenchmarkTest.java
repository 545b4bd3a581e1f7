package dev.sesdkim.onboarding.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The benchmark's options, without running it. */
class BenchmarkTest {

    @Test
    void withoutMailFromTheFiguresStayTheOnesReadmeAndTheBaselineHold() {
        Benchmark.Options options = Benchmark.parse(new String[]{"--only", "throughput,recheck"});

        assertThat(options.mailFromLabel()).isEmpty();
        assertThat(Benchmark.reportFileName(options)).isEqualTo("benchmark.json");
    }

    @Test
    void mailFromTakesOneDnsLabelLowerCasedAndWritesAFileOfItsOwn() {
        Benchmark.Options options = Benchmark.parse(new String[]{"--mail-from", "Bounce", "--onboard-domains", "20"});

        assertThat(options.mailFromLabel()).contains("bounce");
        assertThat(options.onboardDomains()).isEqualTo(20);
        assertThat(options.recheckDomains()).as("the other defaults are unchanged").isEqualTo(1000);
        assertThat(Benchmark.reportFileName(options)).isEqualTo("benchmark-mail-from.json");
    }

    @Test
    void mailFromRejectsAnythingButOneDnsLabelAndAMissingValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> Benchmark.parse(new String[]{"--mail-from", "bounce.mail"}))
                .withMessageContaining("--mail-from must be one DNS label");
        assertThatIllegalArgumentException().isThrownBy(() -> Benchmark.parse(new String[]{"--mail-from"}))
                .withMessage("--mail-from needs a value");
    }
}
