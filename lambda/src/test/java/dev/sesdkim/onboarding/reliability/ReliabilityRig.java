package dev.sesdkim.onboarding.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesdkim.onboarding.MessageCodec;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.Request;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.aws.AwsWorkflowFactory;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.SqsDeadLetters;
import dev.sesdkim.onboarding.handler.OnboardingHandler;
import dev.sesdkim.onboarding.local.LocalEnvironment;
import dev.sesdkim.onboarding.local.SqsPollLoop;
import dev.sesdkim.onboarding.runtime.InvokedThroughRuntime;
import dev.sesdkim.onboarding.runtime.LambdaJavaRuntime;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The deployed system in miniature, for the reliability suite: moto_server with the stack's queues, bus and schedule
 * group ({@link LocalEnvironment}), the real handler on real SDK clients whose every request goes through a
 * {@link FaultProxy}, and the Lambda-like {@link SqsPollLoop} driving it. The test's own clients read the end state
 * straight from moto. The queue's visibility timeout is 0, so a failed message comes back at once; the redrive policy
 * is the stack's (5 receives).
 */
final class ReliabilityRig implements AutoCloseable {

    static final int MAX_RECEIVE_COUNT = LocalEnvironment.QueueOptions.AS_DEPLOYED.maxReceiveCount();

    /** A message the dead-letter queue holds: from the function (with a reason) or moved there by the redrive policy. */
    record DeadLetter(String body, String reason, String sourceMessageId, int receiveCount) {
    }

    private final ObjectMapper json = new ObjectMapper();
    final LocalEnvironment local;
    final FaultProxy proxy;
    final CallObserver observer;
    final double sesCallsPerSecond;
    private final SqsPollLoop loop;
    private final LambdaJavaRuntime runtime;

    private static final Path JAR = Path.of("target", "dkim-onboarding-lambda.jar");
    /** A batch of ten with SES paced and faults retried takes seconds; the deployed timeout is 73 s. */
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(120);

    int polls;
    int deliveries;
    int reportedFailures;
    int crashes;
    final Map<String, Integer> deliveriesByBody = new HashMap<>();
    final Set<String> completedBodies = new HashSet<>();

    /** Where the function runs: in the test's JVM with its AWS calls observed, or as Lambda runs it. */
    enum Mode {
        /** The real handler in this JVM; {@link #observer} sees every AWS call and can simulate a crash. */
        IN_PROCESS,
        /** The shaded jar in Lambda's runtime client on JDK 25, metrics as deployed; only the proxy sees its calls. */
        RUNTIME_TIER
    }

    ReliabilityRig(MotoServer moto, FaultPlan faults, double sesCallsPerSecond) {
        this(moto, faults, sesCallsPerSecond, Map.of());
    }

    /** A rig whose function has {@code deploymentSettings} on top of the stack's environment, like a deployment's context values. */
    ReliabilityRig(MotoServer moto, FaultPlan faults, double sesCallsPerSecond, Map<String, String> deploymentSettings) {
        this(moto, faults, sesCallsPerSecond, deploymentSettings, Mode.IN_PROCESS);
    }

