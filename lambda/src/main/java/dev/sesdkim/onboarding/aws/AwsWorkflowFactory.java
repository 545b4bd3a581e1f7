package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DkimTarget;
import dev.sesdkim.onboarding.MessageCodec;
import dev.sesdkim.onboarding.OnboardingMetrics;
import dev.sesdkim.onboarding.OnboardingWorkflow;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.Ports;
import dev.sesdkim.onboarding.PublicDns;
import dev.sesdkim.onboarding.RecordSpec;
import dev.sesdkim.onboarding.dns.ResolverPublicDns;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.StatusReporting;
import dev.sesdkim.onboarding.WritableZones;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.SchedulerClientBuilder;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.SesClientBuilder;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds the workflow on real AWS clients: one URL-connection HTTP client shared by all of them, region, endpoint and
 * credentials set explicitly (nothing discovered at run time), and the SES client paced. Route 53 is addressed through
 * the global region of the function's partition.
 */
public final class AwsWorkflowFactory {

    private AwsWorkflowFactory() {
    }

    /**
     * How a workflow is built beyond its settings, for local runs, measurements and the SnapStart priming. By default
     * ({@link #DEFAULT}) no one watches the calls, SES is at the endpoint the settings give every service, and the
     * clients send through a new URL-connection HTTP client.
     *
     * @param observers   see every AWS call the workflow makes; on SES after the pacing, so they see when a call leaves
     * @param sesEndpoint SES alone at this endpoint: for tests and measurements that stand in front of SES
     * @param httpClient  the HTTP client every AWS client sends through
     * @param publicDns   public DNS as the DKIM check asks it, instead of the resolver the settings name
     */
    public record Options(List<ExecutionInterceptor> observers, Optional<URI> sesEndpoint, Optional<SdkHttpClient> httpClient,
                          Optional<PublicDns> publicDns) {

        public static final Options DEFAULT = new Options(List.of(), Optional.empty(), Optional.empty(), Optional.empty());

        public Options {
            observers = List.copyOf(observers);
            Objects.requireNonNull(sesEndpoint, "sesEndpoint");
            Objects.requireNonNull(httpClient, "httpClient");
            Objects.requireNonNull(publicDns, "publicDns");
        }

        public Options(List<ExecutionInterceptor> observers, Optional<URI> sesEndpoint, Optional<SdkHttpClient> httpClient) {
            this(observers, sesEndpoint, httpClient, Optional.empty());
        }

        public Options withPublicDns(PublicDns publicDns) {
            return new Options(observers, sesEndpoint, httpClient, Optional.of(publicDns));
        }

        public Options withObservers(List<ExecutionInterceptor> observers) {
            return new Options(observers, sesEndpoint, httpClient, publicDns);
        }

        public Options withSesEndpoint(URI sesEndpoint) {
            return new Options(observers, Optional.of(sesEndpoint), httpClient, publicDns);
        }

        public Options withHttpClient(SdkHttpClient httpClient) {
            return new Options(observers, sesEndpoint, Optional.of(httpClient), publicDns);
        }
    }

    /**
     * How long one HTTP attempt and one call with all its retries may take. The workflow keeps a reserve of
     * {@link OnboardingWorkflow#RESERVE} plus three pacing intervals for the step under way and what must follow it; a
     * call that hangs (a stalled connection, with the URL-connection client's 30 s read timeout and the SDK's retries)
     * could otherwise outlast it, and Lambda would time out and redeliver the whole batch.
     */
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(4);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(12);

    /** Sets how long an attempt and a whole call may take, for a client whose attempts first wait up to {@code pacing}. */
    static ClientOverrideConfiguration.Builder limitTime(ClientOverrideConfiguration.Builder config, Duration pacing) {
        return config.apiCallAttemptTimeout(ATTEMPT_TIMEOUT.plus(pacing)).apiCallTimeout(CALL_TIMEOUT.plus(pacing.multipliedBy(2)));
    }

    /** The workflow on AWS clients built from {@code settings}, SES calls paced by {@code sesPacer}; no metrics. */
    public static OnboardingWorkflow create(Settings settings, AwsCredentialsProvider credentials, Pacer sesPacer, Clock clock,
                                            Options options) {
        return create(settings, credentials, sesPacer, clock, options, Optional.empty());
    }

