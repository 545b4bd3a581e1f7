package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The status action on in-memory fakes: what it reports, what it reads, and that it changes nothing. */
class StatusReportingTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private final Fakes aws = new Fakes();

    private List<String> process(Instant at, String... bodies) {
        List<InboundMessage> batch = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            batch.add(new InboundMessage("m" + (i + 1), bodies[i]));
        }
        return aws.workflow(Clock.fixed(at, ZoneOffset.UTC)).process(batch);
    }

    private Outcome.StatusReported lastStatus() {
        return aws.events.stream().filter(Outcome.StatusReported.class::isInstance).map(Outcome.StatusReported.class::cast)
                .reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void reportsSesTheRecordsInTheZoneAndThePendingRecheckOfAnOnboardedDomain() {
        aws.addZone("ZPARENT", "example.com");
        process(NOW, "{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\"}");
        aws.records.remove(aws.records.keySet().iterator().next());
        int journalBefore = aws.journal.size();

        assertThat(process(NOW.plus(Duration.ofMinutes(3)), "{\"action\":\"status\",\"domain\":\"Mail.Example.com\"}")).isEmpty();

        Outcome.StatusReported status = lastStatus();
        DkimTokens tokens = aws.identities.get("mail.example.com");
        List<DkimRecord> expected = Fakes.RECORDS.recordsFor(Domain.parse("mail.example.com"), tokens);
        assertThat(status.domain().name()).isEqualTo("mail.example.com");
        assertThat(status.tenantId()).as("from the pending re-check").contains("acme");
        assertThat(status.dkimStatus()).contains(DkimStatus.PENDING);
        assertThat(status.dkimTokens()).contains(tokens.values());
        assertThat(status.hostedZoneId()).contains("ZPARENT");
        assertThat(status.records()).contains(Outcome.Cname.allOf(expected));
        assertThat(status.recordsFound()).contains(List.of(expected.get(1).name(), expected.get(2).name()));
        assertThat(status.nextRecheck()).contains(new Outcome.StatusReported.NextRecheck(NOW.plus(Duration.ofMinutes(5)), 1));
        assertThat(status.startedAt()).contains(NOW);
        assertThat(status.age()).contains(Duration.ofMinutes(3));
        assertThat(aws.journal.subList(journalBefore, aws.journal.size())).as("reads only").containsExactly(
                "ses:statuses 1", "ses:getMailFrom mail.example.com", "rechecks:read", "dns:find mail.example.com", "dns:read ZPARENT mail.example.com",
                "event DKIM Status Reported");
    }

    @Test
    void aStatusInTheBatchOfTheDomainsOnboardShowsItsFirstRecheck() {
        aws.addZone("ZPARENT", "example.com");

        process(NOW, "{\"domain\":\"mail.example.com\"}", "{\"action\":\"status\",\"domain\":\"mail.example.com\"}");

        assertThat(aws.events).extracting(Outcome::type)
                .containsExactly(Outcome.Type.RECORDS_PUBLISHED, Outcome.Type.STATUS_REPORTED);
        assertThat(lastStatus().nextRecheck()).map(Outcome.StatusReported.NextRecheck::attempt).contains(1);
        assertThat(lastStatus().recordsFound()).hasValueSatisfying(found -> assertThat(found).hasSize(3));
    }

    @Test
    void aDomainSesDoesNotKnowHasOnlyItsNameAndItsZone() {
        aws.addZone("ZPARENT", "example.com");

        process(NOW, "{\"action\":\"status\",\"domain\":\"never.example.com\",\"tenantId\":\"acme\"}");

        Outcome.StatusReported status = lastStatus();
        assertThat(status.tenantId()).contains("acme");
        assertThat(status.dkimStatus()).isEmpty();
        assertThat(status.dkimTokens()).isEmpty();
        assertThat(status.hostedZoneId()).contains("ZPARENT");
        assertThat(status.records()).isEmpty();
        assertThat(status.recordsFound()).isEmpty();
        assertThat(status.nextRecheck()).isEmpty();
        assertThat(status.startedAt()).isEmpty();
        assertThat(status.age()).isEmpty();
    }

    @Test
    void theStatusesOfABatchShareOneSesCallAndOneReadingOfTheScheduleGroup() {
        aws.addZone("ZPARENT", "example.com");

        process(NOW, "{\"action\":\"status\",\"domain\":\"a.example.com\"}", "{\"action\":\"status\",\"domain\":\"b.example.com\"}",
                "{\"action\":\"status\",\"domain\":\"c.example.com\"}");

        assertThat(aws.journal).filteredOn(line -> line.startsWith("ses:statuses")).containsExactly("ses:statuses 3");
        assertThat(aws.journal).filteredOn(line -> line.equals("rechecks:read")).hasSize(1);
        assertThat(aws.events).hasSize(3);
    }

    @Test
    void aZoneIdTheDeploymentMayNotWriteIsRejectedLikeForOnboarding() {
        aws.addZone("ZPARENT", "example.com");
        aws.writableZones = WritableZones.parse("ZOTHER");

        List<String> redelivered = aws.workflow(Clock.fixed(NOW, ZoneOffset.UTC)).process(List.of(
                new InboundMessage("m1", "{\"action\":\"status\",\"domain\":\"mail.example.com\",\"hostedZoneId\":\"ZPARENT\"}")));

        assertThat(redelivered).isEmpty();
        assertThat(aws.deadLetters).containsOnlyKeys("m1");
        assertThat(aws.events).extracting(Outcome::type).containsExactly(Outcome.Type.REJECTED);
    }

    @Test
    void whenTheScheduleGroupCannotBeReadTheStatusMessagesAreRedelivered() {
        aws.addZone("ZPARENT", "example.com");
        aws.failNextStatusCall = new IllegalStateException("Throttling");

        assertThat(process(NOW, "{\"action\":\"status\",\"domain\":\"a.example.com\"}",
                "{\"action\":\"status\",\"domain\":\"b.example.com\"}")).containsExactly("m1", "m2");
        assertThat(aws.events).isEmpty();
    }
}
