package dev.sesdkim.onboarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

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

    @Test
    void aTargetThisRunDidNotMeasureIsShownNotRunNeverMet() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode targets = json.readTree("""
                {"cold start": {"met": true, "value": "1.5x", "carriedFromPreviousRun": true},
                 "jar size": {"met": false, "value": "14.7 MB"}}""");
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        new Benchmark(new PrintStream(output, true, StandardCharsets.UTF_8), Path.of("target"), Path.of("peer.py"))
                .printTargets(targets, json.readTree("{\"cold start\": {\"value\": \"1.5x\"}}"), "baseline");

        List<String> lines = output.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("   cold start").contains(" not run ")
                .doesNotContain(" met "));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("   jar size").contains("NOT MET").contains("14.7 MB"));
    }
}
