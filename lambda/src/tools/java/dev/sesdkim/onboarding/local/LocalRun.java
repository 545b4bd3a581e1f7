package dev.sesdkim.onboarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesdkim.onboarding.DkimRecord;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.RejectedInputException;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.aws.AwsWorkflowFactory;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.handler.OnboardingHandler;
import dev.sesdkim.onboarding.runtime.InvokedThroughRuntime;
import dev.sesdkim.onboarding.runtime.LambdaJavaRuntime;
import dev.sesdkim.onboarding.runtime.RuntimeJdk;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs the whole workflow on this machine: starts moto_server (or uses {@code --endpoint}), creates what the stack
 * would create, publishes onboard messages like a producer, runs the function through the same poll loop Lambda
 * runs, fires due re-check schedules on a fast-forward clock, and prints a timeline and each domain's final state.
 * Exits 0 only if every domain reached a final outcome.
 */
public final class LocalRun {

    static final String USAGE = """
            usage: local run [--no-zone] [--mail-from LABEL] [--endpoint URL] [--ses-calls-per-second N] [--in-process]
                             [--then ACTION,...] [domain ...]
              domain ...                 domains to onboard (default: mail.example.com)
              --no-zone                  create no hosted zones: shows the manual-DNS path
              --mail-from LABEL          set up LABEL.<domain> as each domain's MAIL FROM domain, as the stack's
                                         mailFromLabel does: one DNS label, like bounce
              --endpoint URL             use an AWS emulator you already run instead of starting moto_server
              --ses-calls-per-second N   the function's SES pacing (default 1, as deployed)
              --in-process               run the handler in this JVM instead of the jar on Lambda's runtime client
              --then ACTION,...          afterwards, send each domain these actions in turn: status, verify, offboard""";

    private static final String REJECTED = "Domain Onboarding Rejected";
    private static final Set<String> FINAL_OUTCOMES = Set.of("DKIM Verified", "DKIM Verification Failed",
            "DKIM Verification Timed Out", "Domain Onboarding Rejected", "Domain Offboarded");
    /** What --then may send after the onboarding: the actions a producer sends an onboarded domain. */
    static final List<String> THEN_ACTIONS = List.of("status", "verify", "offboard");
    /** A status report answers a domain that had reached its final outcome before it was asked. */
    private static final String STATUS_REPORTED = "DKIM Status Reported";
    /** Locally a failed message comes back after 1 s instead of the deployed 438 s; redrive still after 5 receives. */
    static final LocalEnvironment.QueueOptions LOCAL_QUEUES = new LocalEnvironment.QueueOptions(1, 5);

    /** Longer than the deployed function's timeout: a hung function fails the run instead of stalling it. */
    private static final Duration INVOCATION_TIMEOUT = Duration.ofMinutes(2);

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;
    /** The runtime tier's JDK 25; empty, or an exception saying why, when there is none. */
    private final Supplier<Optional<Path>> runtimeJdk;
    /**
     * Each record's state by name and type (a MAIL FROM domain's MX and TXT share a name) as the events last told it:
     * missing as announced for manual DNS, then as checked.
     */
    private final Map<String, String> recordStates = new LinkedHashMap<>();
    /** Each domain's MAIL FROM domain and SES's status of it, as the domain's latest event told them; none without. */
    private final Map<String, String> mailFromStates = new LinkedHashMap<>();

    LocalRun(PrintStream out) {
        this(out, RuntimeJdk::find);
    }

    LocalRun(PrintStream out, Supplier<Optional<Path>> runtimeJdk) {
        this.out = out;
        this.runtimeJdk = runtimeJdk;
    }

    public static void main(String[] args) {
        // The timeline shows what the function did; its own JSON log lines would only interleave with it.
        System.setProperty("dkim.logLevel", "ERROR");
        System.exit(new LocalRun(System.out).run(args));
    }

    record Options(boolean zones, Optional<String> mailFromLabel, Optional<URI> endpoint, double sesCallsPerSecond,
                   boolean inProcess, List<String> then, List<String> domains) {
    }

