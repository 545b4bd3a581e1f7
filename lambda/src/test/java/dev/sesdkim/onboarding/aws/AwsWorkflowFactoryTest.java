package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.InboundMessage;
import dev.sesdkim.onboarding.OnboardingWorkflow;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.SettingsFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.endpoints.Route53EndpointProvider;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwsWorkflowFactoryTest {

    /** A deployment in eu-west-1 with real AWS endpoints, writing every zone: a test that runs it gives the canned HTTP client. */
    private static Map<String, String> productionLike() {
        Map<String, String> environment = SettingsFixtures.required();
        environment.put("WRITABLE_HOSTED_ZONES", "*");
        return environment;
    }

    @Test
    void theDefaultOptionsAddNoObserverMoveNoEndpointAndBringNoHttpClient() {
        assertThat(AwsWorkflowFactory.Options.DEFAULT)
                .isEqualTo(new AwsWorkflowFactory.Options(List.of(), Optional.empty(), Optional.empty()));
    }

    @Test
    void eachWithMethodSetsItsOptionAndLeavesTheOthersAndTheOriginalAsTheyWere() {
        ExecutionInterceptor observer = new ExecutionInterceptor() {
        };
        URI sesEndpoint = URI.create("http://127.0.0.1:4566");
        SdkHttpClient http = new CannedAwsResponses();

        assertThat(AwsWorkflowFactory.Options.DEFAULT.withObservers(List.of(observer)))
                .isEqualTo(new AwsWorkflowFactory.Options(List.of(observer), Optional.empty(), Optional.empty()));
        assertThat(AwsWorkflowFactory.Options.DEFAULT.withSesEndpoint(sesEndpoint))
                .isEqualTo(new AwsWorkflowFactory.Options(List.of(), Optional.of(sesEndpoint), Optional.empty()));
        assertThat(AwsWorkflowFactory.Options.DEFAULT.withHttpClient(http))
                .isEqualTo(new AwsWorkflowFactory.Options(List.of(), Optional.empty(), Optional.of(http)));
        assertThat(AwsWorkflowFactory.Options.DEFAULT.withObservers(List.of(observer)).withSesEndpoint(sesEndpoint).withHttpClient(http))
                .isEqualTo(new AwsWorkflowFactory.Options(List.of(observer), Optional.of(sesEndpoint), Optional.of(http)));
        assertThat(AwsWorkflowFactory.Options.DEFAULT)
                .isEqualTo(new AwsWorkflowFactory.Options(List.of(), Optional.empty(), Optional.empty()));
    }

    @Test
    void theObserversSeeEveryCallSesAloneGoesToItsEndpointAndAllGoThroughTheHttpClientGiven() {
        List<String> seen = new ArrayList<>();
        ExecutionInterceptor observer = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                seen.add(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + " " + context.httpRequest().host());
            }
        };
        OnboardingWorkflow workflow = AwsWorkflowFactory.create(Settings.from(productionLike()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example")), Pacer.realTime(1000),
                Clock.systemUTC(), AwsWorkflowFactory.Options.DEFAULT.withObservers(List.of(observer))
                        .withSesEndpoint(URI.create("https://ses-stand-in.invalid")).withHttpClient(new CannedAwsResponses()));

        List<String> redelivered = workflow.process(List.of(
                new InboundMessage("m1", "{\"domain\":\"" + AwsWorkflowFactory.primingDomain() + "\"}")));

        assertThat(redelivered).as("answered by the canned client: no name here resolves, nothing is sent").isEmpty();
        assertThat(seen).containsExactly(
                "Route53 route53.amazonaws.com",
                "Ses ses-stand-in.invalid",
                "SesV2 ses-stand-in.invalid",
                "Route53 route53.amazonaws.com",
                "Scheduler scheduler.eu-west-1.amazonaws.com",
                "EventBridge events.eu-west-1.amazonaws.com");
    }

    @Test
    void whatThePrimingLearntOfTheDkimTargetStaysInThePrimingsWorkflow() {
        Settings settings = Settings.from(productionLike());
        assertThat(AwsWorkflowFactory.createForPriming(settings).process(List.of(
                new InboundMessage("m1", "{\"domain\":\"" + AwsWorkflowFactory.primingDomain() + "\"}")))).isEmpty();
        List<String> sesV2Calls = new ArrayList<>();
        ExecutionInterceptor observer = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if ("SesV2".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
                    sesV2Calls.add(context.httpRequest().encodedPath());
                }
            }
        };
        OnboardingWorkflow real = AwsWorkflowFactory.create(settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "example")), Pacer.realTime(1000),
                Clock.systemUTC(), AwsWorkflowFactory.Options.DEFAULT.withObservers(List.of(observer))
                        .withHttpClient(new CannedAwsResponses()));

        real.process(List.of(new InboundMessage("m1", "{\"domain\":\"" + AwsWorkflowFactory.primingDomain() + "\"}")));

        assertThat(sesV2Calls).as("the real workflow has learnt nothing yet, so it asks SES itself")
                .containsExactly("/v2/email/identities/" + AwsWorkflowFactory.primingDomain());
    }

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
        Map<String, String> environment = productionLike();
        environment.put("AWS_REGION", functionRegion);
        Settings settings = Settings.from(environment);

        assertThatThrownBy(() -> AwsWorkflowFactory.createForPriming(settings))
                .isInstanceOf(Settings.InvalidSettingException.class)
                .hasMessageStartingWith("Setting AWS_REGION=" + functionRegion);
    }

    @Test
    void noSingleCallCanOutlastTheReserveTheWorkflowKeepsForTheStepUnderWay() {
        Duration interval = Pacer.realTime(1.0).interval();
        ClientOverrideConfiguration ses = AwsWorkflowFactory.limitTime(ClientOverrideConfiguration.builder(), interval).build();
        ClientOverrideConfiguration other = AwsWorkflowFactory.limitTime(ClientOverrideConfiguration.builder(), Duration.ZERO).build();

        assertThat(ses.apiCallAttemptTimeout()).contains(Duration.ofSeconds(5));
        assertThat(ses.apiCallTimeout()).contains(Duration.ofSeconds(14));
        assertThat(other.apiCallTimeout()).contains(Duration.ofSeconds(12));
        assertThat(ses.apiCallTimeout().orElseThrow()).isLessThan(OnboardingWorkflow.RESERVE.plus(interval));
    }

    @Test
    void aClientBuiltOnFirstUseIsBuiltOnceAndNotBefore() {
        java.util.concurrent.atomic.AtomicInteger builds = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<Object> client = AwsWorkflowFactory.once(() -> {
            builds.incrementAndGet();
            return new Object();
        });

        org.assertj.core.api.Assertions.assertThat(builds).hasValue(0);
        Object first = client.get();
        org.assertj.core.api.Assertions.assertThat(client.get()).isSameAs(first);
        org.assertj.core.api.Assertions.assertThat(builds).hasValue(1);
    }
}
