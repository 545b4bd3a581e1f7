package dev.sesdkim.infra;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a deployer turns off when the account or region lacks what the defaults need. */
class PrerequisiteChoicesStackTest {

    private static Map<String, Object> functionProperties(SynthesizedStack stack) {
        Map<String, Map<String, Object>> functions = stack.template().findResources("AWS::Lambda::Function");
        assertThat(functions).hasSize(1);
        return DkimOnboardingStackTest.properties(functions.values().iterator().next());
    }

    @Test
    void theDefaultReservesOneConcurrentExecution() {
        assertThat(functionProperties(SynthesizedStack.defaults())).containsEntry("ReservedConcurrentExecutions", 1);
    }

    @Test
    void reservedConcurrencyNoneLeavesItUnsetAndKeepsTheRest() {
        Map<String, Object> function = functionProperties(SynthesizedStack.smallAccount());

        assertThat(function).doesNotContainKey("ReservedConcurrentExecutions");
        assertThat(function).containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
        SynthesizedStack.smallAccount().template().hasResourceProperties("AWS::Lambda::EventSourceMapping",
                Map.of("BatchSize", 10));
    }

    @Test
    void reservingNothingWarnsWhatTheDeployerNowGuarantees() {
        assertThat(SynthesizedStack.smallAccount().annotations()).anySatisfy(annotation -> {
            assertThat(annotation.level()).isEqualTo("warning");
            assertThat(annotation.message()).startsWith("reservedConcurrency=none")
                    .contains("counted towards the dead-letter queue").contains("single message group dkim-onboarding");
        });
        assertThat(SynthesizedStack.defaults().annotations()).noneSatisfy(annotation ->
                assertThat(annotation.message()).startsWith("reservedConcurrency=none"));
    }

    @Test
    void synthesisForARegionWithoutSnapStartWarnsNamingTheRegion() {
        assertThat(SynthesizedStack.inRegionWithoutSnapStart().annotations()).anySatisfy(annotation -> {
            assertThat(annotation.level()).isEqualTo("warning");
            assertThat(annotation.message()).startsWith("Lambda does not offer SnapStart in ap-east-2")
                    .contains("-c snapStart=false");
        });
    }

    @Test
    void snapStartFalseLeavesSnapStartOffAndSilencesTheWarning() {
        SynthesizedStack off = SynthesizedStack.snapStartOff();

        assertThat(functionProperties(off)).doesNotContainKey("SnapStart");
        assertThat(off.annotations()).noneSatisfy(annotation ->
                assertThat(annotation.message()).contains("SnapStart"));
        off.template().resourceCountIs("AWS::Lambda::Alias", 1);
    }

    @Test
    void aRegionUnknownAtSynthesisOrOfferingSnapStartRaisesNoWarning() {
        assertThat(SynthesizedStack.defaults().annotations()).noneSatisfy(annotation ->
                assertThat(annotation.message()).contains("does not offer SnapStart"));
        assertThat(functionProperties(SynthesizedStack.defaults())).containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"));
    }
}
