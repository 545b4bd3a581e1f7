package dev.sesdkim.onboarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The files for sam local invoke: the function they describe can only reach the emulator. */
@ExtendWith(MotoServerExtension.class)
class SamLocalIT {

    private static final Path SYNTHESISED = Path.of("target", "test-classes", "sam-local", SamLocal.STACK + ".template.json");

    @TempDir
    Path cdkOut;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeEach
    void synthesised() throws IOException {
        Files.copy(SYNTHESISED, cdkOut.resolve(SamLocal.STACK + ".template.json"));
    }

    private int run(String... args) {
        return new SamLocal(new PrintStream(output, true, StandardCharsets.UTF_8)).run(args);
    }

    @Test
    void theTemplatesFunctionDeclaresEverySettingWithTheEmulatorsValueSoItCannotReachAws(MotoServer moto) throws IOException {
        int exit = run("--endpoint", moto.endpoint().toString(), "--cdk-out", cdkOut.toString());

        assertThat(exit).as(output.toString(StandardCharsets.UTF_8)).isZero();
        String container = "http://host.docker.internal:" + moto.endpoint().getPort();
        JsonNode function = LocalAws.readJson(Files.readString(cdkOut.resolve(SamLocal.TEMPLATE)))
                .path("Resources").path("OnboardingFunctionB205D451");
        JsonNode variables = function.path("Properties").path("Environment").path("Variables");
        assertThat(variables.path("AWS_ENDPOINT_URL").asText()).isEqualTo(container);
        List<String> references = new ArrayList<>();
        variables.fields().forEachRemaining(variable -> {
            if (!variable.getValue().isTextual()) {
                references.add(variable.getKey());
            }
        });
        assertThat(references).as("no setting left to a reference sam local cannot resolve").isEmpty();
        assertThat(variables.path("RECHECK_QUEUE_ARN").asText()).endsWith(":dkim-onboarding.fifo");
        assertThat(variables.path("JAVA_TOOL_OPTIONS").asText()).as("what the stack fixes stays").contains("TieredStopAtLevel=1");
        assertThat(function.path("Metadata").path("aws:asset:path").asText()).as("the jar, beside the template").endsWith(".jar");
        JsonNode parameters = LocalAws.readJson(Files.readString(cdkOut.resolve(SamLocal.ENV_FILE))).path("Parameters");
        assertThat(parameters.path("AWS_ENDPOINT_URL").asText()).isEqualTo(container);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("sam local invoke -t " + cdkOut.resolve(SamLocal.TEMPLATE)
                + " OnboardingFunctionB205D451 -e events/onboard.json --env-vars " + cdkOut.resolve(SamLocal.ENV_FILE));
    }

    @Test
    void anEndpointThatIsAwsItselfIsRefusedAndNothingIsWritten() {
        int exit = run("--endpoint", "https://email.us-east-1.amazonaws.com", "--cdk-out", cdkOut.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("is AWS itself");
        assertThat(cdkOut.resolve(SamLocal.TEMPLATE)).doesNotExist();
        assertThat(cdkOut.resolve(SamLocal.ENV_FILE)).doesNotExist();
    }

    @Test
    void withoutASynthesisedTemplateItSaysToSynthesiseFirst(MotoServer moto) throws IOException {
        Files.delete(cdkOut.resolve(SamLocal.STACK + ".template.json"));

        assertThat(run("--endpoint", moto.endpoint().toString(), "--cdk-out", cdkOut.toString())).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("is missing: synthesise first");
    }

    @Test
    void withoutAnEndpointItPrintsItsUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(output.toString(StandardCharsets.UTF_8)).startsWith("usage: sam-local");
    }
}