    /**
     * As {@link #create(Settings, AwsCredentialsProvider, Pacer, Clock, Options)}, telling {@code metrics} (when there
     * are any) about outcomes, re-check waves, every AWS call and every pacing wait.
     */
    public static OnboardingWorkflow create(Settings settings, AwsCredentialsProvider credentials, Pacer sesPacer, Clock clock,
                                            Options options, Optional<EmfMetrics> metrics) {
        Region region = Region.of(settings.region());
        List<ExecutionInterceptor> observers = options.observers();
        SdkHttpClient http = options.httpClient().orElseGet(UrlConnectionHttpClient::create);
        List<MetricPublisher> publishers = metrics.map(measured -> List.of(measured.sdkCalls())).orElse(List.of());

        // Pacing first, so an observer's beforeTransmission sees when the call really leaves.
        List<ExecutionInterceptor> paced = new ArrayList<>();
        paced.add(metrics.map(measured -> new PacingInterceptor(sesPacer, measured::pacingWait))
                .orElseGet(() -> new PacingInterceptor(sesPacer)));
        paced.addAll(observers);
        // An SES attempt includes its wait for a pacer slot, so its time limits grow by the pacing interval.
        SesClientBuilder sesBuilder = configure(SesClient.builder(), settings, region, credentials, paced, publishers,
                sesPacer.interval());
        options.sesEndpoint().ifPresent(sesBuilder::endpointOverride);
        SesClient ses = sesBuilder.httpClient(http).build();
        SesV2ClientBuilder sesV2Builder = configure(SesV2Client.builder(), settings, region, credentials, paced, publishers,
                sesPacer.interval());
        options.sesEndpoint().ifPresent(sesV2Builder::endpointOverride);
        SesV2Client sesV2 = sesV2Builder.httpClient(http).build();
        Route53Client route53 = configure(Route53Client.builder(), settings, route53Region(settings.region()), credentials, observers, publishers).httpClient(http).build();
        SchedulerClient scheduler = configure(SchedulerClient.builder(), settings, region, credentials, observers, publishers).httpClient(http).build();
        EventBridgeClient eventBridge = configure(EventBridgeClient.builder(), settings, region, credentials, observers, publishers).httpClient(http).build();
        // Built when a message is first rejected: an onboarding batch never needs it (12 ms and 46 classes saved on the cold path).
        Supplier<SqsClient> sqs = once(() -> configure(SqsClient.builder(), settings, region, credentials, observers, publishers)
                .httpClient(http).build());

        MessageCodec codec = new MessageCodec();
        SesDkimIdentities identities = new SesDkimIdentities(ses, sesV2);
        PublicDns publicDns = options.publicDns().orElseGet(() -> ResolverPublicDns.create(settings.dnsResolver(),
                Pacer.realTime(ResolverPublicDns.QUESTIONS_PER_SECOND)));
        Route53DnsRecords dns = new Route53DnsRecords(route53, clock);
        SchedulerRecheckScheduler recheckScheduler = new SchedulerRecheckScheduler(scheduler, codec, settings.scheduleGroupName(),
                settings.recheckQueueArn(), settings.schedulerRoleArn(), settings.messageGroupId(),
                settings.schedulerDeadLetterQueueArn());
        EventBridgeOutcomeEvents events = new EventBridgeOutcomeEvents(eventBridge, settings.eventBusName(), settings.eventSource());
        SqsDeadLetters deadLetters = new SqsDeadLetters(sqs, settings.deadLetterQueueUrl(), settings.messageGroupId());
        return OnboardingWorkflow.assemble(new Ports(identities, dns, recheckScheduler, events, deadLetters, publicDns),
                settings.dkimTarget(identities), settings.mailFromPolicy(), settings.writableZones(), clock, sesPacer.interval(),
                metrics.<OnboardingMetrics>map(measured -> measured).orElse(OnboardingMetrics.NONE));
    }

