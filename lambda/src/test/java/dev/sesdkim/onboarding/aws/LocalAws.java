package dev.sesdkim.onboarding.aws;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.handler.OnboardingHandler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the stack creates, made on moto: the FIFO queue and dead-letter queue, the schedule group, the outcome bus
 * with a rule copying every event to a capture queue, and clients to look at the result.
 */
public final class LocalAws {

    static final String REGION = "us-east-1";
    static final String SCHEDULE_GROUP = "dkim-onboarding";
    static final String BUS = "dkim-onboarding";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/dkim-onboarding-scheduler";

    private static final ObjectMapper JSON = new ObjectMapper();

    final StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    final SesClient ses;
    final Route53Client route53;
    final SchedulerClient scheduler;
    final SqsClient sqs;
    final EventBridgeClient eventBridge;
    final String queueUrl;
    final String queueArn;
    final String deadLetterQueueUrl;
    final String capturedEventsUrl;
    final Map<String, String> environment;

    LocalAws(MotoServerExtension.MotoServer moto) {
        var http = UrlConnectionHttpClient.create();
        Region region = Region.of(REGION);
        ses = SesClient.builder().httpClient(http).region(region).credentialsProvider(credentials).endpointOverride(moto.endpoint()).build();
        route53 = Route53Client.builder().httpClient(http).region(Region.AWS_GLOBAL).credentialsProvider(credentials).endpointOverride(moto.endpoint()).build();
        scheduler = SchedulerClient.builder().httpClient(http).region(region).credentialsProvider(credentials).endpointOverride(moto.endpoint()).build();
        sqs = SqsClient.builder().httpClient(http).region(region).credentialsProvider(credentials).endpointOverride(moto.endpoint()).build();
        eventBridge = EventBridgeClient.builder().httpClient(http).region(region).credentialsProvider(credentials).endpointOverride(moto.endpoint()).build();

        deadLetterQueueUrl = sqs.createQueue(q -> q.queueName("dkim-onboarding-dlq.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
        String deadLetterArn = arnOf(deadLetterQueueUrl);
        queueUrl = sqs.createQueue(q -> q.queueName("dkim-onboarding.fifo").attributes(Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT, "360",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterArn + "\",\"maxReceiveCount\":\"5\"}"))).queueUrl();
        queueArn = arnOf(queueUrl);
        scheduler.createScheduleGroup(g -> g.name(SCHEDULE_GROUP));

        capturedEventsUrl = sqs.createQueue(q -> q.queueName("captured-outcome-events")).queueUrl();
        eventBridge.createEventBus(b -> b.name(BUS));
        eventBridge.putRule(r -> r.name("capture-outcomes").eventBusName(BUS).eventPattern("{\"source\":[\"dkim.onboarding\"]}"));
        eventBridge.putTargets(t -> t.rule("capture-outcomes").eventBusName(BUS)
                .targets(target -> target.id("capture").arn(arnOf(capturedEventsUrl))));

        environment = Map.of(
                "AWS_REGION", REGION,
                "AWS_ENDPOINT_URL", moto.endpoint().toString(),
                "RECHECK_QUEUE_ARN", queueArn,
                "DEAD_LETTER_QUEUE_URL", deadLetterQueueUrl,
                "SCHEDULE_GROUP_NAME", SCHEDULE_GROUP,
                "SCHEDULER_ROLE_ARN", ROLE_ARN,
                "EVENT_BUS_NAME", BUS,
                "SES_CALLS_PER_SECOND", "1000");
    }

    /** The real handler, wired by the real factory, against moto; pacing sped up as the setting allows. */
    OnboardingHandler handler(Clock clock) {
        Settings settings = Settings.from(environment);
        return new OnboardingHandler(AwsWorkflowFactory.create(settings, credentials,
                Pacer.realTime(settings.sesCallsPerSecond()), clock));
    }

    /** As {@link #handler(Clock)}, but SES is whatever answers at {@code sesEndpoint}. */
    OnboardingHandler handler(Clock clock, URI sesEndpoint) {
        Settings settings = Settings.from(environment);
        return new OnboardingHandler(AwsWorkflowFactory.create(settings, credentials,
                Pacer.realTime(settings.sesCallsPerSecond()), clock, Optional.of(sesEndpoint)));
    }

    /** What the queue delivers when a schedule fires: its target input as the body of one message. */
    static SQSEvent fired(GetScheduleResponse schedule) {
        return messages(schedule.target().input());
    }

    /** An SQS event holding one message per body. */
    static SQSEvent messages(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String body : bodies) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(UUID.randomUUID().toString());
            message.setBody(body);
            records.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** The three DKIM tokens moto gives every domain. */
    List<String> dkimTokens(String domain) {
        return ses.getIdentityDkimAttributes(r -> r.identities(domain)).dkimAttributes().get(domain).dkimTokens();
    }

    /** Every record set in the zone except the SOA and NS records Route 53 makes itself. */
    List<ResourceRecordSet> records(String zoneId) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .filter(set -> !set.typeAsString().equals("SOA") && !set.typeAsString().equals("NS"))
                .toList();
    }

    String createPublicZone(String name) {
        return route53.createHostedZone(z -> z.name(name).callerReference(UUID.randomUUID().toString()))
                .hostedZone().id().replace("/hostedzone/", "");
    }

    List<ResourceRecordSet> cnames(String zoneId) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .filter(set -> set.typeAsString().equals("CNAME"))
                .toList();
    }

    List<GetScheduleResponse> schedules() {
        return scheduler.listSchedules(l -> l.groupName(SCHEDULE_GROUP)).schedules().stream()
                .map(summary -> scheduler.getSchedule(g -> g.groupName(SCHEDULE_GROUP).name(summary.name())))
                .toList();
    }

    /** Every outcome event the bus delivered so far, as the JSON EventBridge sends to targets. */
    List<JsonNode> capturedEvents() {
        return drain(capturedEventsUrl).stream().map(message -> readJson(message.body())).toList();
    }

    List<Message> deadLetters() {
        return drain(deadLetterQueueUrl);
    }

    private List<Message> drain(String url) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(message -> sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(message.receiptHandle())));
        }
    }

    static SQSEvent event(String name) {
        return EventLoader.loadSQSEvent("events/" + name);
    }

    static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String arnOf(String url) {
        return sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }
}
