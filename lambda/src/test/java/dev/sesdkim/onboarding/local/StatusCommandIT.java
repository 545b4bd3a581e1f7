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
import java.util.List;

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
}
