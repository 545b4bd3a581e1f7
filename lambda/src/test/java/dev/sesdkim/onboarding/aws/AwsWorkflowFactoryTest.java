package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.endpoints.Route53EndpointProvider;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsWorkflowFactoryTest {

    @ParameterizedTest
    @CsvSource({
            "us-east-1, aws-global",
            "eu-west-1, aws-global",
            "ap-east-2, aws-global",
            "us-gov-west-1, aws-us-gov-global",
            "us-gov-east-1, aws-us-gov-global",
            "cn-north-1, aws-cn-global",
            "cn-northwest-1, aws-cn-global"})
    void route53IsCalledThroughTheGlobalRegionOfTheFunctionsPartition(String functionRegion, String route53Region) {
        assertThat(AwsWorkflowFactory.route53Region(functionRegion)).isEqualTo(Region.of(route53Region));
    }

    @ParameterizedTest
    @CsvSource({
            "us-east-1, https://route53.amazonaws.com",
            "us-gov-west-1, https://route53.us-gov.amazonaws.com",
            "cn-north-1, https://route53.amazonaws.com.cn"})
    void thatRegionLeadsTheSdkToThePartitionsRoute53Endpoint(String functionRegion, String endpoint) throws Exception {
        URI resolved = Route53EndpointProvider.defaultProvider()
                .resolveEndpoint(parameters -> parameters.region(AwsWorkflowFactory.route53Region(functionRegion)))
                .get().url();

        assertThat(resolved).isEqualTo(URI.create(endpoint));
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "us-isof-south-1", "eusc-de-east-1"})
    void aPartitionWhoseRoute53EndpointTheFunctionDoesNotKnowFailsStartUpWithOneLine(String functionRegion) {
        assertThatThrownBy(() -> AwsWorkflowFactory.route53Region(functionRegion))
                .isInstanceOf(Settings.InvalidSettingException.class)
                .hasMessageStartingWith("Setting AWS_REGION=" + functionRegion + " is in partition aws-")
                .hasMessageEndingWith("where this function does not know Route 53's endpoint (it knows aws, aws-us-gov and aws-cn)")
                .hasMessageNotContaining("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-isoe-west-1", "us-iso-east-1"})
    void theWorkflowIsNotBuiltInAPartitionItCannotReachRoute53In(String functionRegion) {
        Settings settings = Settings.from(Map.of(
                "AWS_REGION", functionRegion,
                "RECHECK_QUEUE_ARN", "arn:aws:sqs:us-east-1:123456789012:dkim-onboarding.fifo",
                "DEAD_LETTER_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/123456789012/dkim-onboarding-dlq.fifo",
                "SCHEDULE_GROUP_NAME", "dkim-onboarding",
                "SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/scheduler",
                "SCHEDULER_DEAD_LETTER_QUEUE_ARN", "arn:aws:sqs:us-east-1:123456789012:dkim-onboarding-recheck-dlq",
                "EVENT_BUS_NAME", "dkim-onboarding"));

        assertThatThrownBy(() -> AwsWorkflowFactory.createForPriming(settings))
                .isInstanceOf(Settings.InvalidSettingException.class)
                .hasMessageStartingWith("Setting AWS_REGION=" + functionRegion);
    }
}
