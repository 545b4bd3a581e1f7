package dev.sesdkim.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code npx cdk synth} with no context deploys, and what {@code allHostedZones=true} changes. */
class DefaultDeploymentStackTest {

    private static SynthesizedStack defaults;

    @BeforeAll
    static void synthesize() {
        defaults = SynthesizedStack.defaults();
    }

    @Test
    void withoutHostedZonesTheFunctionMayNotTouchAnyZoneAndSynthesisWarns() {
        String policies = defaults.template().findResources("AWS::IAM::Policy").toString();

        assertThat(policies).doesNotContain("route53:ChangeResourceRecordSets", "route53:GetHostedZone",
                "route53:ListResourceRecordSets", "hostedzone/");
        assertThat(defaults.annotations()).anySatisfy(annotation -> {
            assertThat(annotation.level()).isEqualTo("warning");
            assertThat(annotation.message()).startsWith("No hostedZoneIds given");
        });
    }

    @Test
    void withoutAlarmEmailThereIsNoTopicAndAlarmsStillExist() {
        Template template = defaults.template();

        template.resourceCountIs("AWS::SNS::Topic", 0);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 8);
        assertThat(template.findResources("AWS::CloudWatch::Alarm").toString()).doesNotContain("AlarmActions");
    }

    @Test
    void withoutArchiveDaysThereIsNoArchive() {
        defaults.template().resourceCountIs("AWS::Events::Archive", 0);
        defaults.template().resourceCountIs("AWS::Events::EventBus", 1);
    }

    @Test
    void defaultsLeaveTheDkimTargetDomainToTheFunction() {
        Map<String, Object> variables = DkimOnboardingStackTest.asMap(DkimOnboardingStackTest.asMap(
                onlyProperties(defaults.template(), "AWS::Lambda::Function").get("Environment")).get("Variables"));

        assertThat(variables).doesNotContainKeys("DKIM_TARGET_DOMAIN", "DNS_RESOLVER", "AWS_REGION")
                .containsEntry("SES_CALLS_PER_SECOND", "1")
                .containsEntry("DKIM_RECORD_TTL", "1800");
        defaults.template().hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 30));
    }

    @Test
    void allHostedZonesKeepsTheDomainkeyCnameConditions() {
        List<Map<String, Object>> changeStatements = SynthesizedStack.allHostedZones().template()
                .findResources("AWS::IAM::Policy").values().stream()
                .map(DkimOnboardingStackTest::properties)
                .flatMap(policy -> DkimOnboardingStackTest.asList(
                        DkimOnboardingStackTest.asMap(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(DkimOnboardingStackTest::asMap)
                .filter(statement -> "Route53DkimRecordChanges".equals(statement.get("Sid")))
                .toList();

        assertThat(changeStatements).singleElement().satisfies(statement -> {
            assertThat(statement.get("Resource").toString()).contains(":route53:::hostedzone/*");
            assertThat(statement.get("Condition").toString())
                    .contains("route53:ChangeResourceRecordSetsNormalizedRecordNames=[*._domainkey.*]")
                    .contains("route53:ChangeResourceRecordSetsRecordTypes=[CNAME]");
        });
    }

    @Test
    void withoutAMailFromLabelNoMxOrTxtChangeIsGranted() {
        for (SynthesizedStack stack : List.of(SynthesizedStack.defaults(), SynthesizedStack.allHostedZones())) {
            String policies = stack.template().findResources("AWS::IAM::Policy").toString();
            assertThat(policies).doesNotContain("Route53MailFromRecordChanges").doesNotContain("MX").doesNotContain("TXT");
        }
    }

    private static Map<String, Object> onlyProperties(Template template, String type) {
        Map<String, Map<String, Object>> found = template.findResources(type);
        assertThat(found).hasSize(1);
        return DkimOnboardingStackTest.properties(found.values().iterator().next());
    }
}