    ReliabilityRig(MotoServer moto, FaultPlan faults, double sesCallsPerSecond, Map<String, String> deploymentSettings,
                   Mode mode) {
        this.local = new LocalEnvironment(moto.endpoint(), new LocalEnvironment.QueueOptions(0, MAX_RECEIVE_COUNT));
        this.proxy = new FaultProxy(moto.endpoint(), faults);
        this.sesCallsPerSecond = sesCallsPerSecond;
        Map<String, String> environment = local.functionEnvironment(sesCallsPerSecond);
        environment.putAll(deploymentSettings);
        environment.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
        CallObserver.GrantClock grantClock = new CallObserver.GrantClock();
        this.observer = new CallObserver(grantClock);
        if (mode == Mode.RUNTIME_TIER) {
            this.runtime = LambdaJavaRuntime.start(JAR, environment, LambdaJavaRuntime.Initialization.ON_DEMAND);
            this.loop = local.pollLoop(new InvokedThroughRuntime(runtime, INVOCATION_TIMEOUT));
        } else {
            this.runtime = null;
            Settings settings = Settings.from(environment);
            Pacer pacer = new Pacer(sesCallsPerSecond, grantClock,
                    duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000));
            OnboardingHandler handler = new OnboardingHandler(AwsWorkflowFactory.create(settings, local.credentials, pacer,
                    Clock.systemUTC(), AwsWorkflowFactory.Options.DEFAULT.withObservers(List.of(observer))));
            this.loop = local.pollLoop(handler);
        }
        // Outcome events are read off the wire (outcomeEvents()).
        local.stopCapturingOutcomes();
    }

    /** What the function in the runtime tier wrote (its JSON logs and metrics); empty in process. */
    String functionOutput() {
        return runtime == null ? "" : runtime.output();
    }

    /** Publishes as a producer does: content-based deduplication, one message group. */
    String send(String body) {
        return local.sqs.sendMessage(m -> m.queueUrl(local.queueUrl).messageGroupId(LocalEnvironment.MESSAGE_GROUP_ID)
                .messageBody(body)).messageId();
    }

    /** Publishes with a deduplication id of its own, so a body equal to another's is still delivered. */
    String send(String body, String deduplicationId) {
        return local.sqs.sendMessage(m -> m.queueUrl(local.queueUrl).messageGroupId(LocalEnvironment.MESSAGE_GROUP_ID)
                .messageDeduplicationId(deduplicationId).messageBody(body)).messageId();
    }

    /** How often a long drain says how far it has got. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    /** Runs the poll loop until the queue holds nothing, visible or in flight; a simulated crash loses the batch's work. */
    void drain() {
        long started = System.nanoTime();
        long lastReport = started;
        for (int i = 0; i < 100_000; i++) {
            if (System.nanoTime() - lastReport > PROGRESS_EVERY.toNanos()) {
                lastReport = System.nanoTime();
                System.out.printf("  … %,d deliveries, %,d completed, %,d in the queue after %d s%n", deliveries,
                        completedBodies.size(), queueDepth(), Duration.ofNanos(lastReport - started).toSeconds());
            }
            List<Message> batch = new ArrayList<>();
            SqsPollLoop.Poll poll;
            try {
                poll = loop.pollOnce(batch::addAll);
            } catch (CallObserver.SimulatedCrash crash) {
                crashes++;
                count(batch, Set.copyOf(batch.stream().map(Message::messageId).toList()));
                continue;
            }
            polls++;
            if (poll.idle()) {
                if (queueDepth() == 0) {
                    return;
                }
                continue;
            }
            count(poll.received(), poll.failedMessageIds());
        }
        throw new AssertionError("the queue did not drain in 100,000 polls");
    }

    private void count(List<Message> received, Set<String> failed) {
        for (Message message : received) {
            deliveries++;
            deliveriesByBody.merge(message.body(), 1, Integer::sum);
            if (failed.contains(message.messageId())) {
                reportedFailures++;
            } else {
                completedBodies.add(message.body());
            }
        }
    }

    /** Messages in the onboarding queue: visible, in flight and delayed. */
    int queueDepth() {
        Map<QueueAttributeName, String> attributes = local.sqs.getQueueAttributes(a -> a.queueUrl(local.queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    String createZone(String name) {
        return local.createPublicZone(name);
    }

    /** Every record set other than the zone's own SOA and NS, by zone name (without the trailing dot). */
    Map<String, List<ResourceRecordSet>> recordsByZone() {
        Map<String, List<ResourceRecordSet>> byZone = new TreeMap<>();
        for (HostedZone zone : local.route53.listHostedZonesPaginator(r -> { }).hostedZones()) {
            String zoneName = zone.name().replaceAll("\\.$", "");
            List<ResourceRecordSet> records = new ArrayList<>();
            local.route53.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone.id())).resourceRecordSets().forEach(set -> {
                boolean apex = set.name().replaceAll("\\.$", "").equals(zoneName);
                if (!(apex && (set.typeAsString().equals("SOA") || set.typeAsString().equals("NS")))) {
                    records.add(set);
                }
            });
            byZone.put(zoneName, records);
        }
        return byZone;
    }

    /** The SES identities moto holds. */
    Set<String> identities() {
        Set<String> identities = new TreeSet<>();
        local.ses.listIdentitiesPaginator(r -> { }).identities().forEach(identities::add);
        return identities;
    }

    /** The DKIM tokens the function was given for a domain (the proxy gives each domain its own, as SES does). */
    List<String> tokens(String domain) {
        if (runtime != null) {
            // No observer sees into the runtime's process: the tokens the proxy minted in place of the emulator's.
            return FaultProxy.mintedTokens(domain,
                    local.ses.getIdentityDkimAttributes(r -> r.identities(domain)).dkimAttributes().get(domain).dkimTokens());
        }
        List<List<String>> returned = observer.tokensReturnedFor(domain);
        if (returned.isEmpty()) {
            throw new AssertionError("SES never returned DKIM tokens for " + domain);
        }
        return returned.get(returned.size() - 1);
    }

    /** Reads and removes everything in the dead-letter queue. */
    List<DeadLetter> takeDeadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        while (true) {
            List<Message> messages = local.sqs.receiveMessage(r -> r.queueUrl(local.deadLetterQueueUrl).maxNumberOfMessages(10)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (messages.isEmpty()) {
                return letters;
            }
            for (Message message : messages) {
                letters.add(new DeadLetter(message.body(), text(message, SqsDeadLetters.REASON_ATTRIBUTE),
                        text(message, SqsDeadLetters.SOURCE_MESSAGE_ID_ATTRIBUTE),
                        Integer.parseInt(message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "0"))));
                local.sqs.deleteMessage(r -> r.queueUrl(local.deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static String text(Message message, String attribute) {
        return message.messageAttributes().containsKey(attribute) ? message.messageAttributes().get(attribute).stringValue() : null;
    }

    /**
     * Every outcome event the bus accepted, shaped as EventBridge delivers it ({@code detail-type}, {@code detail}): read
     * off the PutEvents requests the proxy let through to moto. (A bus rule delivering them to a queue would show the
     * same, but moto spends over 100 ms per event on that delivery, which would double the suite's time.)
     */
    List<JsonNode> outcomeEvents() {
        List<JsonNode> events = new ArrayList<>();
        try {
            for (String request : proxy.forwardedPutEvents()) {
                for (JsonNode entry : json.readTree(request).path("Entries")) {
                    ObjectNode event = json.createObjectNode();
                    event.put("source", entry.path("Source").asText());
                    event.put("detail-type", entry.path("DetailType").asText());
                    event.set("detail", json.readTree(entry.path("Detail").asText()));
                    events.add(event);
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** How many pending schedules name each domain in their target input. */
    Map<String, Integer> scheduledDomains() {
        MessageCodec codec = new MessageCodec();
        Map<String, Integer> domains = new LinkedHashMap<>();
        for (ScheduleSummary summary : local.scheduler.listSchedulesPaginator(r -> r.groupName(LocalEnvironment.SCHEDULE_GROUP)).schedules()) {
            String input = local.scheduler.getSchedule(r -> r.groupName(LocalEnvironment.SCHEDULE_GROUP).name(summary.name())).target().input();
            Request.Recheck recheck = (Request.Recheck) codec.parse(input);
            recheck.domains().forEach(pending -> domains.merge(pending.domain().name(), 1, Integer::sum));
        }
        return domains;
    }

    /** A DKIM CNAME as {@link #describe} shows it: at the token's name under the domain, pointing at SES, TTL 1800. */
    static String cname(String token, String domain) {
        return token + "._domainkey." + domain + ". CNAME " + token + ".dkim.amazonses.com 1800";
    }

    /** Each zone's records as {@code name type value ttl}, one line per value, to compare with what a test expects. */
    static Map<String, List<String>> describe(Map<String, List<ResourceRecordSet>> byZone) {
        Map<String, List<String>> described = new TreeMap<>();
        byZone.forEach((zone, sets) -> described.put(zone, sets.stream().flatMap(set -> set.resourceRecords().stream()
                .map(record -> set.name() + " " + set.typeAsString() + " " + record.value() + " " + set.ttl())).toList()));
        return described;
    }

    /** How many outcome events of {@code detailType} there are per {@code key}. */
    static Map<String, Long> count(List<JsonNode> events, String detailType, Function<JsonNode, String> key) {
        return events.stream().filter(event -> event.path("detail-type").asText().equals(detailType))
                .collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
        proxy.close();
    }
}
