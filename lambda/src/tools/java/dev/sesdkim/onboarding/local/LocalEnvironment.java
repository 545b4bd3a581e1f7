package dev.sesdkim.onboarding.local;

import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.dns.LoopbackDnsServer;
import dev.sesdkim.onboarding.WritableZones;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the CDK stack creates, made on an emulator endpoint: the FIFO onboarding queue with its FIFO dead-letter queue
 * and redrive, the schedule group and the standard queue its schedules park undeliverable re-checks in, the outcome bus with a rule copying every outcome event to a plain SQS queue so
 * they can be read back, and clients for all of it. Also the environment the function would get.
 */
public final class LocalEnvironment {

    public static final String REGION = "us-east-1";
    public static final String SCHEDULE_GROUP = "dkim-onboarding";
    public static final String BUS = "dkim-onboarding";
    public static final String MESSAGE_GROUP_ID = Settings.DEFAULT_MESSAGE_GROUP_ID;
    public static final String SCHEDULER_ROLE_ARN = "arn:aws:iam::123456789012:role/dkim-onboarding-scheduler";
    public static final int BATCH_SIZE = 10;

    /** Queue settings that differ from the stack's only to make a local run fast. */
    public record QueueOptions(int visibilityTimeoutSeconds, int maxReceiveCount) {
        /** The stack's values: 6 × the 73 s function timeout (at 1 SES call/s), 5 receives. */
        public static final QueueOptions AS_DEPLOYED = new QueueOptions(438, 5);
    }

    public final URI endpoint;
    /**
     * Public DNS as the function sees it here (its DNS_RESOLVER): a server on loopback, empty until a run or a test puts
     * records in it, one per process, since nothing outside it resolves the emulator's zones.
     */
    public final LoopbackDnsServer publicDns = SHARED_DNS;
    private static final LoopbackDnsServer SHARED_DNS = startDns();

    private static LoopbackDnsServer startDns() {
        try {
            return new LoopbackDnsServer();
        } catch (java.net.SocketException e) {
            throw new IllegalStateException("cannot open a loopback UDP port for the local DNS server", e);
        }
    }
    public final StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    public final SesClient ses;
    public final Route53Client route53;
    public final SchedulerClient scheduler;
    public final SqsClient sqs;
    public final EventBridgeClient eventBridge;
    public final String queueUrl;
    public final String queueArn;
    public final String deadLetterQueueUrl;
    public final String schedulerDeadLetterQueueUrl;
    public final String schedulerDeadLetterQueueArn;
    public final String capturedEventsUrl;

