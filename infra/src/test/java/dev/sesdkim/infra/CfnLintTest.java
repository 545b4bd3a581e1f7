package dev.sesdkim.infra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** cfn-lint over the synthesised templates: CloudFormation's own schema and best-practice rules. */
class CfnLintTest {

    /**
     * W3005 (DependsOn already implied by a GetAtt): aws-lambda's Function adds an explicit DependsOn on its role so
     * the role's policy exists before the function; the redundancy is the CDK's, not ours.
     */
    static final List<String> IGNORED_CHECKS = List.of("W3005");

    /** cfn-lint's exit status is a bit mask: 2 errors, 4 warnings, 8 informational; anything else is a crash. */
    private static final int INFORMATIONAL_ONLY = 8;

    @Test
    void templatesHaveNoCfnLintErrorsOrWarnings() throws IOException, InterruptedException {
        List<Path> templates = List.of(SynthesizedStack.configured().templateFile(),
                SynthesizedStack.defaults().templateFile(), SynthesizedStack.allHostedZones().templateFile(),
                SynthesizedStack.smallAccount().templateFile(), SynthesizedStack.snapStartOff().templateFile());
        List<String> command = new ArrayList<>(List.of("cfn-lint", "--ignore-checks", String.join(",", IGNORED_CHECKS), "--"));
        templates.forEach(template -> command.add(template.toString()));

        Process lint;
        try {
            lint = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            fail("cfn-lint is not on PATH; install it with `pip install cfn-lint` (" + notInstalled.getMessage() + ")");
            return;
        }
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();

        assertThat(lint.exitValue()).as("cfn-lint exit status; its output:%n%s", output).isIn(0, INFORMATIONAL_ONLY);
    }
}
