package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.Request;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulerRecheckSchedulerTest {

    private static final String LONGEST_NAME = "dkim-12-" + "a".repeat(39) + "-0123456789abcdef";

    @Test
    void aDistinctNameKeepsTheTakenNameReadableAndFitsSchedulersSixtyFourCharacters() {
        assertThat(LONGEST_NAME).hasSize(64);

        assertThat(SchedulerRecheckScheduler.distinctName("dkim-1-mail.example.com-1f93c23eb7de6144", "{\"a\":1}"))
                .matches("dkim-1-mail\\.example\\.com-1f93c23eb7de6144-[0-9a-f]{16}");
        assertThat(SchedulerRecheckScheduler.distinctName(LONGEST_NAME, "{\"a\":1}"))
                .hasSize(64).startsWith("dkim-12-aaaa").matches("[0-9a-zA-Z._-]+");
    }

    @Test
    void aDistinctNameIsTheSameForTheSameInputAndDiffersForAnother() {
        String taken = "dkim-1-mail.example.com-1f93c23eb7de6144";

        assertThat(SchedulerRecheckScheduler.distinctName(taken, "{\"a\":1}"))
                .isEqualTo(SchedulerRecheckScheduler.distinctName(taken, "{\"a\":1}"))
                .isNotEqualTo(SchedulerRecheckScheduler.distinctName(taken, "{\"a\":2}"))
                .isNotEqualTo(taken);
    }

    @Test
    void scheduleNamesAreDeterministicValidAndBounded() {
        Instant started = Instant.parse("2026-11-22T10:00:00Z");
        Request.PendingDomain a = new Request.PendingDomain(Domain.parse("a.example.com"), Optional.empty(), Optional.empty(), started, false);
        Request.PendingDomain b = new Request.PendingDomain(Domain.parse("b.example.com"), Optional.empty(), Optional.empty(), started.plusSeconds(5), false);
        Request.PendingDomain longName = new Request.PendingDomain(Domain.parse("a".repeat(63) + "." + "b".repeat(63) + ".com"), Optional.empty(), Optional.empty(), started, false);

        assertThat(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a, b)))).isEqualTo(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(b, a))));
        assertThat(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a)))).isNotEqualTo(SchedulerRecheckScheduler.nameFor(new Request.Recheck(2, List.of(a))));
        assertThat(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a)))).isNotEqualTo(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a, b))));
        assertThat(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a)))).startsWith("dkim-1-a.example.com-");
        Request.PendingDomain aAgain = new Request.PendingDomain(a.domain(), a.hostedZoneId(), a.tenantId(), a.startedAt(), true);
        assertThat(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(aAgain)))).isNotEqualTo(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a))))
                .startsWith("dkim-1-a.example.com-");
        assertThat(SchedulerRecheckScheduler.nameFor(new Request.Recheck(12, List.of(longName)))).hasSize(64).matches("[0-9a-zA-Z._-]+");
    }

    @Test
    void aRecheckCarriedForwardIsNamedApartFromTheOneItsDomainsCameInWhoseNameStaysAsItWas() {
        Request.PendingDomain a = new Request.PendingDomain(Domain.parse("a.example.com"), Optional.empty(), Optional.empty(),
                Instant.parse("2026-11-22T10:00:00Z"), false);

        assertThat(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a)))).isEqualTo("dkim-1-a.example.com-8a0d5a2f467487f6");
        assertThat(List.of(SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a))), SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a), 1)),
                SchedulerRecheckScheduler.nameFor(new Request.Recheck(1, List.of(a), 2)))).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).startsWith("dkim-1-a.example.com-"));
    }
}