    public LocalEnvironment(URI endpoint, QueueOptions queueOptions) {
        this.endpoint = endpoint;
        SdkHttpClient http = UrlConnectionHttpClient.create();
        Region region = Region.of(REGION);
        ses = SesClient.builder().httpClient(http).region(region).credentialsProvider(credentials).endpointOverride(endpoint).build();
        route53 = Route53Client.builder().httpClient(http).region(Region.AWS_GLOBAL).credentialsProvider(credentials).endpointOverride(endpoint).build();
        scheduler = SchedulerClient.builder().httpClient(http).region(region).credentialsProvider(credentials).endpointOverride(endpoint).build();
        sqs = SqsClient.builder().httpClient(http).region(region).credentialsProvider(credentials).endpointOverride(endpoint).build();
        eventBridge = EventBridgeClient.builder().httpClient(http).region(region).credentialsProvider(credentials).endpointOverride(endpoint).build();

        deadLetterQueueUrl = sqs.createQueue(q -> q.queueName("dkim-onboarding-dlq.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
        queueUrl = sqs.createQueue(q -> q.queueName("dkim-onboarding.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(queueOptions.visibilityTimeoutSeconds()),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arnOf(deadLetterQueueUrl)
                        + "\",\"maxReceiveCount\":\"" + queueOptions.maxReceiveCount() + "\"}"))).queueUrl();
        queueArn = arnOf(queueUrl);
        // An emulator the user already runs may hold these from an earlier run: reuse them.
        try {
            scheduler.createScheduleGroup(g -> g.name(SCHEDULE_GROUP));
        } catch (ConflictException alreadyThere) {
            // same group, same purpose
        }

        // Standard, not FIFO: Scheduler refuses a FIFO dead-letter queue (moto does not check).
        schedulerDeadLetterQueueUrl = sqs.createQueue(q -> q.queueName("dkim-onboarding-recheck-dlq")).queueUrl();
        schedulerDeadLetterQueueArn = arnOf(schedulerDeadLetterQueueUrl);

        capturedEventsUrl = sqs.createQueue(q -> q.queueName("captured-outcome-events")).queueUrl();
        sqs.purgeQueue(p -> p.queueUrl(capturedEventsUrl));
        try {
            eventBridge.createEventBus(b -> b.name(BUS));
        } catch (ResourceAlreadyExistsException alreadyThere) {
            // same bus; the rule below is put again either way
        }
        eventBridge.putRule(r -> r.name("capture-outcomes").eventBusName(BUS).eventPattern("{\"source\":[\"dkim.onboarding\"]}"));
        eventBridge.putTargets(t -> t.rule("capture-outcomes").eventBusName(BUS)
                .targets(target -> target.id("capture").arn(arnOf(capturedEventsUrl))));
    }

    /**
     * Stops copying outcome events to the capture queue, for runs that take them from the function's own PutEvents
     * calls instead: moto spends over 100 ms per event delivering it through a rule (it builds a JSONPath parser per
     * event), which real EventBridge does not, and that would dominate any timing.
     */
    public void stopCapturingOutcomes() {
        eventBridge.removeTargets(r -> r.rule("capture-outcomes").eventBusName(BUS).ids("capture"));
        eventBridge.deleteRule(r -> r.name("capture-outcomes").eventBusName(BUS));
    }

    /** The environment variables the stack gives the function, pointing at this endpoint, without a MAIL FROM label. */
    public Map<String, String> functionEnvironment(double sesCallsPerSecond) {
        return functionEnvironment(sesCallsPerSecond, Optional.empty());
    }

    /**
     * The environment variables the stack gives the function, pointing at this endpoint; with {@code mailFromLabel}, the
     * {@code MAIL_FROM_LABEL} the stack sets from its {@code mailFromLabel} context value.
     */
    public Map<String, String> functionEnvironment(double sesCallsPerSecond, Optional<String> mailFromLabel) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(Settings.AWS_REGION, REGION);
        environment.put(Settings.AWS_ENDPOINT_URL, endpoint.toString());
        environment.put(Settings.RECHECK_QUEUE_ARN, queueArn);
        environment.put(Settings.DEAD_LETTER_QUEUE_URL, deadLetterQueueUrl);
        environment.put(Settings.SCHEDULE_GROUP_NAME, SCHEDULE_GROUP);
        environment.put(Settings.SCHEDULER_ROLE_ARN, SCHEDULER_ROLE_ARN);
        environment.put(Settings.SCHEDULER_DEAD_LETTER_QUEUE_ARN, schedulerDeadLetterQueueArn);
        environment.put(Settings.EVENT_BUS_NAME, BUS);
        environment.put(Settings.MESSAGE_GROUP_ID, MESSAGE_GROUP_ID);
        environment.put(Settings.SES_CALLS_PER_SECOND, String.valueOf(sesCallsPerSecond));
        environment.put(Settings.WRITABLE_HOSTED_ZONES, WritableZones.ALL);
        environment.put(Settings.METRICS_NAMESPACE, Settings.DEFAULT_METRICS_NAMESPACE);
        environment.put(Settings.DNS_RESOLVER, publicDns.hostAndPort());
        mailFromLabel.ifPresent(label -> environment.put(Settings.MAIL_FROM_LABEL, label));
        return environment;
    }

    /** A public hosted zone, as a customer's platform account would have; returns its bare id. */
    public String createPublicZone(String name) {
        return route53.createHostedZone(z -> z.name(name).callerReference(UUID.randomUUID().toString()))
                .hostedZone().id().replace("/hostedzone/", "");
    }

    /**
     * The public hosted zone named {@code name}, as a customer's platform account would have: the one an earlier run
     * against the same emulator left, or a new one. Returns its bare id.
     */
    public String publicZone(String name) {
        return route53.listHostedZonesByName(l -> l.dnsName(name)).hostedZones().stream()
                .filter(zone -> zone.name().equals(name + ".") || zone.name().equals(name))
                .filter(zone -> zone.config() == null || !Boolean.TRUE.equals(zone.config().privateZone()))
                .map(zone -> zone.id().replace("/hostedzone/", ""))
                .findFirst()
                .orElseGet(() -> createPublicZone(name));
    }

    /** Publishes a message exactly as a producer does: SendMessage with the message group id; returns its message id. */
    public String send(String body) {
        return sqs.sendMessage(m -> m.queueUrl(queueUrl).messageGroupId(MESSAGE_GROUP_ID).messageBody(body)).messageId();
    }

    public SqsPollLoop pollLoop(com.amazonaws.services.lambda.runtime.RequestHandler<
            com.amazonaws.services.lambda.runtime.events.SQSEvent,
            com.amazonaws.services.lambda.runtime.events.SQSBatchResponse> handler) {
        return new SqsPollLoop(sqs, queueUrl, queueArn, REGION, BATCH_SIZE, handler);
    }

    public ScheduleFirer scheduleFirer() {
        return new ScheduleFirer(scheduler, sqs, SCHEDULE_GROUP);
    }

    private String arnOf(String url) {
        return sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