    /**
     * The status report on AWS clients, for the operators' status command: the function's own SES, Route 53 and Scheduler
     * adapters, used only to read. SES calls are paced by {@code sesPacer} (they share the account's SES rate with the
     * function); records are looked for in any zone, as the caller's credentials allow.
     */
    public static StatusReporting statusReporting(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials,
                                                  String scheduleGroupName, RecordSpec recordSpec, Pacer sesPacer,
                                                  Clock clock) {
        SdkHttpClient http = UrlConnectionHttpClient.create();
        Region awsRegion = Region.of(region);
        SesClientBuilder ses = SesClient.builder().region(awsRegion).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(config -> config.executionInterceptors(List.of(new PacingInterceptor(sesPacer))));
        Route53ClientBuilder route53 = Route53Client.builder().region(route53Region(region)).credentialsProvider(credentials)
                .httpClient(http);
        SesV2ClientBuilder sesV2 = SesV2Client.builder().region(awsRegion).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(config -> config.executionInterceptors(List.of(new PacingInterceptor(sesPacer))));
        SchedulerClientBuilder scheduler = SchedulerClient.builder().region(awsRegion).credentialsProvider(credentials)
                .httpClient(http);
        endpoint.ifPresent(url -> {
            ses.endpointOverride(url);
            sesV2.endpointOverride(url);
            route53.endpointOverride(url);
            scheduler.endpointOverride(url);
        });
        return new StatusReporting(new SesDkimIdentities(ses.build(), sesV2.build()), new Route53DnsRecords(route53.build(), clock),
                SchedulerRecheckScheduler.readingOnly(scheduler.build(), new MessageCodec(), scheduleGroupName),
                WritableZones.EVERY_ZONE, DkimTarget.fixed(recordSpec), clock);
    }

    /**
     * The same workflow on an HTTP client that sends nothing and answers the onboard and re-check calls for domains of
     * {@value CannedAwsResponses#PRIMING_ZONE} from canned responses: for the SnapStart priming, which runs the real path
     * before the snapshot without calling AWS. Its clients, credentials and pacer are its own.
     */
    public static OnboardingWorkflow createForPriming(Settings settings) {
        return create(settings.withEveryZoneWritable(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("SNAPSTARTPRIMING", "priming")),
                Pacer.realTime(1000), Clock.systemUTC(), Options.DEFAULT.withHttpClient(new CannedAwsResponses()));
    }

    /** The domain the priming onboards and re-checks; its zone exists only in the canned responses. */
    public static String primingDomain() {
        return "mail." + CannedAwsResponses.PRIMING_ZONE;
    }

    /** {@code build} run on the first call only; its result is kept for the life of the execution environment. */
    static <T> Supplier<T> once(Supplier<T> build) {
        return new Supplier<>() {
            private T built;

            @Override
            public synchronized T get() {
                if (built == null) {
                    built = build.get();
                }
                return built;
            }
        };
    }

    /**
     * Route 53 has one global endpoint per partition, addressed through that partition's global region: aws-global
     * (route53.amazonaws.com), aws-us-gov-global (route53.us-gov.amazonaws.com), aws-cn-global. A function in any other
     * partition fails start-up rather than sign its first Route 53 call for the wrong one.
     */
    static Region route53Region(String functionRegion) {
        String partition = PartitionMetadata.of(Region.of(functionRegion)).id();
        return switch (partition) {
            case "aws" -> Region.AWS_GLOBAL;
            case "aws-us-gov" -> Region.AWS_US_GOV_GLOBAL;
            case "aws-cn" -> Region.AWS_CN_GLOBAL;
            default -> throw new Settings.InvalidSettingException("Setting AWS_REGION=" + functionRegion + " is in partition "
                    + partition + ", where this function does not know Route 53's endpoint (it knows aws, aws-us-gov and aws-cn)");
        };
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Settings settings, Region region,
                                                                   AwsCredentialsProvider credentials,
                                                                   List<ExecutionInterceptor> interceptors,
                                                                   List<MetricPublisher> publishers) {
        return configure(builder, settings, region, credentials, interceptors, publishers, Duration.ZERO);
    }

    /** As above, for a client whose every attempt may first wait up to {@code pacing} for a pacer slot. */
    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Settings settings, Region region,
                                                                   AwsCredentialsProvider credentials,
                                                                   List<ExecutionInterceptor> interceptors,
                                                                   List<MetricPublisher> publishers, Duration pacing) {
        builder.region(region).credentialsProvider(credentials)
                .overrideConfiguration(config -> limitTime(config.executionInterceptors(interceptors).metricPublishers(publishers),
                        pacing));
        settings.endpointUrl().ifPresent(builder::endpointOverride);
        return builder;
    }
}
