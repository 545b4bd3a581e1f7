package dev.sesdkim.infra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function is told which zones it may write (WRITABLE_HOSTED_ZONES) so that it never calls SES for a domain whose
 * records IAM would refuse: what it is told must be exactly what the policy grants, in every kind of deployment.
 */
class WritableZonesGrantTest {

    private static final Pattern ZONE_ARN = Pattern.compile(":route53:::hostedzone/([A-Z0-9*]+)");

    static Stream<SynthesizedStack> deployments() {
        return Stream.of(SynthesizedStack.configured(), SynthesizedStack.defaults(), SynthesizedStack.allHostedZones());
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("deployments")
    void theFunctionIsToldExactlyTheZonesItsPolicyLetsItChange(SynthesizedStack stack) {
        String told = String.valueOf(environment(stack.template()).get("WRITABLE_HOSTED_ZONES"));
        Set<String> granted = grantedZones(stack.template());

        if (told.equals("none")) {
            assertThat(granted).isEmpty();
        } else {
            assertThat(granted).isEqualTo(Set.of(told.split(",")));
        }
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("deployments")
    void eachDeploymentGrantsWhatItsContextAsks(SynthesizedStack stack) {
        String told = String.valueOf(environment(stack.template()).get("WRITABLE_HOSTED_ZONES"));

        assertThat(told).isIn("Z0000000000000000001,Z0000000000000000002", "none", "*");
    }

    private static Map<String, Object> environment(Template template) {
        Map<String, Object> function = template.findResources("AWS::Lambda::Function").values().iterator().next();
        return DkimOnboardingStackTest.asMap(DkimOnboardingStackTest.asMap(
                DkimOnboardingStackTest.properties(function).get("Environment")).get("Variables"));
    }

    /** The zone ids in the resources of the statement that allows ChangeResourceRecordSets. */
    private static Set<String> grantedZones(Template template) {
        List<Map<String, Object>> statements = template.findResources("AWS::IAM::Policy").values().stream()
                .map(DkimOnboardingStackTest::properties)
                .flatMap(policy -> DkimOnboardingStackTest.asList(
                        DkimOnboardingStackTest.asMap(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(DkimOnboardingStackTest::asMap)
                .filter(statement -> DkimOnboardingStackTest.asList(statement.get("Action"))
                        .contains("route53:ChangeResourceRecordSets"))
                .toList();
        return statements.stream()
                .map(statement -> statement.get("Resource").toString())
                .flatMap(resources -> {
                    Matcher matcher = ZONE_ARN.matcher(resources);
                    return matcher.results().map(result -> result.group(1));
                })
                .collect(Collectors.toSet());
    }
}
