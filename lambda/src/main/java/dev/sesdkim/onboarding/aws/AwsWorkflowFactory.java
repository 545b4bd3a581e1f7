package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.MessageCodec;
import dev.sesdkim.onboarding.Onboarding;
import dev.sesdkim.onboarding.OnboardingWorkflow;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.RecheckSchedule;
import dev.sesdkim.onboarding.Settings;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;

/**
 * Builds the workflow on real AWS clients: one URL-connection HTTP client shared by all of them, region, endpoint and
 * credentials set explicitly (nothing discovered at run time), and the SES client paced.
 */
public final class AwsWorkflowFactory {

    private AwsWorkflowFactory() {
    }

    public static OnboardingWorkflow create(Settings settings, AwsCredentialsProvider credentials, Pacer sesPacer, Clock clock) {
        SdkHttpClient http = UrlConnectionHttpClient.create();
        Region region = Region.of(settings.region());

        SesClient ses = configure(SesClient.builder(), settings, region, credentials)
                .httpClient(http)
                .overrideConfiguration(config -> config.addExecutionInterceptor(new PacingInterceptor(sesPacer)))
                .build();
        Route53Client route53 = configure(Route53Client.builder(), settings, Region.AWS_GLOBAL, credentials).httpClient(http).build();
        SchedulerClient scheduler = configure(SchedulerClient.builder(), settings, region, credentials).httpClient(http).build();
        EventBridgeClient eventBridge = configure(EventBridgeClient.builder(), settings, region, credentials).httpClient(http).build();
        SqsClient sqs = configure(SqsClient.builder(), settings, region, credentials).httpClient(http).build();

        MessageCodec codec = new MessageCodec();
        EventBridgeOutcomeEvents events = new EventBridgeOutcomeEvents(eventBridge, settings.eventBusName(), settings.eventSource());
        Onboarding onboarding = new Onboarding(
                new SesDkimIdentities(ses),
                new Route53DnsRecords(route53),
                new SchedulerRecheckScheduler(scheduler, codec, settings.scheduleGroupName(), settings.recheckQueueArn(),
                        settings.schedulerRoleArn(), settings.messageGroupId()),
                events,
                clock,
                RecheckSchedule.DEFAULT,
                settings.dkimTargetDomain(),
                settings.dkimRecordTtlSeconds());
        return new OnboardingWorkflow(codec, onboarding,
                new SqsDeadLetters(sqs, settings.deadLetterQueueUrl(), settings.messageGroupId()), events);
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Settings settings, Region region,
                                                                   AwsCredentialsProvider credentials) {
        builder.region(region).credentialsProvider(credentials);
        settings.endpointUrl().ifPresent(builder::endpointOverride);
        return builder;
    }
}
