package dev.sesdkim.infra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cdk-nag's AWS Solutions rules, applied by the app itself, over every shape of the stack a deployer can choose.
 * Any unsuppressed finding, error or warning, fails.
 */
class CdkNagTest {

    private static final List<String> BLOCKING_LEVELS = List.of("error", "warning");

    static Stream<Arguments> deployments() {
        return Stream.of(
                Arguments.of("configured", (Supplier<SynthesizedStack>) SynthesizedStack::configured),
                Arguments.of("defaults", (Supplier<SynthesizedStack>) SynthesizedStack::defaults),
                Arguments.of("all hosted zones", (Supplier<SynthesizedStack>) SynthesizedStack::allHostedZones),
                Arguments.of("small account", (Supplier<SynthesizedStack>) SynthesizedStack::smallAccount),
                Arguments.of("region without SnapStart", (Supplier<SynthesizedStack>) SynthesizedStack::inRegionWithoutSnapStart),
                Arguments.of("SnapStart off", (Supplier<SynthesizedStack>) SynthesizedStack::snapStartOff));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void hasNoUnsuppressedAwsSolutionsFindings(String name, Supplier<SynthesizedStack> deployment) {
        List<String> findings = deployment.get().annotations().stream()
                .filter(annotation -> BLOCKING_LEVELS.contains(annotation.level()))
                .filter(annotation -> annotation.message().startsWith("AwsSolutions-"))
                .map(annotation -> annotation.constructPath() + ": " + annotation.message())
                .toList();

        assertThat(findings).as("unsuppressed cdk-nag findings").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployments")
    void everySuppressionNamesAnAwsSolutionsRuleAndAReason(String name, Supplier<SynthesizedStack> deployment) {
        List<Map<String, Object>> suppressions = deployment.get().template().toJSON().entrySet().stream()
                .filter(section -> section.getKey().equals("Resources"))
                .flatMap(section -> DkimOnboardingStackTest.asMap(section.getValue()).values().stream())
                .map(DkimOnboardingStackTest::asMap)
                .map(resource -> DkimOnboardingStackTest.asMap(resource.get("Metadata")))
                .filter(metadata -> metadata != null && metadata.containsKey("cdk_nag"))
                .flatMap(metadata -> DkimOnboardingStackTest.asList(
                        DkimOnboardingStackTest.asMap(metadata.get("cdk_nag")).get("rules_to_suppress")).stream())
                .map(DkimOnboardingStackTest::asMap)
                .toList();

        assertThat(suppressions).isNotEmpty().allSatisfy(suppression -> {
            assertThat(String.valueOf(suppression.get("id"))).matches("AwsSolutions-[A-Z]+\\d+");
            assertThat(String.valueOf(suppression.get("reason"))).hasSizeGreaterThan(60);
        });
    }
}