    static Options parse(String[] args) {
        boolean zones = true;
        Optional<String> mailFromLabel = Optional.empty();
        Optional<URI> endpoint = Optional.empty();
        double rate = 1.0;
        boolean inProcess = false;
        List<String> then = List.of();
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--no-zone" -> zones = false;
                case "--mail-from" -> mailFromLabel = Optional.of(mailFromLabel(value(args, ++i, "--mail-from")));
                case "--endpoint" -> endpoint = Optional.of(URI.create(value(args, ++i, "--endpoint")));
                case "--ses-calls-per-second" -> rate = positiveNumber(value(args, ++i, "--ses-calls-per-second"), "--ses-calls-per-second");
                case "--in-process" -> inProcess = true;
                case "--then" -> then = thenActions(value(args, ++i, "--then"));
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    domains.add(args[i]);
                }
            }
        }
        if (domains.isEmpty()) {
            domains.add("mail.example.com");
        }
        return new Options(zones, mailFromLabel, endpoint, rate, inProcess, then, domains);
    }

    /** The comma-separated actions of --then, each one a producer may send an onboarded domain; or an error naming it. */
    static List<String> thenActions(String value) {
        List<String> actions = List.of(value.split(",", -1));
        for (String action : actions) {
            if (!THEN_ACTIONS.contains(action)) {
                throw new IllegalArgumentException("--then takes " + String.join(", ", THEN_ACTIONS)
                        + " separated by commas, not " + action);
            }
        }
        return actions;
    }

    /**
     * One DNS label, lower-cased, as the stack takes its mailFromLabel context value into MAIL_FROM_LABEL; or a clear
     * error naming the option.
     */
    static String mailFromLabel(String value) {
        if (!Settings.isMailFromLabel(value)) {
            throw new IllegalArgumentException("--mail-from must be one DNS label (1-63 letters, digits and inner hyphens),"
                    + " like bounce, not " + value);
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    /** A positive, finite number, or a clear error naming the option. */
    static double positiveNumber(String value, String option) {
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new IllegalArgumentException(option + " must be a positive number, not " + value);
    }

    /** The value after a command-line option, or a clear error naming the option. */
    static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    int run(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage().isEmpty() ? USAGE : e.getMessage() + "\n" + USAGE);
            return 2;
        }
        if (options.endpoint().isPresent()) {
            Optional<String> silence = nothingAnswersAt(options.endpoint().get());
            if (silence.isPresent()) {
                out.println(silence.get());
                return 2;
            }
            return run(options, options.endpoint().get());
        }
        try (MotoServer moto = MotoServer.start()) {
            out.println("moto_server started at " + moto.endpoint());
            return run(options, moto.endpoint());
        } catch (MotoServer.UnavailableException e) {
            out.println(e.getMessage() + "\nOr point the run at an emulator you already run: --endpoint http://localhost:5000");
            return 2;
        }
    }

    /**
     * Why nothing answers at the endpoint, in one line; empty if something does. Checked before any client is built,
     * so a refused connection is not buried under the SDK's retries and stack traces.
     */
    static Optional<String> nothingAnswersAt(URI endpoint) {
        if (endpoint.getHost() == null) {
            return Optional.of("--endpoint " + endpoint + " is not a URL like http://localhost:5000");
        }
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), port), 3000);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("nothing answers at " + endpoint + " (" + e.getMessage() + "): start moto_server there"
                    + " (moto_server -p " + port + ") or leave out --endpoint to have the run start one");
        }
    }

    private int run(Options options, URI endpoint) {
        Optional<Path> runtimeJava = runtimeJava(options);
        LocalEnvironment local = new LocalEnvironment(endpoint, LOCAL_QUEUES);
        FastForwardClock clock = new FastForwardClock(Instant.now());
        Timeline timeline = new Timeline(out, clock);
        // Manual DNS: the run publishes the records in its loopback DNS as the customer would, and SES (moto, which says
        // Success at once) is held at Pending until it has looked once after that, so the re-checks show the records
        // found (DKIM Records Checked) before DKIM Verified.
        Set<String> published = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Optional<PendingSeam> seam = options.zones() ? Optional.empty()
                : Optional.of(PendingSeam.untilRecordsPublished(published::contains));
        try (Function function = runtimeJava.isPresent() ? throughRuntime(options, local, timeline, seam)
                : inProcess(options, local, clock, timeline, seam)) {
            return run(options, local, clock, timeline, function.handler(), published);
        } catch (LambdaJavaRuntime.RuntimeFailure e) {
            out.println("the function failed in Lambda's runtime client (--in-process runs it in this JVM): " + e.getMessage());
            return 1;
        }
    }

    /** The function the poll loop drives, and what must be stopped after the run. */
    private record Function(RequestHandler<SQSEvent, SQSBatchResponse> handler, AutoCloseable resources)
            implements AutoCloseable {
        @Override
        public void close() {
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the function", e);
            }
        }
    }

    /**
     * The JDK 25 to run the jar on as Lambda does, after the one line saying how the function runs; empty, after the
     * line saying what the run falls back to and why, when there is no JDK 25 or no jar, or with --in-process.
     */
    private Optional<Path> runtimeJava(Options options) {
        String inProcess = "function: the handler in this JVM (Java " + Runtime.version().feature() + "), in-process";
        if (options.inProcess()) {
            out.println(inProcess + " as --in-process asks");
            return Optional.empty();
        }
        Optional<Path> java;
        try {
            java = runtimeJdk.get();
        } catch (IllegalStateException misconfigured) {
            out.println(inProcess + ": " + misconfigured.getMessage());
            return Optional.empty();
        }
        if (java.isEmpty()) {
            out.println(inProcess + ", not Lambda's runtime client: " + RuntimeJdk.missingMessage());
        } else if (!Files.isRegularFile(jar())) {
            out.println(inProcess + ": no function jar at " + jar() + " to run on JDK 25 (./mvnw -q -Plocal builds it)");
            return Optional.empty();
        } else {
            out.println("function: Lambda's Java runtime client on JDK 25 (" + java.get() + "), running " + jar());
        }
        return java;
    }

    /** The jar the stack deploys, beside this class's folder in the lambda module's target. */
    static Path jar() {
        return Path.of(LambdaJavaRuntime.jarOf(LocalRun.class)).resolveSibling("dkim-onboarding-lambda.jar");
    }

    private static Function inProcess(Options options, LocalEnvironment local, FastForwardClock clock, Timeline timeline,
                                      Optional<PendingSeam> seam) {
        Settings settings = Settings.from(local.functionEnvironment(options.sesCallsPerSecond(), options.mailFromLabel()));
        List<ExecutionInterceptor> observers = new ArrayList<>(List.of(timeline));
        seam.ifPresent(observers::add);
        OnboardingHandler handler = new OnboardingHandler(AwsWorkflowFactory.create(settings, local.credentials,
                Pacer.realTime(settings.sesCallsPerSecond()), clock, AwsWorkflowFactory.Options.DEFAULT.withObservers(observers)));
        return new Function(handler, () -> { });
    }

    /**
     * The jar on Lambda's runtime client, its AWS calls through a proxy in front of the emulator where the timeline
     * sees them and the seam shapes them, as interceptors do in process. Its clock is the real one: the run still fires
     * the schedules it makes, whenever they fall due on the fast-forward clock.
     */
    private Function throughRuntime(Options options, LocalEnvironment local, Timeline timeline, Optional<PendingSeam> seam) {
        RecordingProxy proxy = new RecordingProxy(local.endpoint, new TimelineAtProxy(timeline, seam));
        Map<String, String> environment = new LinkedHashMap<>(local.functionEnvironment(options.sesCallsPerSecond(),
                options.mailFromLabel()));
        environment.put(Settings.AWS_ENDPOINT_URL, proxy.endpoint().toString());
        // As dkim.logLevel in process: the timeline shows what the function did; its JSON log lines would only interleave.
        environment.put("LOG_LEVEL", "ERROR");
        try {
            LambdaJavaRuntime runtime = LambdaJavaRuntime.start(jar(), environment, LambdaJavaRuntime.Initialization.ON_DEMAND,
                    line -> errorLine(timeline, line));
            return new Function(new InvokedThroughRuntime(runtime, INVOCATION_TIMEOUT), () -> {
                runtime.close();
                proxy.close();
            });
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
    }

    /** The function's log lines at ERROR (metrics and the runtime's own lines stay out of the timeline). */
    private void errorLine(Timeline timeline, String line) {
        JsonNode log = read(line);
        String level = log.path("level").asText("");
        if (level.equals("ERROR") || level.equals("FATAL")) {
            timeline.line("error", line);
        }
    }

    private int run(Options options, LocalEnvironment local, FastForwardClock clock, Timeline timeline,
                    RequestHandler<SQSEvent, SQSBatchResponse> handler, Set<String> published) {
        SqsPollLoop pollLoop = local.pollLoop(handler);
        ScheduleFirer firer = local.scheduleFirer();

        if (options.endpoint().isPresent()) {
            timeline.line("setup", "queues, schedule group and bus are in place (for sam local invoke, docs/local-run.md: "
                    + "./mvnw -q -pl lambda -Psam-local -Dexec.args=\"--endpoint " + options.endpoint().get() + "\")");
        }
        Map<String, String> outcomes = new LinkedHashMap<>();
        for (String domain : options.domains()) {
            outcomes.put(key(domain), "(none yet)");
        }
        if (options.zones()) {
            zonesFor(options.domains()).forEach(zone -> timeline.line("setup", "public hosted zone " + zone + " = " + local.publicZone(zone)));
        }
        // A rejection names the domain as sent, shortened if long: it is matched to its domain by message id.
        Map<String, String> domainByMessageId = new LinkedHashMap<>();
        for (String domain : options.domains()) {
            String body = json.createObjectNode().put("action", "onboard").put("domain", domain).toString();
            domainByMessageId.put(local.send(body), key(domain));
            timeline.line("publish", body);
        }

        Optional<Set<String>> publishing = options.zones() ? Optional.empty() : Optional.of(published);
        while (true) {
            pollUntilIdle(local, timeline, pollLoop, outcomes, domainByMessageId, publishing);
            if (outcomes.values().stream().allMatch(FINAL_OUTCOMES::contains)) {
                break;
            }
            Optional<Instant> next = firer.nextDue();
            if (next.isEmpty()) {
                break;
            }
            clock.advanceTo(next.get());
            firer.fireDue(clock.instant()).forEach(fired -> timeline.line("fire", fired.name() + " → onboarding queue"));
        }
        for (String action : options.then()) {
            for (String domain : options.domains()) {
                String body = json.createObjectNode().put("action", action).put("domain", domain).toString();
                domainByMessageId.put(local.send(body), key(domain));
                timeline.line("publish", body);
            }
            pollUntilIdle(local, timeline, pollLoop, outcomes, domainByMessageId, publishing);
        }
        return summary(local, timeline, outcomes);
    }

    /** Delivers what the queue holds until it holds nothing, visible or in flight, printing what comes back. */
    private void pollUntilIdle(LocalEnvironment local, Timeline timeline, SqsPollLoop pollLoop, Map<String, String> outcomes,
                                  Map<String, String> domainByMessageId, Optional<Set<String>> publishing) {
        while (true) {
            SqsPollLoop.Poll poll = pollLoop.pollOnce(received -> received.forEach(message -> timeline.line("received", describe(message))));
            if (!poll.failedMessageIds().isEmpty()) {
                timeline.line("retry", poll.failedMessageIds().size() + " message(s) failed transiently, back after the visibility timeout"
                        + (poll.handlerError() == null ? "" : ": " + poll.handlerError()));
            }
            readOutcomes(local, timeline, outcomes, domainByMessageId, publishing);
            if (!poll.idle()) {
                continue;
            }
            if (inFlight(local) == 0) {
                return;
            }
            pause();
        }
    }

    private int summary(LocalEnvironment local, Timeline timeline, Map<String, String> outcomes) {
        int deadLetters = Integer.parseInt(local.sqs.getQueueAttributes(a -> a.queueUrl(local.deadLetterQueueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        out.println();
        if (mailFromStates.isEmpty()) {
            out.printf("%-40s %s%n", "domain", "final outcome");
            outcomes.forEach((domain, outcome) -> out.printf("%-40s %s%n", domain, outcome));
        } else {
            out.printf("%-40s %-28s %s%n", "domain", "final outcome", "MAIL FROM");
            outcomes.forEach((domain, outcome) -> out.printf("%-40s %-28s %s%n", domain, outcome,
                    mailFromStates.getOrDefault(domain, "(none)")));
        }
        long finished = outcomes.values().stream()
                .filter(outcome -> FINAL_OUTCOMES.contains(outcome) || outcome.equals(STATUS_REPORTED)).count();
        out.printf("%n%d of %d domain(s) reached a final outcome; %d SES call(s); %d message(s) in the dead-letter queue%n",
                finished, outcomes.size(), timeline.sesCalls(), deadLetters);
        List<String> unexpected = outcomes.entrySet().stream()
                .filter(entry -> FINAL_OUTCOMES.contains(entry.getValue()))
                .filter(entry -> entry.getValue().equals(REJECTED) != isInvalid(entry.getKey()))
                .map(entry -> entry.getKey() + (isInvalid(entry.getKey()) ? " is invalid but was not rejected"
                        : " was rejected instead of onboarded (see its event above; an emulator reused from an earlier run"
                        + " can hold a second zone of the same name: reset it with curl -X POST <endpoint>/moto-api/reset)"))
                .toList();
        unexpected.forEach(out::println);
        return finished == outcomes.size() && unexpected.isEmpty() ? 0 : 1;
    }

    /**
     * Prints and records the outcome events so far. With {@code publishing}, the records of a domain announced for
     * manual DNS are then put in the run's loopback DNS, and the domain into {@code publishing}.
     */
    private void readOutcomes(LocalEnvironment local, Timeline timeline, Map<String, String> outcomes,
                              Map<String, String> domainByMessageId, Optional<Set<String>> publishing) {
        while (true) {
            List<Message> messages = local.sqs.receiveMessage(r -> r.queueUrl(local.capturedEventsUrl).maxNumberOfMessages(10)).messages();
            if (messages.isEmpty()) {
                return;
            }
            for (Message message : messages) {
                JsonNode event = read(message.body());
                String type = event.path("detail-type").asText();
                String domain = event.path("detail").path("domain").asText("(no domain)");
                String reason = event.path("detail").path("reason").asText("");
                timeline.line("event", type + ": " + domain + (reason.isEmpty() ? "" : " (" + reason + ")"));
                JsonNode mailFrom = event.path("detail").path("mailFrom");
                if (mailFrom.has("reason")) {
                    timeline.line("", "MAIL FROM " + mailFrom.path("domain").asText() + " " + mailFrom.path("status").asText()
                            + " (" + mailFrom.path("reason").asText() + ")");
                }
                if (type.equals("DKIM Manual DNS Required")) {
                    List<JsonNode> records = recordsToCreate(event.path("detail"));
                    records.forEach(record -> recordStates.put(stateKey(record), "missing"));
                    records.forEach(record -> timeline.line("", "create " + record.path("name").asText()
                            + " " + record.path("type").asText() + " " + record.path("value").asText() + " TTL " + record.path("ttl").asText()));
                    publishing.ifPresent(done -> {
                        publish(local, timeline, records);
                        done.add(domain);
                    });
                }
                if (type.equals("DKIM Records Checked")) {
                    event.path("detail").path("dnsRecords").forEach(record -> {
                        String state = record.path("state").asText();
                        String before = recordStates.put(stateKey(record), state);
                        timeline.line("", shownRecord(record) + " " + (before == null ? "" : before + " → ") + state);
                    });
                }
                String key = type.equals(REJECTED)
                        ? domainByMessageId.getOrDefault(event.path("detail").path("messageId").asText(), key(domain))
                        : key(domain);
                if (outcomes.computeIfPresent(key, (name, previous) -> type) != null) {
                    if (mailFrom.has("domain")) {
                        mailFromStates.put(key, mailFrom.path("domain").asText()
                                + (mailFrom.has("status") ? " " + mailFrom.path("status").asText() : ""));
                    } else {
                        mailFromStates.remove(key);
                    }
                }
                local.sqs.deleteMessage(d -> d.queueUrl(local.capturedEventsUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    /** The records a manual-DNS domain's event asks the customer to create: its CNAMEs, then its MAIL FROM domain's MX and TXT. */
    private static List<JsonNode> recordsToCreate(JsonNode detail) {
        List<JsonNode> records = new ArrayList<>();
        detail.path("records").forEach(records::add);
        detail.path("mailFrom").path("records").forEach(records::add);
        return records;
    }

    /**
     * The customer creates the records at their DNS provider: here, the run's loopback DNS the function resolves through.
     * What an earlier run left at their names goes first; a MAIL FROM domain's MX and TXT share a name, so both stay.
     */
    private static void publish(LocalEnvironment local, Timeline timeline, List<JsonNode> records) {
        records.stream().map(record -> record.path("name").asText()).distinct().forEach(local.publicDns::remove);
        records.forEach(record -> {
            String name = record.path("name").asText();
            String type = record.path("type").asText();
            String value = record.path("value").asText();
            // Zone-file syntax: a CNAME's or MX's target is made absolute, a TXT value is its quoted string as the event gives it.
            String data = type.equals("TXT") || value.endsWith(".") ? value : value + ".";
            local.publicDns.add(name + ". " + record.path("ttl").asText() + " IN " + type + " " + data);
            timeline.line("DNS", "published " + name + " " + type + " " + value + " in the loopback DNS, as the customer would");
        });
    }

    private String describe(Message message) {
        JsonNode body = read(message.body());
        if (body.isMissingNode()) {
            return "unreadable message " + message.messageId();
        }
        String action = body.path("action").asText("onboard");
        if (body.path("domains").isArray()) {
            List<String> domains = new ArrayList<>();
            body.path("domains").forEach(domain -> domains.add(domain.path("domain").asText()));
            return action + " attempt " + body.path("attempt").asText() + " " + domains;
        }
        return action + " " + body.path("domain").asText();
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static int inFlight(LocalEnvironment local) {
        return Integer.parseInt(local.sqs.getQueueAttributes(a -> a.queueUrl(local.queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Waits out a visibility timeout: the only real-time wait, for messages that failed and must come back. */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The parent of each valid domain (or the domain itself when it has two labels), as its hosted zone. */
    static Set<String> zonesFor(List<String> domains) {
        Set<String> zones = new LinkedHashSet<>();
        for (String raw : domains) {
            try {
                List<String> names = Domain.parse(raw).selfAndParents();
                zones.add(names.size() > 1 ? names.get(1) : names.get(0));
            } catch (RejectedInputException invalid) {
                // published anyway, to show its rejection
            }
        }
        return zones;
    }

    private static boolean isInvalid(String raw) {
        try {
            Domain.parse(raw);
            return false;
        } catch (RejectedInputException invalid) {
            return true;
        }
    }

    /** A record's state is kept by name and type: a MAIL FROM domain's MX and TXT share a name. */
    private static String stateKey(JsonNode record) {
        return record.path("name").asText() + " " + record.path("type").asText();
    }

    /** A DKIM CNAME by its name, as the timeline has always shown it; a MAIL FROM record with its type. */
    private static String shownRecord(JsonNode record) {
        String type = record.path("type").asText();
        return type.equals(DkimRecord.TYPE) ? record.path("name").asText() : record.path("name").asText() + " " + type;
    }

    /** Outcome events name the normalised domain; rejected ones the domain as sent. */
    private static String key(String raw) {
        try {
            return Domain.parse(raw).name();
        } catch (RejectedInputException invalid) {
            return raw;
        }
    }
}
