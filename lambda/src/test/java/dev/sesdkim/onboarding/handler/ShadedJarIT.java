package dev.sesdkim.onboarding.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import dev.sesdkim.onboarding.local.JarInvoker;
import dev.sesdkim.onboarding.local.LocalEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployable artifact, not the class path: the shaded jar in a fresh JVM, built by its no-argument constructor
 * from environment variables alone, as Lambda runs it. Runs after {@code package}, so the jar exists.
 */
@ExtendWith(MotoServerExtension.class)
class ShadedJarIT {

    private static final Path JAR = Path.of("target", "dkim-onboarding-lambda.jar");
    private static final Path TEST_CLASSES = Path.of("target", "test-classes");

    @Test
    void theShadedJarOnboardsTheSampleEventFromEnvironmentSettingsAlone(MotoServer moto) throws Exception {
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), LocalEnvironment.QueueOptions.AS_DEPLOYED);
        String zoneId = local.createPublicZone("example.com");
        Map<String, String> environment = local.functionEnvironment(1);

        Result result = invoke(environment, "onboard.json");

        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode summary = LocalAws.readJson(result.lastLine());
        assertThat(summary.path("failures").asInt()).isZero();
        assertThat(summary.path("records").asInt()).isEqualTo(1);
        assertThat(result.output()).contains("\"level\":\"INFO\"").contains("\"domain\":\"mail.example.com\"");
        // The metrics, in embedded metric format: what the trimmed commons-lang3 of the jar must still carry.
        assertThat(result.output()).contains("\"_aws\"").contains("\"Namespace\":\"DkimOnboarding\"")
                .contains("\"RecordsPublished\"");
        assertThat(local.route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets())
                .filteredOn(set -> set.typeAsString().equals("CNAME")).hasSize(3);
    }

    @Test
    void aMissingSettingStopsStartUpWithOneLineNamingIt(MotoServer moto) throws Exception {
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), LocalEnvironment.QueueOptions.AS_DEPLOYED);
        Map<String, String> environment = new java.util.HashMap<>(local.functionEnvironment(1));
        environment.remove("RECHECK_QUEUE_ARN");

        Result result = invoke(environment, "onboard.json");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("Missing required setting RECHECK_QUEUE_ARN (an environment variable; see README, Settings)");
    }

    private record Result(int exitCode, String output) {
        String lastLine() {
            List<String> lines = output.lines().filter(line -> line.startsWith("{\"failures\"")).toList();
            assertThat(lines).as(output).hasSize(1);
            return lines.get(0);
        }
    }

    /** The jar of the runtime's event serializer, as the Lambda runtime brings it beside the function. */
    static Path runtimeLibrary() {
        try {
            return Path.of(JarInvoker.RUNTIME_LIBRARY.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result invoke(Map<String, String> environment, String eventFile) throws IOException, InterruptedException {
        assertThat(JAR).as("the shaded jar is built in the package phase").exists();
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(javaBinary.toString(), "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", JAR + java.io.File.pathSeparator + TEST_CLASSES + java.io.File.pathSeparator + runtimeLibrary(),
                JarInvoker.class.getName(),
                TEST_CLASSES.resolve("events").resolve(eventFile).toString())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
