package dev.sesdkim.onboarding.aws;

import org.junit.jupiter.api.Test;

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
}
