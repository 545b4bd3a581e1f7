package dev.sesdkim.onboarding.aws;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.handler.OnboardingHandler;
import dev.sesdkim.onboarding.local.LocalEnvironment;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The integration tests' view of a {@link LocalEnvironment} on moto (queues as deployed): the function wired to it,
 * and readers for what the function left behind.
 */
public final class LocalAws {

    public static final String ROLE_ARN = LocalEnvironment.SCHEDULER_ROLE_ARN;
    public static final String SCHEDULE_GROUP = LocalEnvironment.SCHEDULE_GROUP;
    private static final ObjectMapper JSON = new ObjectMapper();

    public final LocalEnvironment local;
    public final SesClient ses;
    public final Route53Client route53;
    public final SchedulerClient scheduler;
    public final SqsClient sqs;
    public final String queueArn;
    public final String schedulerDeadLetterQueueArn;

    public LocalAws(MotoServer moto) {
        local = new LocalEnvironment(moto.endpoint(), LocalEnvironment.QueueOptions.AS_DEPLOYED);
        local.publicDns.clear();
        ses = local.ses;
        route53 = local.route53;
        scheduler = local.scheduler;
        sqs = local.sqs;
        queueArn = local.queueArn;
        schedulerDeadLetterQueueArn = local.schedulerDeadLetterQueueArn;
    }

    /** The real handler, wired by the real factory, against moto; pacing sped up as the setting allows. */
    public OnboardingHandler handler(Clock clock) {
        Settings settings = Settings.from(local.functionEnvironment(1000));
        return new OnboardingHandler(AwsWorkflowFactory.create(settings, local.credentials,
                Pacer.realTime(settings.sesCallsPerSecond()), clock, AwsWorkflowFactory.Options.DEFAULT));
    }

    /**
     * As {@link #handler(Clock)}, with the deployment granting only {@code writableZones} (the value of
     * {@code WRITABLE_HOSTED_ZONES}) and {@code observers} seeing every AWS call.
     */
    public OnboardingHandler handler(Clock clock, String writableZones, List<ExecutionInterceptor> observers) {
        Map<String, String> environment = new HashMap<>(local.functionEnvironment(1000));
        environment.put("WRITABLE_HOSTED_ZONES", writableZones);
        Settings settings = Settings.from(environment);
        return new OnboardingHandler(AwsWorkflowFactory.create(settings, local.credentials,
                Pacer.realTime(settings.sesCallsPerSecond()), clock, AwsWorkflowFactory.Options.DEFAULT.withObservers(observers)));
    }

    /** As {@link #handler(Clock)}, with these settings added to (or replacing) the function's environment. */
    public OnboardingHandler handler(Clock clock, Map<String, String> settingsAdded) {
        Map<String, String> environment = new HashMap<>(local.functionEnvironment(1000));
        environment.putAll(settingsAdded);
        Settings settings = Settings.from(environment);
        return new OnboardingHandler(AwsWorkflowFactory.create(settings, local.credentials,
                Pacer.realTime(settings.sesCallsPerSecond()), clock, AwsWorkflowFactory.Options.DEFAULT));
    }

    /** As {@link #handler(Clock)}, with {@code observers} seeing every AWS call the function makes. */
    public OnboardingHandler handler(Clock clock, List<ExecutionInterceptor> observers) {
        return handler(clock, "*", observers);
    }

    /** As {@link #handler(Clock)}, but SES is whatever answers at {@code sesEndpoint}. */
    public OnboardingHandler handler(Clock clock, URI sesEndpoint) {
        Settings settings = Settings.from(local.functionEnvironment(1000));
        return new OnboardingHandler(AwsWorkflowFactory.create(settings, local.credentials,
                Pacer.realTime(settings.sesCallsPerSecond()), clock, AwsWorkflowFactory.Options.DEFAULT.withSesEndpoint(sesEndpoint)));
    }

    /** What the queue delivers when a schedule fires: its target input as the body of one message. */
    public static SQSEvent fired(GetScheduleResponse schedule) {
        return messages(schedule.target().input());
    }

    /** A Lambda context whose invocation has {@code remainingMillis} left, as the runtime reports it. */
    public static Context contextWithRemaining(LongSupplier remainingMillis) {
        return new Context() {
            @Override
            public String getAwsRequestId() {
                return "it-" + UUID.randomUUID();
            }

            @Override
            public String getLogGroupName() {
                return "/aws/lambda/dkim-onboarding";
            }

            @Override
            public String getLogStreamName() {
                return "local";
            }

            @Override
            public String getFunctionName() {
                return "dkim-onboarding";
            }

            @Override
            public String getFunctionVersion() {
                return "$LATEST";
            }

            @Override
            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:us-east-1:123456789012:function:dkim-onboarding";
            }

            @Override
            public CognitoIdentity getIdentity() {
                return null;
            }

            @Override
            public ClientContext getClientContext() {
                return null;
            }

            @Override
            public int getRemainingTimeInMillis() {
                return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remainingMillis.getAsLong()));
            }

            @Override
            public int getMemoryLimitInMB() {
                return 1024;
            }

            @Override
            public LambdaLogger getLogger() {
                return null;
            }
        };
    }

    /** An SQS event holding one message per body. */
    public static SQSEvent messages(String... bodies) {
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
    public List<String> dkimTokens(String domain) {
        return ses.getIdentityDkimAttributes(r -> r.identities(domain)).dkimAttributes().get(domain).dkimTokens();
    }

    /** Every record set in the zone except the SOA and NS records Route 53 makes itself. */
    public List<ResourceRecordSet> records(String zoneId) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .filter(set -> !set.typeAsString().equals("SOA") && !set.typeAsString().equals("NS"))
                .toList();
    }

    /**
     * Public DNS (the function's loopback resolver) answers for the zone as Route 53 holds it: its CNAMEs, and the zone
     * delegated to its own name servers, as if the internet used it.
     */
    public void publishInPublicDns(String zoneId) {
        var zone = route53.getHostedZone(r -> r.id(zoneId));
        String zoneName = zone.hostedZone().name();
        zone.delegationSet().nameServers().forEach(ns -> local.publicDns.add(zoneName + " 300 IN NS " + ns + "."));
        cnames(zoneId).forEach(set -> set.resourceRecords().forEach(record -> local.publicDns.add(
                set.name() + " 300 IN CNAME " + (record.value().endsWith(".") ? record.value() : record.value() + "."))));
    }

    /** The loopback DNS server the function resolves through, emptied. */
    public dev.sesdkim.onboarding.dns.LoopbackDnsServer publicDns() {
        return local.publicDns;
    }

    public String createPublicZone(String name) {
        return local.createPublicZone(name);
    }

    public List<ResourceRecordSet> cnames(String zoneId) {
        return route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets().stream()
                .filter(set -> set.typeAsString().equals("CNAME"))
                .toList();
    }

    public List<GetScheduleResponse> schedules() {
        return scheduler.listSchedules(l -> l.groupName(SCHEDULE_GROUP)).schedules().stream()
                .map(summary -> scheduler.getSchedule(g -> g.groupName(SCHEDULE_GROUP).name(summary.name())))
                .toList();
    }

    /** Every outcome event the bus delivered so far, as the JSON EventBridge sends to targets. */
    public List<JsonNode> capturedEvents() {
        return drain(local.capturedEventsUrl).stream().map(message -> readJson(message.body())).toList();
    }

    public List<Message> deadLetters() {
        return drain(local.deadLetterQueueUrl);
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

    public static SQSEvent event(String name) {
        return EventLoader.loadSQSEvent("events/" + name);
    }

    public static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
