package dev.sesdkim.onboarding.local;

import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators' status command against the suite's moto through --endpoint, after the real handler onboarded. */
@ExtendWith(MotoServerExtension.class)
class StatusCommandIT {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int run(String... args) {
        return new StatusCommand(new PrintStream(output, true, StandardCharsets.UTF_8)).run(args);
    }

    private List<String> lines() {
        return output.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void printsOneRowPerDomainWithSesTheRecordsAndTheWaitingRecheck(MotoServer moto) {
        LocalAws aws = new LocalAws(moto);
        String zoneId = aws.createPublicZone("example.com");
        aws.handler(Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC))
                .handleRequest(LocalAws.messages("{\"domain\":\"mail.example.com\"}"), null);

        int exit = run("--endpoint", moto.endpoint().toString(), "--schedule-group", LocalAws.SCHEDULE_GROUP,
                "mail.example.com", "other.example.com", "*.example.com");

        assertThat(exit).isZero();
        assertThat(lines()).hasSize(4);
        assertThat(lines().get(0)).startsWith("domain").contains("SES DKIM", "MAIL FROM", "hosted zone", "records in zone", "next re-check");
        assertThat(lines().get(1)).startsWith("*.example.com").contains("rejected: domain \"*.example.com\" is invalid");
        assertThat(lines().get(2)).startsWith("mail.example.com").contains("Success", zoneId, "3 of 3",
                "2026-11-23T08:05:00Z #1", "2026-11-23T08:00:00Z");
        assertThat(lines().get(3)).startsWith("other.example.com").contains("NotStarted", zoneId, "no tokens", "none");
        assertThat(lines().get(2).split(" +")[2]).as("no MAIL FROM domain").isEqualTo("none");
    }

    @Test
    void withoutAScheduleGroupItPrintsItsUsage() {
        assertThat(run("mail.example.com")).isEqualTo(2);
        assertThat(lines().get(0)).startsWith("usage: status");
    }

    /** The runbook's line (docs/operations.md), run as written from the repository root: through Maven, with only the environment an operator has. */
    @Test
    void theReadmeCommandRunsAsWrittenAndPrintsOnlyTheTable(MotoServer moto) throws Exception {
        LocalAws aws = new LocalAws(moto);
        aws.createPublicZone("example.com");
        aws.handler(Clock.systemUTC()).handleRequest(LocalAws.messages("{\"domain\":\"mail.acme.com\"}"), null);
        Map<String, String> operator = Map.of("SCHEDULE_GROUP", LocalAws.SCHEDULE_GROUP, "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing");

        Run run = readmeStatusCommand(operator);

        assertThat(run.exitCode()).as(run.output()).isZero();
        List<String> lines = run.output().lines().toList();
        assertThat(lines).as("the table and nothing before it").hasSize(3);
        assertThat(lines.get(0)).startsWith("domain");
        assertThat(lines.get(1)).startsWith("mail.acme.com").contains("Success");
        assertThat(lines.get(2)).startsWith("news.acme.com").contains("NotStarted");
    }

    @Test
    void withoutARegionItSaysInOneLineWhatToSet() throws Exception {
        Run run = readmeStatusCommand(Map.of("SCHEDULE_GROUP", "dkim-onboarding", "AWS_CONFIG_FILE", "/nonexistent",
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().strip()).isEqualTo("No AWS region: pass --region REGION (the stack's region) or set AWS_REGION");
    }

    private record Run(int exitCode, String output) {
    }

    private static Run readmeStatusCommand(Map<String, String> environment) throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String line = Files.readAllLines(root.resolve("docs").resolve("operations.md")).stream()
                .filter(text -> text.startsWith("./mvnw -q -pl lambda -Pstatus")).findFirst()
                .orElseThrow(() -> new AssertionError("docs/operations.md shows no status command"));
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", line).directory(root.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("MAVEN_"));
        builder.environment().putAll(environment);
        builder.environment().put("HOME", System.getProperty("user.home"));
        Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
