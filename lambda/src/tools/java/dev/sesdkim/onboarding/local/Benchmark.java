package dev.sesdkim.onboarding.local;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.aws.AwsWorkflowFactory;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.handler.OnboardingHandler;
import dev.sesdkim.onboarding.runtime.DeployedFunction;
import dev.sesdkim.onboarding.runtime.LambdaJavaRuntime;
import dev.sesdkim.onboarding.runtime.LambdaJavaRuntime.Initialization;
import dev.sesdkim.onboarding.runtime.RuntimeApiServer;
import dev.sesdkim.onboarding.runtime.RuntimeJdk;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The performance figures of issue 8, measured on this machine against moto_server, printed as tables and written to
 * {@code target/benchmark.json}:
 * <ol>
 *     <li>onboarding throughput through the Lambda-like poll loop, paced at the SES limit and unpaced;</li>
 *     <li>re-check efficiency: SES calls and schedules per wave for domains that fall due together, over a whole
 *     lifecycle;</li>
 *     <li>cold start of the shaded jar through the runtime tier (Lambda's runtime client on JDK 25), on demand and with
 *     SnapStart's initialisation, against an empty handler on the same runtime and a Python + boto3 peer;</li>
 *     <li>the shaded jar's size and what makes it;</li>
 *     <li>a cost model per 1,000 domains from the figures above.</li>
 * </ol>
 * Run with {@code ./mvnw -q -pl lambda package exec:java@benchmark -DskipTests}; options go in {@code -Dexec.args}.
 * It is not a test: it takes minutes, because 120 domains at one SES call per second take two of them by design.
 * With {@code --mail-from LABEL} the throughput and re-check sections run the function with {@code MAIL_FROM_LABEL}:
 * figures of another measurement, so they go to {@code target/benchmark-mail-from.json}, are not held to the targets
 * (which are for onboarding without MAIL FROM) and are not compared with the baseline.
 */
public final class Benchmark {

    static final String USAGE = """
            usage: benchmark [--onboard-domains N] [--recheck-domains N] [--cold-runs N] [--only SECTION,...] [--mail-from LABEL]
              --onboard-domains N   domains through the poll loop, paced and unpaced (default 120)
              --recheck-domains N   pending domains due together for the re-check waves (default 1000)
              --cold-runs N         fresh processes per cold-start variant; medians are reported (default 5)
              --only SECTIONS       some of throughput,recheck,coldstart,artifact (default all; cost needs all)
              --mail-from LABEL     throughput and re-checks with MAIL_FROM_LABEL=LABEL, every domain's MAIL FROM domain
                                    LABEL.<domain> (default none); written to benchmark-mail-from.json, no targets,
                                    no cost model""";

    static final String COLD_START_TARGET = "cold start <= 2.0x the Python peer";
    static final String PRIMED_TARGET = "primed first batch <= 1.2x the peer's";
    /**
     * Cold-start targets of a run from before the runtime tier, one per JDK the jar ran on from the class path: a
     * benchmark.json left by such a run must not carry them on beside the two above, which replace them.
     */
    static final java.util.regex.Pattern RETIRED_TARGET = java.util.regex.Pattern.compile(".*\\(jdk\\d+\\)");

    /** Pacing "off": the pacer needs a positive rate, so a million calls per second stands for none. */
    static final double UNPACED = 1_000_000;
    static final double SES_LIMIT = 1.0;
    static final int WARM_UP_DOMAINS = 10;

    record Options(int onboardDomains, int recheckDomains, int coldRuns, Set<String> sections, Optional<String> mailFromLabel) {
    }

    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final PrintStream out;
    private final Progress progress;
    private final Path target;
    private final Path peerScript;
    private final Path baseline;

    Benchmark(PrintStream out, Path target, Path peerScript) {
        this.out = out;
        this.progress = new Progress(out);
        this.target = target;
        this.peerScript = peerScript;
        // src/tools/python/onboard_peer.py → src/tools/benchmark-baseline.json
        this.baseline = peerScript.toAbsolutePath().getParent().resolveSibling("benchmark-baseline.json");
    }

    public static void main(String[] args) {
        // The tables show what the function did; its own JSON log lines would only interleave with them.
        System.setProperty("dkim.logLevel", "ERROR");
        Path target = Path.of(System.getProperty("benchmark.target", "target"));
        Path peer = Path.of(System.getProperty("benchmark.peer", "src/tools/python/onboard_peer.py"));
        System.exit(new Benchmark(System.out, target, peer).run(args));
    }

    static Options parse(String[] args) {
        int onboard = 120;
        int recheck = 1000;
        int cold = 5;
        Set<String> sections = new LinkedHashSet<>(List.of("throughput", "recheck", "coldstart", "artifact"));
        Optional<String> mailFromLabel = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--onboard-domains" -> onboard = Integer.parseInt(LocalRun.value(args, ++i, "--onboard-domains"));
                case "--recheck-domains" -> recheck = Integer.parseInt(LocalRun.value(args, ++i, "--recheck-domains"));
                case "--cold-runs" -> cold = Integer.parseInt(LocalRun.value(args, ++i, "--cold-runs"));
                case "--only" -> sections = new LinkedHashSet<>(List.of(LocalRun.value(args, ++i, "--only").split(",")));
                case "--mail-from" -> mailFromLabel = Optional.of(LocalRun.mailFromLabel(LocalRun.value(args, ++i, "--mail-from")));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (onboard < 2 || recheck < 1 || cold < 1) {
            throw new IllegalArgumentException("need at least 2 onboard domains, 1 recheck domain and 1 cold run");
        }
        return new Options(onboard, recheck, cold, sections, mailFromLabel);
    }

    int run(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
        try (MotoServer moto = MotoServer.start()) {
            ObjectNode report = run(options, moto);
            Path file = target.resolve(reportFileName(options));
            Files.createDirectories(target);
            Files.writeString(file, json.writeValueAsString(report) + "\n");
            out.println("\nwritten to " + file.toAbsolutePath().normalize());
            return 0;
        } catch (MotoServer.UnavailableException e) {
            out.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A MAIL FROM run measures something else than the figures README shows and the baseline holds, so it has a file of
     * its own and never becomes the "previous run" of an ordinary one.
     */
    static String reportFileName(Options options) {
        return options.mailFromLabel().isPresent() ? "benchmark-mail-from.json" : "benchmark.json";
    }

    ObjectNode run(Options options, MotoServer moto) {
        ObjectNode report = json.createObjectNode();
        report.set("machine", machine());
        printMachine(report.path("machine"));
        Optional<String> mailFrom = options.mailFromLabel();
        mailFrom.ifPresent(label -> {
            report.put("mailFromLabel", label);
            out.println("MAIL FROM on: " + Settings.MAIL_FROM_LABEL + "=" + label + ", every domain's MAIL FROM domain is "
                    + label + ".<domain> (throughput and re-checks)");
        });
        String withMailFrom = mailFrom.map(label -> ", with MAIL FROM " + label + ".<domain>").orElse("");
        if (options.sections().contains("throughput")) {
            ObjectNode throughput = report.putObject("throughput");
            int sesCallsPerDomain = mailFrom.isPresent() ? 2 : 1;
            progress.step("1. throughput, paced: " + options.onboardDomains() + " domains at " + SES_LIMIT
                    + " SES call/s" + withMailFrom + " (about " + Math.round(options.onboardDomains() * sesCallsPerDomain / SES_LIMIT) + " s)");
            throughput.set("paced", throughput(moto, options.onboardDomains(), SES_LIMIT, mailFrom));
            progress.step("1. throughput, unpaced: " + options.onboardDomains() + " domains" + withMailFrom);
            throughput.set("unpaced", throughput(moto, options.onboardDomains(), UNPACED, mailFrom));
            printThroughput(throughput);
        }
        if (options.sections().contains("recheck")) {
            progress.step("2. re-checks: " + options.recheckDomains() + " domains kept Pending to the 72 h timeout" + withMailFrom);
            ObjectNode recheck = recheck(moto, options.recheckDomains(), mailFrom);
            progress.step("2. re-checks: " + options.recheckDomains() + " domains verified in one wave" + withMailFrom);
            recheck.set("verifiedWave", verifiedWave(moto, options.recheckDomains(), mailFrom));
            report.set("recheck", recheck);
            printRecheck(recheck);
        }
        if (options.sections().contains("coldstart")) {
            progress.step("3. cold start: " + options.coldRuns() + " run(s) of each variant in fresh processes");
            ObjectNode coldStart = coldStart(moto, options.coldRuns());
            report.set("coldStart", coldStart);
            printColdStart(coldStart);
        }
        if (options.sections().contains("artifact")) {
            progress.step("4. artifact: the shaded jar, by part");
            ObjectNode artifact = artifact();
            report.set("artifact", artifact);
            printArtifact(artifact);
        }
        if (mailFrom.isPresent()) {
            out.println("\nNo cost model and no targets for a MAIL FROM run: both are for onboarding without MAIL FROM (one SES call");
            out.println("and one Route 53 change per domain), and no previous run or baseline to compare this one with.");
            report.with("machine").put("loadAverageAtEnd", loadAverage());
            return report;
        }
        if (report.has("throughput") && report.has("recheck")) {
            ObjectNode cost = CostModel.per1000Domains(report);
            report.set("cost", cost);
            printCost(cost);
        }
        Map.Entry<JsonNode, String> previous = previousTargets();
        ObjectNode targets = targets(report);
        // A section not run this time keeps its previous figures, so benchmark.json always holds every target.
        previous.getKey().fields().forEachRemaining(entry -> {
            if (!targets.has(entry.getKey()) && !RETIRED_TARGET.matcher(entry.getKey()).matches()) {
                targets.set(entry.getKey(), ((ObjectNode) entry.getValue().deepCopy()).put("carriedFromPreviousRun", true));
            }
        });
        report.set("targets", targets);
        printTargets(targets, previous.getKey(), previous.getValue());
        report.with("machine").put("loadAverageAtEnd", loadAverage());
        return report;
    }

    // ---------------------------------------------------------------- machine

    private ObjectNode machine() {
        ObjectNode machine = json.createObjectNode();
        machine.put("date", DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        machine.put("cpu", cpuModel());
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memoryGiB", memoryGiB());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("benchmarkJdk", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        machine.put("loadAverageAtStart", loadAverage());
        return machine;
    }

    private void printMachine(JsonNode machine) {
        out.printf("Benchmark %s on %s, %d cores, %s GiB, %s; JDK %s; load average %s%n", machine.path("date").asText(),
                machine.path("cpu").asText(), machine.path("cores").asInt(), machine.path("memoryGiB").asText(),
                machine.path("os").asText(), machine.path("benchmarkJdk").asText(), machine.path("loadAverageAtStart").asText());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memoryGiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal"))
                    .map(line -> String.valueOf(Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0)))
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    // ---------------------------------------------------------------- 1. throughput

    /**
     * {@code domains} onboard messages, published at once, through the poll loop and the real handler on moto. A first
     * batch of {@value #WARM_UP_DOMAINS} other domains warms the JVM up and is not counted. The SES client talks to moto
     * through a {@link RecordingProxy}, which notes when each SES request arrived: that is where the SES limit applies.
     */
    ObjectNode throughput(MotoServer moto, int domains, double rate) {
        return throughput(moto, domains, rate, Optional.empty());
    }

    /** As above, with {@code MAIL_FROM_LABEL} set to {@code mailFromLabel} when there is one. */
    ObjectNode throughput(MotoServer moto, int domains, double rate, Optional<String> mailFromLabel) {
        try (RecordingProxy sesProxy = new RecordingProxy(moto.endpoint())) {
            return throughput(moto, domains, rate, mailFromLabel, sesProxy);
        }
    }

    private ObjectNode throughput(MotoServer moto, int domains, double rate, Optional<String> mailFromLabel, RecordingProxy sesProxy) {
        moto.reset();
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), new LocalEnvironment.QueueOptions(300, 5));
        // Outcome events are timed from the function's PutEvents calls; moto's slow delivery through a rule is not ours.
        local.stopCapturingOutcomes();
        local.createPublicZone("example.com");
        CallRecorder calls = new CallRecorder();
        Settings settings = Settings.from(local.functionEnvironment(rate, mailFromLabel));
        OnboardingHandler function = new OnboardingHandler(AwsWorkflowFactory.create(settings, local.credentials,
                Pacer.realTime(rate), Clock.systemUTC(),
                AwsWorkflowFactory.Options.DEFAULT.withObservers(List.of(calls)).withSesEndpoint(sesProxy.endpoint())));

        for (int i = 0; i < Math.min(WARM_UP_DOMAINS, domains); i++) {
            local.send(onboardBody("warm-up-%03d.example.com".formatted(i)));
        }
        drain(local.pollLoop(function));
        calls.clear();
        sesProxy.clear();

        for (int i = 0; i < domains; i++) {
            local.send(onboardBody("d%04d.example.com".formatted(i)));
        }
        MeasuredHandler handler = new MeasuredHandler(function);
        long start = System.nanoTime();
        int failed = drain(local.pollLoop(handler));
        long end = System.nanoTime();

        List<CallRecorder.Call> verifies = calls.calls("VerifyDomainDkim").stream()
                .sorted(Comparator.comparingLong(CallRecorder.Call::sentNanos)).toList();
        List<CallRecorder.Call> ses = calls.calls().stream().filter(call -> call.service().equalsIgnoreCase("SES"))
                .sorted(Comparator.comparingLong(CallRecorder.Call::sentNanos)).toList();
        long minGap = Long.MAX_VALUE;
        for (int i = 1; i < ses.size(); i++) {
            minGap = Math.min(minGap, ses.get(i).sentNanos() - ses.get(i - 1).sentNanos());
        }
        long firstSent = verifies.get(0).sentNanos();
        long lastSent = verifies.get(verifies.size() - 1).sentNanos();
        long lastEvent = calls.calls("PutEvents").stream().mapToLong(CallRecorder.Call::endNanos).max().orElse(end);
        Set<String> countedAtProxy = mailFromLabel.isPresent()
                ? SesRateAtProxy.RATE_LIMITED_ACTIONS_WITH_MAIL_FROM : SesRateAtProxy.RATE_LIMITED_ACTIONS;
        SesRateAtProxy atProxy = SesRateAtProxy.of(sesProxy.arrivals(), countedAtProxy);

        ObjectNode result = json.createObjectNode();
        mailFromLabel.ifPresent(label -> result.put("mailFromLabel", label));
        result.put("sesCallsPerSecondSetting", rate);
        result.put("domains", domains);
        result.put("failedMessages", failed);
        result.put("lambdaInvocations", handler.invocations());
        result.put("verifyDomainDkimCalls", verifies.size());
        result.put("sustainedDomainsPerSecond", (verifies.size() - 1) / seconds(lastSent - firstSent));
        result.put("firstSesCallToLastOutcomeDomainsPerSecond", domains / seconds(lastEvent - firstSent));
        result.put("endToEndDomainsPerSecond", domains / seconds(end - start));
        result.put("ratioToSesLimit", (verifies.size() - 1) / seconds(lastSent - firstSent) / SES_LIMIT);
        result.put("minGapBetweenSesCallsSeconds", ses.size() < 2 ? Double.NaN : seconds(minGap));
        result.put("sesRequestsAtProxy", atProxy.requests());
        result.put("sesActionsCountedAtProxy", String.join(",", new java.util.TreeSet<>(countedAtProxy)));
        result.put("minGapBetweenSesRequestsAtProxySeconds", atProxy.minGapSeconds());
        result.put("sesCallsPerSecondAtProxy", atProxy.callsPerSecond());
        result.put("ratioToSesLimitAtProxy", atProxy.callsPerSecond() / SES_LIMIT);
        result.put("sesCallsPerDomain", (double) ses.size() / domains);
        result.put("route53RequestsPerDomain", (double) calls.requests("Route53") / domains);
        result.put("handlerWallMillisPerMessage", millis(handler.wallNanos()) / handler.messages());
        result.put("handlerCpuMillisPerMessage", millis(handler.cpuNanos()) / handler.messages());
        result.put("pollLoopWallMillisPerMessage", millis(end - start) / domains);
        ObjectNode byOperation = result.putObject("awsCallsPerMessage");
        calls.calls().stream()
                .collect(Collectors.groupingBy(call -> call.service() + " " + call.operation(), TreeMap::new, Collectors.toList()))
                .forEach((operation, list) -> {
                    ObjectNode node = byOperation.putObject(operation);
                    node.put("calls", (double) list.size() / domains);
                    node.put("millis", millis(list.stream().mapToLong(CallRecorder.Call::durationNanos).sum()) / domains);
                    node.put("waitBeforeSendMillis", millis(list.stream().mapToLong(call -> call.sentNanos() - call.startNanos()).sum()) / domains);
                });
        return result;
    }

    private void printThroughput(JsonNode throughput) {
        JsonNode paced = throughput.path("paced");
        JsonNode unpaced = throughput.path("unpaced");
        // With MAIL FROM the targets do not apply (see the class comment), so the rows do not name them.
        boolean mailFrom = paced.has("mailFromLabel");
        out.printf("%n1. Onboarding throughput%s: %d domains through the poll loop and the real handler, moto_server%n",
                mailFrom ? " WITH MAIL FROM (" + Settings.MAIL_FROM_LABEL + "=" + paced.path("mailFromLabel").asText() + ")" : "",
                paced.path("domains").asInt());
        row("", "paced 1/s", "unpaced (1e6/s)");
        row("sustained domains/s (VerifyDomainDkim n-1 / first..last)", f3(paced, "sustainedDomainsPerSecond"), f3(unpaced, "sustainedDomainsPerSecond"));
        row(mailFrom ? "domains/s as a share of the 1 call/s SES limit" : "ratio to the 1 call/s SES limit (target >= 0.95)",
                f3(paced, "ratioToSesLimit"), "-");
        row("min gap between SES calls as the SDK sent them, s", f3(paced, "minGapBetweenSesCallsSeconds"), f3(unpaced, "minGapBetweenSesCallsSeconds"));
        row("min gap between SES requests at the proxy, s" + (mailFrom ? "" : " (target >= 1.000)"),
                f3(paced, "minGapBetweenSesRequestsAtProxySeconds"), f3(unpaced, "minGapBetweenSesRequestsAtProxySeconds"));
        row("SES calls/s sustained at the proxy" + (mailFrom ? "" : " (target >= 0.950)"),
                f3(paced, "sesCallsPerSecondAtProxy"), f3(unpaced, "sesCallsPerSecondAtProxy"));
        if (mailFrom) {
            out.println("     (at the proxy: " + paced.path("sesActionsCountedAtProxy").asText().replace(",", ", ") + ", paced together)");
        }
        row("SES calls per onboarded domain", f3(paced, "sesCallsPerDomain"), f3(unpaced, "sesCallsPerDomain"));
        row("Route 53 requests per onboarded domain" + (mailFrom ? "" : " (target <= 1.2)"),
                f3(paced, "route53RequestsPerDomain"), f3(unpaced, "route53RequestsPerDomain"));
        row("domains/s, first SES call to last outcome event", f3(paced, "firstSesCallToLastOutcomeDomainsPerSecond"), f3(unpaced, "firstSesCallToLastOutcomeDomainsPerSecond"));
        row("messages/s end to end (poll loop incl. receive/delete)", f3(paced, "endToEndDomainsPerSecond"), f3(unpaced, "endToEndDomainsPerSecond"));
        row("handler wall ms per message", f1(paced, "handlerWallMillisPerMessage"), f1(unpaced, "handlerWallMillisPerMessage"));
        row("handler CPU ms per message", f1(paced, "handlerCpuMillisPerMessage"), f1(unpaced, "handlerCpuMillisPerMessage"));
        row("Lambda invocations / failed messages", paced.path("lambdaInvocations").asText() + " / " + paced.path("failedMessages").asText(),
                unpaced.path("lambdaInvocations").asText() + " / " + unpaced.path("failedMessages").asText());
        out.println("   where the unpaced handler's time goes, per message (AWS calls against moto on loopback):");
        unpaced.path("awsCallsPerMessage").fields().forEachRemaining(entry -> out.printf("     %-46s %4.1f calls %7.2f ms%n",
                entry.getKey(), entry.getValue().path("calls").asDouble(), entry.getValue().path("millis").asDouble()));
        double inAws = 0;
        for (JsonNode call : unpaced.path("awsCallsPerMessage")) {
            inAws += call.path("millis").asDouble();
        }
        out.printf("     %-46s %18.2f ms (JSON, logging, SDK marshalling outside calls)%n", "handler outside AWS calls",
                unpaced.path("handlerWallMillisPerMessage").asDouble() - inAws);
    }

    private static String onboardBody(String domain) {
        return "{\"action\":\"onboard\",\"domain\":\"" + domain + "\"}";
    }

    /** Polls until the queue has nothing visible; returns how many messages the handler reported as failed. */
    private int drain(SqsPollLoop loop) {
        int failed = 0;
        int handled = 0;
        while (true) {
            SqsPollLoop.Poll poll = loop.pollOnce();
            if (poll.idle()) {
                return failed;
            }
            failed += poll.failedMessageIds().size();
            handled += poll.received().size();
            int soFar = handled;
            progress.tick(() -> soFar + " message(s) handled");
        }
    }

    // ---------------------------------------------------------------- 2. re-checks

    /**
     * {@code domains} domains onboarded at one instant of a fast-forward clock, so their first re-checks fall due
     * together; then every due schedule is fired at once, wave after wave, until none is left. moto reports Success at
     * once, so a {@link PendingSeam} keeps every domain Pending: the lifecycle runs to the 72-hour timeout, the longest
     * there is. SES pacing is off (it changes when calls happen, not how many there are).
     */
    ObjectNode recheck(MotoServer moto, int domains) {
        return recheck(moto, domains, Optional.empty());
    }

    /**
     * As above, with {@code MAIL_FROM_LABEL} set to {@code mailFromLabel} when there is one: moto reports every MAIL FROM
     * domain as Success at once, so the domains stay pending on DKIM alone and every wave asks for both statuses.
     */
    ObjectNode recheck(MotoServer moto, int domains, Optional<String> mailFromLabel) {
        moto.reset();
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), new LocalEnvironment.QueueOptions(300, 5));
        local.createPublicZone("example.com");
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        FastForwardClock clock = new FastForwardClock(start);
        CallRecorder calls = new CallRecorder();
        Settings settings = Settings.from(local.functionEnvironment(UNPACED, mailFromLabel));
        MeasuredHandler handler = new MeasuredHandler(new OnboardingHandler(AwsWorkflowFactory.create(settings,
                local.credentials, Pacer.realTime(UNPACED), clock,
                AwsWorkflowFactory.Options.DEFAULT.withObservers(List.of(calls, new PendingSeam(Integer.MAX_VALUE))))));
        SqsPollLoop loop = local.pollLoop(handler);
        ScheduleFirer firer = local.scheduleFirer();

        for (int i = 0; i < domains; i++) {
            local.send(onboardBody("r%05d.example.com".formatted(i)));
        }
        int failed = drain(loop);
        ObjectNode result = json.createObjectNode();
        mailFromLabel.ifPresent(label -> result.put("mailFromLabel", label));
        result.put("domains", domains);
        ObjectNode onboarding = result.putObject("onboarding");
        onboarding.put("lambdaInvocations", handler.invocations());
        onboarding.put("verifyDomainDkimCalls", calls.count("VerifyDomainDkim"));
        onboarding.put("setIdentityMailFromDomainCalls", calls.count("SetIdentityMailFromDomain"));
        onboarding.put("schedulesCreated", calls.count("CreateSchedule"));
        onboarding.put("putEventsCalls", calls.count("PutEvents"));
        onboarding.put("route53Requests", calls.requests("Route53"));

        ArrayNode waves = result.putArray("waves");
        long statusCalls = 0;
        long dkimStatusCalls = 0;
        long schedulesFired = 0;
        long recheckInvocations = 0;
        long recheckRoute53Requests = 0;
        while (true) {
            Optional<Instant> due = firer.nextDue();
            if (due.isEmpty()) {
                break;
            }
            clock.advanceTo(due.get());
            calls.clear();
            long invocationsBefore = handler.invocations();
            long wallBefore = handler.wallNanos();
            List<ScheduleFirer.Fired> fired = firer.fireDue(clock.instant());
            int domainsDue = fired.stream().mapToInt(schedule -> readJson(schedule.input()).path("domains").size()).sum();
            progress.step("   wave " + (waves.size() + 1) + ": " + domainsDue + " domain(s) due "
                    + Duration.between(start, due.get()) + " after onboarding");
            failed += drain(loop);
            ObjectNode wave = waves.addObject();
            wave.put("wave", waves.size());
            wave.put("dueAfterStart", Duration.between(start, due.get()).toString());
            wave.put("schedulesFired", fired.size());
            wave.put("domainsDue", domainsDue);
            wave.put("lambdaInvocations", handler.invocations() - invocationsBefore);
            wave.put("getIdentityDkimAttributesCalls", calls.count("GetIdentityDkimAttributes"));
            wave.put("getIdentityMailFromDomainAttributesCalls", calls.count("GetIdentityMailFromDomainAttributes"));
            wave.put("sesStatusCalls", statusCalls(calls));
            wave.put("targetCalls", (domainsDue + 99) / 100);
            wave.put("schedulesCreated", calls.count("CreateSchedule"));
            wave.put("putEventsCalls", calls.count("PutEvents"));
            wave.put("handlerWallMillisUnpaced", millis(handler.wallNanos() - wallBefore));
            statusCalls += statusCalls(calls);
            dkimStatusCalls += calls.count("GetIdentityDkimAttributes");
            schedulesFired += fired.size();
            recheckInvocations += handler.invocations() - invocationsBefore;
            recheckRoute53Requests += calls.requests("Route53");
        }
        result.put("failedMessages", failed);
        ObjectNode lifecycle = result.putObject("lifecycle");
        lifecycle.put("recheckWaves", waves.size());
        lifecycle.put("getIdentityDkimAttributesCalls", dkimStatusCalls);
        lifecycle.put("sesStatusCalls", statusCalls);
        lifecycle.put("schedulesFired", schedulesFired);
        lifecycle.put("recheckLambdaInvocations", recheckInvocations);
        long onboardingSesCalls = onboarding.path("verifyDomainDkimCalls").asLong() + onboarding.path("setIdentityMailFromDomainCalls").asLong();
        lifecycle.put("sesCallsPerDomainUntilTimeout", (double) (onboardingSesCalls + statusCalls) / domains);
        lifecycle.put("route53RequestsPerOnboardedDomain", onboarding.path("route53Requests").asDouble() / domains);
        lifecycle.put("route53RequestsPerDomainUntilTimeout",
                (double) (onboarding.path("route53Requests").asLong() + recheckRoute53Requests) / domains);
        // A domain verified at re-check k costs its onboarding call plus its share of the first k waves.
        ObjectNode verifiedAt = lifecycle.putObject("sesCallsPerDomainIfVerifiedAtRecheck");
        long cumulative = onboardingSesCalls;
        for (JsonNode wave : waves) {
            cumulative += wave.path("sesStatusCalls").asLong();
            verifiedAt.put(wave.path("wave").asText(), (double) cumulative / domains);
        }
        return result;
    }

    /** The SES status calls of a re-check wave: DKIM's, and MAIL FROM's beside them for domains that have one. */
    private static long statusCalls(CallRecorder calls) {
        return calls.count("GetIdentityDkimAttributes") + calls.count("GetIdentityMailFromDomainAttributes");
    }

    /**
     * {@code domains} domains onboarded together, all verified at their first re-check (moto reports Success): the
     * {@code PutEvents} requests and the wall time of that one wave, in which every domain is announced.
     */
    ObjectNode verifiedWave(MotoServer moto, int domains) {
        return verifiedWave(moto, domains, Optional.empty());
    }

    /** As above, with {@code MAIL_FROM_LABEL} set to {@code mailFromLabel} when there is one. */
    ObjectNode verifiedWave(MotoServer moto, int domains, Optional<String> mailFromLabel) {
        moto.reset();
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), new LocalEnvironment.QueueOptions(300, 5));
        local.stopCapturingOutcomes();
        local.createPublicZone("example.com");
        FastForwardClock clock = new FastForwardClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        CallRecorder calls = new CallRecorder();
        Settings settings = Settings.from(local.functionEnvironment(UNPACED, mailFromLabel));
        MeasuredHandler handler = new MeasuredHandler(new OnboardingHandler(AwsWorkflowFactory.create(settings,
                local.credentials, Pacer.realTime(UNPACED), clock, AwsWorkflowFactory.Options.DEFAULT.withObservers(List.of(calls)))));
        SqsPollLoop loop = local.pollLoop(handler);
        ScheduleFirer firer = local.scheduleFirer();
        for (int i = 0; i < domains; i++) {
            local.send(onboardBody("v%05d.example.com".formatted(i)));
        }
        int failed = drain(loop);
        clock.advanceTo(firer.nextDue().orElseThrow());
        calls.clear();
        long invocationsBefore = handler.invocations();
        long wallBefore = handler.wallNanos();
        long start = System.nanoTime();
        List<ScheduleFirer.Fired> fired = firer.fireDue(clock.instant());
        failed += drain(loop);
        long end = System.nanoTime();
        ObjectNode wave = json.createObjectNode();
        wave.put("domains", domains);
        wave.put("schedulesFired", fired.size());
        wave.put("lambdaInvocations", handler.invocations() - invocationsBefore);
        wave.put("putEventsCalls", calls.count("PutEvents"));
        wave.put("putEventsCallsPer1000Domains", calls.count("PutEvents") * 1000.0 / domains);
        wave.put("getIdentityDkimAttributesCalls", calls.count("GetIdentityDkimAttributes"));
        wave.put("getIdentityMailFromDomainAttributesCalls", calls.count("GetIdentityMailFromDomainAttributes"));
        wave.put("handlerWallSeconds", seconds(handler.wallNanos() - wallBefore));
        wave.put("waveWallSeconds", seconds(end - start));
        wave.put("putEventsMillis", millis(calls.calls("PutEvents").stream().mapToLong(CallRecorder.Call::durationNanos).sum()));
        wave.put("failedMessages", failed);
        return wave;
    }

    private void printRecheck(JsonNode recheck) {
        int domains = recheck.path("domains").asInt();
        if (recheck.has("mailFromLabel")) {
            printRecheckWithMailFrom(recheck);
            return;
        }
        out.printf("%n2. Re-check efficiency: %d domains onboarded together, every domain kept Pending until the 72 h timeout%n", domains);
        JsonNode onboarding = recheck.path("onboarding");
        out.printf("   onboarding: %d VerifyDomainDkim calls, %d Lambda invocations, %d first re-check schedules created%n",
                onboarding.path("verifyDomainDkimCalls").asInt(), onboarding.path("lambdaInvocations").asInt(),
                onboarding.path("schedulesCreated").asInt());
        out.printf("   %-5s %-12s %10s %8s %11s %16s %13s %10s%n", "wave", "due after", "schedules", "domains",
                "invocations", "SES status calls", "target <=", "schedules");
        out.printf("   %-5s %-12s %10s %8s %11s %16s %13s %10s%n", "", "onboarding", "fired", "due", "", "", "ceil(n/100)", "created");
        for (JsonNode wave : recheck.path("waves")) {
            out.printf("   %-5d %-12s %10d %8d %11d %16d %13d %10d%n", wave.path("wave").asInt(),
                    wave.path("dueAfterStart").asText().substring(2).toLowerCase(Locale.ROOT),
                    wave.path("schedulesFired").asInt(), wave.path("domainsDue").asInt(), wave.path("lambdaInvocations").asInt(),
                    wave.path("getIdentityDkimAttributesCalls").asInt(), wave.path("targetCalls").asInt(),
                    wave.path("schedulesCreated").asInt());
        }
        JsonNode lifecycle = recheck.path("lifecycle");
        out.printf("   lifecycle to timeout: %d waves, %d status calls, %d schedules fired; SES calls per domain %.3f%n",
                lifecycle.path("recheckWaves").asInt(), lifecycle.path("getIdentityDkimAttributesCalls").asInt(),
                lifecycle.path("schedulesFired").asInt(), lifecycle.path("sesCallsPerDomainUntilTimeout").asDouble());
        printRecheckTail(recheck);
    }

    /** The re-check table with both status calls per wave, and without the targets, which are for DKIM alone. */
    private void printRecheckWithMailFrom(JsonNode recheck) {
        int domains = recheck.path("domains").asInt();
        out.printf("%n2. Re-check efficiency WITH MAIL FROM (%s=%s): %d domains onboarded together, every domain kept Pending"
                + " until the 72 h timeout%n", Settings.MAIL_FROM_LABEL, recheck.path("mailFromLabel").asText(), domains);
        JsonNode onboarding = recheck.path("onboarding");
        out.printf("   onboarding: %d VerifyDomainDkim and %d SetIdentityMailFromDomain calls, %d Lambda invocations,"
                        + " %d first re-check schedules created%n", onboarding.path("verifyDomainDkimCalls").asInt(),
                onboarding.path("setIdentityMailFromDomainCalls").asInt(), onboarding.path("lambdaInvocations").asInt(),
                onboarding.path("schedulesCreated").asInt());
        out.printf("   %-5s %-12s %10s %8s %11s %10s %10s %10s %12s %10s%n", "wave", "due after", "schedules", "domains",
                "invocations", "DKIM", "MAIL FROM", "SES calls", "SES calls", "schedules");
        out.printf("   %-5s %-12s %10s %8s %11s %10s %10s %10s %12s %10s%n", "", "onboarding", "fired", "due", "",
                "status", "status", "", "per 100 dom.", "created");
        for (JsonNode wave : recheck.path("waves")) {
            out.printf(Locale.ROOT, "   %-5d %-12s %10d %8d %11d %10d %10d %10d %12.2f %10d%n", wave.path("wave").asInt(),
                    wave.path("dueAfterStart").asText().substring(2).toLowerCase(Locale.ROOT),
                    wave.path("schedulesFired").asInt(), wave.path("domainsDue").asInt(), wave.path("lambdaInvocations").asInt(),
                    wave.path("getIdentityDkimAttributesCalls").asInt(), wave.path("getIdentityMailFromDomainAttributesCalls").asInt(),
                    wave.path("sesStatusCalls").asInt(), wave.path("sesStatusCalls").asDouble() * 100 / wave.path("domainsDue").asDouble(),
                    wave.path("schedulesCreated").asInt());
        }
        JsonNode lifecycle = recheck.path("lifecycle");
        out.printf("   lifecycle to timeout: %d waves, %d SES status calls (%d DKIM), %d schedules fired; SES calls per domain %.3f%n",
                lifecycle.path("recheckWaves").asInt(), lifecycle.path("sesStatusCalls").asInt(),
                lifecycle.path("getIdentityDkimAttributesCalls").asInt(), lifecycle.path("schedulesFired").asInt(),
                lifecycle.path("sesCallsPerDomainUntilTimeout").asDouble());
        printRecheckTail(recheck);
    }

    private void printRecheckTail(JsonNode recheck) {
        boolean mailFrom = recheck.has("mailFromLabel");
        JsonNode lifecycle = recheck.path("lifecycle");
        out.printf("   Route 53 requests per onboarded domain %.3f%s; per domain to timeout, re-checks included %.3f%n",
                lifecycle.path("route53RequestsPerOnboardedDomain").asDouble(), mailFrom ? "" : " (target <= 1.2)",
                lifecycle.path("route53RequestsPerDomainUntilTimeout").asDouble());
        StringBuilder verified = new StringBuilder();
        lifecycle.path("sesCallsPerDomainIfVerifiedAtRecheck").fields().forEachRemaining(entry ->
                verified.append(verified.length() == 0 ? "" : ", ").append(entry.getKey()).append(": ")
                        .append(String.format(Locale.ROOT, "%.2f", entry.getValue().asDouble())));
        out.println("   SES calls per domain if verified at re-check k (k: calls): " + verified);
        JsonNode wave = recheck.path("verifiedWave");
        if (!wave.isMissingNode()) {
            out.printf("   a wave verifying %d domains: %d PutEvents calls (%.0f per 1,000 domains%s, %.0f ms in them), "
                            + "%d GetIdentityDkimAttributes calls%s, %d invocation(s), wave wall time %.2f s (handler %.2f s)%n",
                    wave.path("domains").asInt(), wave.path("putEventsCalls").asInt(), wave.path("putEventsCallsPer1000Domains").asDouble(),
                    mailFrom ? "" : ", target <= 100", wave.path("putEventsMillis").asDouble(),
                    wave.path("getIdentityDkimAttributesCalls").asInt(),
                    mailFrom ? " and " + wave.path("getIdentityMailFromDomainAttributesCalls").asInt()
                            + " GetIdentityMailFromDomainAttributes calls" : "",
                    wave.path("lambdaInvocations").asInt(), wave.path("waveWallSeconds").asDouble(), wave.path("handlerWallSeconds").asDouble());
        }
    }

    private JsonNode readJson(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- 3. cold start

    /** The handler string of the floor: a function that does nothing, on the same runtime. */
    static final String EMPTY_HANDLER = EmptyHandler.class.getName() + "::handleRequest";
    static final Duration COLD_RUN_TIMEOUT = Duration.ofSeconds(120);

    /** One cold run of a variant on {@code event} (an SQS event file): its figures, or an exception saying what failed. */
    interface ColdRun {
        ObjectNode run(Path event);
    }

    /** One way of starting the onboarding path cold, and what it runs on. */
    record Variant(String name, String version, ColdRun run) {
    }

    /**
     * Each variant in a fresh process, {@code runs} rounds, round-robin so that load on the machine spreads over all of
     * them; each run onboards its own domain against moto. The function runs through the runtime tier
     * ({@link LambdaJavaRuntime}: Lambda's runtime client on JDK 25 from an extracted task root), on demand and with
     * SnapStart's initialisation; the Python peer from its process start to its first answer. A variant that cannot run
     * here, or a run that fails, is reported as such and the others go on.
     */
    ObjectNode coldStart(MotoServer moto, int runs) {
        return coldStart(moto, runs, name -> true);
    }

    /** As above, for the variants whose names {@code which} accepts. */
    ObjectNode coldStart(MotoServer moto, int runs, Predicate<String> which) {
        moto.reset();
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), LocalEnvironment.QueueOptions.AS_DEPLOYED);
        local.createPublicZone("example.com");
        Map<String, String> notRun = new LinkedHashMap<>();
        // Unpaced: the first batch makes two SES calls, and at the limit the second would wait out most of a second, which
        // is the pacer's doing (the throughput section's subject), not the cold start's. The peer makes one, unpaced.
        List<Variant> variants = coldStartVariants(local.functionEnvironment(UNPACED), which, notRun);
        Map<String, List<JsonNode>> results = new LinkedHashMap<>();
        Path events = target.resolve("benchmark-events");
        for (int round = 1; round <= runs; round++) {
            progress.step("   round " + round + " of " + runs + ": " + variants.size() + " variant(s)");
            for (Variant variant : variants) {
                String domain = "cold-%d-%s.example.com".formatted(round, variant.name().replaceAll("[^a-z0-9]", ""));
                results.computeIfAbsent(variant.name(), name -> new ArrayList<>()).add(coldRun(variant, writeEvent(events, domain)));
            }
        }

        ObjectNode result = json.createObjectNode();
        result.put("runsPerVariant", runs);
        result.put("sesPacing", "off");
        result.put("jvmFlags", String.join(" ", LambdaJavaRuntime.jvmFlags()) + " + JAVA_TOOL_OPTIONS="
                + DeployedFunction.JAVA_TOOL_OPTIONS);
        result.set("medians", coldStartMedians(results));
        result.set("ratios", coldStartRatios(result.path("medians")));
        ObjectNode skipped = result.putObject("notRun");
        notRun.forEach(skipped::put);
        ArrayNode raw = result.putArray("runs");
        results.forEach((name, list) -> list.forEach(run -> raw.add(((ObjectNode) run.deepCopy()).put("variant", name))));
        return result;
    }

    private ObjectNode coldRun(Variant variant, Path event) {
        try {
            return variant.run().run(event).put("version", variant.version());
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            progress.step("   " + variant.name() + " failed: " + message.lines().findFirst().orElse(e.toString()));
            // The function's whole output follows the first line; the report keeps enough of it to tell why.
            return json.createObjectNode().put("failures", 1).put("version", variant.version())
                    .put("error", message.length() > 4_000 ? message.substring(0, 4_000) + "…" : message);
        }
    }

    private ObjectNode coldStartMedians(Map<String, List<JsonNode>> results) {
        ObjectNode medians = json.createObjectNode();
        results.forEach((name, list) -> {
            ObjectNode node = medians.putObject(name);
            node.put("version", list.get(0).path("version").asText());
            for (String field : List.of("spawnToFirstBatchDoneMillis", "initMillis", "firstBatchMillis", "importMillis")) {
                List<Double> values = list.stream().filter(run -> run.has(field)).map(run -> run.path(field).asDouble()).sorted().toList();
                if (!values.isEmpty()) {
                    node.put(field, median(values));
                }
            }
            node.put("failedRuns", list.stream().filter(run -> run.path("failures").asInt(1) != 0).count());
            list.stream().filter(run -> run.has("error")).findFirst()
                    .ifPresent(run -> node.put("firstError", run.path("error").asText().lines().findFirst().orElse("")));
        });
        return medians;
    }

    private ObjectNode coldStartRatios(JsonNode medians) {
        ObjectNode ratios = json.createObjectNode();
        JsonNode peer = medians.path("python-boto3");
        ratio(ratios, "runtime-on-demand/python-boto3, spawn to first batch done", medians.path("runtime-on-demand"), peer,
                "spawnToFirstBatchDoneMillis");
        ratio(ratios, "runtime-on-demand/python-boto3, first batch", medians.path("runtime-on-demand"), peer, "firstBatchMillis");
        ratio(ratios, "runtime-snapstart/python-boto3, primed first batch", medians.path("runtime-snapstart"), peer,
                "firstBatchMillis");
        ratio(ratios, "runtime-on-demand/runtime-empty-handler, spawn to first batch done", medians.path("runtime-on-demand"),
                medians.path("runtime-empty-handler"), "spawnToFirstBatchDoneMillis");
        return ratios;
    }

    private static void ratio(ObjectNode ratios, String name, JsonNode variant, JsonNode base, String field) {
        if (variant.has(field) && base.path(field).asDouble() > 0) {
            ratios.put(name, variant.path(field).asDouble() / base.path(field).asDouble());
        }
    }

    /** The variants {@code which} accepts that can run here; each that cannot goes to {@code notRun} with the reason. */
    private List<Variant> coldStartVariants(Map<String, String> functionEnvironment, Predicate<String> which,
                                            Map<String, String> notRun) {
        Path jar = target.resolve("dkim-onboarding-lambda.jar");
        // Suppliers, so that nothing is prepared for a variant left out or unable to run.
        Map<String, Supplier<Variant>> runs = new LinkedHashMap<>();
        runs.put("runtime-on-demand", () -> new Variant("runtime-on-demand", runtimeVersion(), event -> throughRuntime(jar,
                DeployedFunction.HANDLER, Initialization.ON_DEMAND, event, functionEnvironment)));
        runs.put("runtime-snapstart", () -> new Variant("runtime-snapstart", runtimeVersion(), event -> throughRuntime(jar,
                DeployedFunction.HANDLER, Initialization.SNAP_START, event, functionEnvironment)));
        runs.put("runtime-empty-handler", () -> new Variant("runtime-empty-handler", runtimeVersion(),
                emptyHandlerRun(functionEnvironment)));
        runs.put("python-boto3", () -> pythonVariant(functionEnvironment));
        Optional<String> runtimeMissing = runtimeMissing(jar);
        List<Variant> variants = new ArrayList<>();
        runs.forEach((name, variant) -> {
            if (!which.test(name)) {
                return;
            }
            if (name.startsWith("runtime-") && runtimeMissing.isPresent()) {
                notRun.put(name, runtimeMissing.get());
                return;
            }
            try {
                variants.add(variant.get());
            } catch (RuntimeException e) {
                notRun.put(name, String.valueOf(e.getMessage()));
            }
        });
        return variants;
    }

    /** Why the runtime tier cannot run here (no jar, no JDK 25), if it cannot. */
    private static Optional<String> runtimeMissing(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return Optional.of(jar + " is missing: run the benchmark after package (see docs/performance.md, Performance)");
        }
        try {
            return RuntimeJdk.find().isPresent() ? Optional.empty() : Optional.of(RuntimeJdk.missingMessage());
        } catch (IllegalStateException e) {
            return Optional.of(e.getMessage());
        }
    }

    private String runtimeVersion() {
        return version(RuntimeJdk.java().toString()) + ", " + jarName(AWSLambda.class);
    }

    /**
     * One cold start through the runtime tier. The runtime asks for the event only once its init is done, and the
     * benchmark hands it over after {@link LambdaJavaRuntime#start} returned; Lambda has the event waiting, so that
     * hand-off is left out: spawn to first batch done is init plus the function's time for the batch.
     */
    private ObjectNode throughRuntime(Path jar, String handler, Initialization initialization, Path event,
                                      Map<String, String> functionEnvironment) {
        try (LambdaJavaRuntime runtime = LambdaJavaRuntime.start(jar, handler, functionEnvironment, initialization, line -> {
        })) {
            RuntimeApiServer.Answer answer = runtime.invoke(readString(event), COLD_RUN_TIMEOUT);
            if (answer.error() || !runtime.api().restoreErrors().isEmpty()) {
                throw new IllegalStateException("the function failed its first batch: " + answer.errorType() + " "
                        + answer.payload() + " " + runtime.api().restoreErrors() + "\n--- function output ---\n" + runtime.output());
            }
            double init = millis(runtime.initDuration().toNanos());
            double batch = millis(answer.duration().toNanos());
            return json.createObjectNode()
                    .put("failures", readJson(answer.payload()).path("batchItemFailures").size())
                    .put("initMillis", init)
                    .put("firstBatchMillis", batch)
                    .put("spawnToFirstBatchDoneMillis", init + batch);
        }
    }

    /**
     * The floor: a handler that does nothing, in a jar of its own as a deployment package would hold it (its class, the
     * events library its signature names and the Joda-Time the runtime's SQS event serializer needs), started by the
     * same runtime with the same settings.
     */
    private ColdRun emptyHandlerRun(Map<String, String> functionEnvironment) {
        Path jar = target.resolve("empty-handler").resolve("empty-handler.jar");
        try {
            Files.createDirectories(jar.getParent());
            try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
                String handlerEntry = EmptyHandler.class.getName().replace('.', '/') + ".class";
                out.putNextEntry(new java.util.zip.ZipEntry(handlerEntry));
                try (var in = EmptyHandler.class.getClassLoader().getResourceAsStream(handlerEntry)) {
                    in.transferTo(out);
                }
                copyClasses(Path.of(LambdaJavaRuntime.jarOf(SQSEvent.class)), out);
                copyClasses(Path.of(LambdaJavaRuntime.jarOf(org.joda.time.DateTime.class)), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the empty handler's jar " + jar, e);
        }
        return event -> throughRuntime(jar, EMPTY_HANDLER, Initialization.ON_DEMAND, event, functionEnvironment);
    }

    private static void copyClasses(Path library, java.util.jar.JarOutputStream out) throws IOException {
        try (var zip = new java.util.zip.ZipFile(library.toFile())) {
            for (var entry : zip.stream().filter(entry -> entry.getName().endsWith(".class")).toList()) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                try (var in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
            }
        }
    }

    private static String jarName(Class<?> type) {
        return Path.of(LambdaJavaRuntime.jarOf(type)).getFileName().toString().replaceFirst("\\.jar$", "");
    }

    /** The Python peer, with the access keys the runtime tier gives the function itself. */
    private Variant pythonVariant(Map<String, String> functionEnvironment) {
        String python = pythonExecutable();
        Map<String, String> environment = new LinkedHashMap<>(functionEnvironment);
        environment.put("AWS_ACCESS_KEY_ID", "testing");
        environment.put("AWS_SECRET_ACCESS_KEY", "testing");
        return new Variant("python-boto3", version(python),
                event -> launch("python-boto3", List.of(python, peerScript.toString(), event.toString()), environment));
    }

    /** The interpreter itself, not a version manager's shim script in front of it, which would add its own start-up. */
    private static String pythonExecutable() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").redirectErrorStream(true).start();
            String path = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.waitFor() != 0 || path.isEmpty()) {
                throw new IllegalStateException("python3 did not run: " + path);
            }
            return path;
        } catch (IOException e) {
            throw new IllegalStateException("python3 (with boto3) is needed for the cold-start peer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path writeEvent(Path directory, String domain) {
        try {
            Files.createDirectories(directory);
            String event = Files.readString(target.resolve("test-classes/events/onboard.json"))
                    .replace("mail.example.com", domain);
            Path file = directory.resolve(domain + ".json");
            Files.writeString(file, event);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A process that prints its figures as a JSON line, timed from just before it is started to its own "done" instant. */
    private ObjectNode launch(String name, List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            Instant spawned = Instant.now();
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed:\n" + output);
            }
            String summary = output.lines().filter(line -> line.contains("\"doneEpochMicros\"")).reduce((first, last) -> last)
                    .orElseThrow(() -> new IllegalStateException(name + " printed no summary:\n" + output));
            ObjectNode result = (ObjectNode) readJson(summary);
            long spawnedMicros = spawned.getEpochSecond() * 1_000_000 + spawned.getNano() / 1_000;
            result.put("spawnToFirstBatchDoneMillis", (result.path("doneEpochMicros").asLong() - spawnedMicros) / 1000.0);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private final Map<String, String> versions = new LinkedHashMap<>();

    private String version(String executable) {
        return versions.computeIfAbsent(executable, path -> {
            try {
                boolean python = !path.endsWith("java");
                Process process = new ProcessBuilder(python
                        ? List.of(path, "-c", "import sys, boto3; print('Python', sys.version.split()[0], 'boto3', boto3.__version__)")
                        : List.of(path, "-version")).redirectErrorStream(true).start();
                List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                process.waitFor();
                return python ? lines.get(lines.size() - 1) : lines.stream().filter(line -> line.contains("Runtime Environment"))
                        .findFirst().orElse(lines.get(0)).replace("Runtime Environment ", "");
            } catch (IOException e) {
                return "unknown";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        });
    }

    private void printColdStart(JsonNode coldStart) {
        out.printf("%n3. Cold start through the runtime tier: Lambda's runtime client (%s) on JDK %d from the jar extracted into"
                + " a task root,%n   one onboard message against moto, SES pacing off, median of %d runs%n", jarName(AWSLambda.class),
                DeployedFunction.JAVA_FEATURE_VERSION, coldStart.path("runsPerVariant").asInt());
        out.println("   JVM flags (Lambda's bootstrap for " + DeployedFunction.MEMORY_MB + " MB): " + coldStart.path("jvmFlags").asText());
        out.printf("   %-22s %12s %10s %12s  %s%n", "variant", "spawn->done", "init", "first batch", "runs on");
        coldStart.path("medians").fields().forEachRemaining(entry -> {
            JsonNode node = entry.getValue();
            double init = node.path("importMillis").asDouble() + node.path("initMillis").asDouble();
            out.printf("   %-22s %9.0f ms %7.0f ms %9.0f ms  %s%s%n", entry.getKey(), node.path("spawnToFirstBatchDoneMillis").asDouble(),
                    init, node.path("firstBatchMillis").asDouble(), node.path("version").asText(), failedRuns(node));
        });
        coldStart.path("notRun").fields().forEachRemaining(entry ->
                out.printf("   %-22s not run: %s%n", entry.getKey(), entry.getValue().asText()));
        coldStart.path("ratios").fields().forEachRemaining(entry -> out.printf("   ratio %-66s %.2f%n", entry.getKey(), entry.getValue().asDouble()));
        out.println("   init: process start to the runtime's first request for an event (JVM start, the runtime client, the handler's");
        out.println("     class loading and constructor); runtime-snapstart: also the before-checkpoint hooks with the handler's priming,");
        out.println("     restore/next and the after-restore hooks. Python: its imports and clients.");
        out.println("   first batch: the event handed to the runtime to its answer received. runtime-snapstart's is the SnapStart-primed");
        out.println("     first batch: what a function restored from its snapshot pays (the restore itself is Lambda's, not measured here).");
        out.println("   spawn->done: init + first batch (Lambda has the event waiting; the benchmark's hand-off is left out); Python: its");
        out.println("     process start to its first answer. runtime-empty-handler: a handler that does nothing, the floor of this runtime.");
    }

    private static String failedRuns(JsonNode median) {
        int failed = median.path("failedRuns").asInt();
        return failed == 0 ? "" : "  (" + failed + " run(s) failed" + (median.has("firstError") ? ": " + median.path("firstError").asText() : "") + ")";
    }

    // ---------------------------------------------------------------- 4. artifact

    ObjectNode artifact() {
        Path jar = target.resolve("dkim-onboarding-lambda.jar");
        ObjectNode result = json.createObjectNode();
        try {
            JarComposition composition = JarComposition.of(jar, target.resolve("runtime-classpath.txt"));
            result.put("jar", jar.getFileName().toString());
            result.put("bytes", composition.bytes());
            result.put("megabytes", composition.bytes() / 1_000_000.0);
            result.put("entries", composition.entries());
            ObjectNode contributions = result.putObject("contributionsKilobytes");
            composition.contributions().forEach((artifact, bytes) -> contributions.put(artifact, Math.round(bytes / 1000.0)));
            Path tree = target.resolve("runtime-dependency-tree.txt");
            result.put("dependencyTree", Files.exists(tree) ? Files.readString(tree) : "(run package first: " + tree + " is missing)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    private void printArtifact(JsonNode artifact) {
        out.printf("%n4. Artifact: %s, %.1f MB (%d bytes, %d entries; target <= 12 MB)%n", artifact.path("jar").asText(),
                artifact.path("megabytes").asDouble(), artifact.path("bytes").asLong(), artifact.path("entries").asInt());
        out.println("   what each runtime dependency adds to the jar (compressed size plus its zip entry headers):");
        artifact.path("contributionsKilobytes").fields().forEachRemaining(entry -> {
            if (entry.getValue().asLong() >= 40) {
                out.printf("     %7d kB  %s%n", entry.getValue().asLong(), entry.getKey());
            }
        });
        out.println("     (smaller ones in benchmark.json)");
        out.println("   dependency tree (runtime scope):");
        artifact.path("dependencyTree").asText().lines().forEach(line -> out.println("     " + line));
    }

    // ---------------------------------------------------------------- 5. cost

    private void printCost(JsonNode cost) {
        out.printf("%n5. Cost model per 1,000 onboarded domains (us-east-1 list prices, assumptions in docs/performance.md, Performance)%n");
        out.printf("   %-58s %14s %12s%n", "item", "quantity", "USD");
        cost.path("items").forEach(item -> out.printf("   %-58s %14s %12.5f%n", item.path("item").asText(),
                item.path("quantity").asText(), item.path("usd").asDouble()));
        out.printf("   %-58s %14s %12.5f%n", "total", "", cost.path("totalUsd").asDouble());
    }

    // ---------------------------------------------------------------- targets

    private ObjectNode targets(JsonNode report) {
        ObjectNode targets = json.createObjectNode();
        if (report.has("throughput")) {
            JsonNode paced = report.path("throughput").path("paced");
            target(targets, "onboarding at >= 0.95 of the SES limit", paced.path("ratioToSesLimit").asDouble() >= 0.95,
                    f3(paced, "ratioToSesLimit"));
            target(targets, "SES requests >= 1 s apart at the proxy", paced.path("minGapBetweenSesRequestsAtProxySeconds").asDouble() >= 1.0 / SES_LIMIT,
                    f3(paced, "minGapBetweenSesRequestsAtProxySeconds") + " s");
            target(targets, "SES calls/s at the proxy >= 0.95 of the limit", paced.path("ratioToSesLimitAtProxy").asDouble() >= 0.95,
                    f3(paced, "sesCallsPerSecondAtProxy") + " calls/s");
            target(targets, "Route 53 requests per onboarded domain <= 1.2", paced.path("route53RequestsPerDomain").asDouble() <= 1.2,
                    f3(paced, "route53RequestsPerDomain"));
        }
        if (report.has("recheck")) {
            boolean everyWave = true;
            StringBuilder calls = new StringBuilder();
            for (JsonNode wave : report.path("recheck").path("waves")) {
                everyWave &= wave.path("getIdentityDkimAttributesCalls").asInt() <= wave.path("targetCalls").asInt();
                calls.append(calls.length() == 0 ? "" : ",").append(wave.path("getIdentityDkimAttributesCalls").asInt());
            }
            target(targets, "status calls per wave <= ceil(n/100)", everyWave, "calls per wave " + calls);
        }
        if (report.has("recheck") && report.path("recheck").has("verifiedWave")) {
            JsonNode wave = report.path("recheck").path("verifiedWave");
            target(targets, "PutEvents calls per 1,000 domains verified in one wave <= 100",
                    wave.path("putEventsCallsPer1000Domains").asDouble() <= 100, String.format(Locale.ROOT, "%.0f (wave %.2f s)",
                            wave.path("putEventsCallsPer1000Domains").asDouble(), wave.path("waveWallSeconds").asDouble()));
        }
        if (report.has("coldStart")) {
            coldStartTargets(targets, report.path("coldStart").path("medians"));
        }
        if (report.has("artifact")) {
            double megabytes = report.path("artifact").path("megabytes").asDouble();
            target(targets, "shaded jar <= 12 MB", megabytes <= 12.0, String.format(Locale.ROOT, "%.1f MB", megabytes));
        }
        return targets;
    }

    /** Through the runtime tier: the cold start on demand, and the SnapStart-primed first batch, each against the peer. */
    private static void coldStartTargets(ObjectNode targets, JsonNode medians) {
        JsonNode peer = medians.path("python-boto3");
        JsonNode onDemand = medians.path("runtime-on-demand");
        JsonNode snapStart = medians.path("runtime-snapstart");
        if (onDemand.has("spawnToFirstBatchDoneMillis") && peer.has("spawnToFirstBatchDoneMillis")) {
            double ratio = onDemand.path("spawnToFirstBatchDoneMillis").asDouble() / peer.path("spawnToFirstBatchDoneMillis").asDouble();
            target(targets, COLD_START_TARGET, ratio <= 2.0, String.format(Locale.ROOT, "%.2fx (%.0f vs %.0f ms)", ratio,
                    onDemand.path("spawnToFirstBatchDoneMillis").asDouble(), peer.path("spawnToFirstBatchDoneMillis").asDouble()));
        }
        if (snapStart.has("firstBatchMillis") && peer.has("firstBatchMillis")) {
            double ratio = snapStart.path("firstBatchMillis").asDouble() / peer.path("firstBatchMillis").asDouble();
            target(targets, PRIMED_TARGET, ratio <= 1.2, String.format(Locale.ROOT, "%.2fx (%.0f vs %.0f ms)", ratio,
                    snapStart.path("firstBatchMillis").asDouble(), peer.path("firstBatchMillis").asDouble()));
        }
    }

    private static void target(ObjectNode targets, String name, boolean met, String value) {
        targets.putObject(name).put("met", met).put("value", value);
    }

    /**
     * Each target beside the previous run's value, so a regression shows: the previous run is
     * {@code target/benchmark.json} as the last run left it, or, on a fresh checkout, the committed baseline
     * ({@code src/tools/benchmark-baseline.json}: the figures docs/performance.md shows). A section left out
     * of this run keeps its previous figures.
     */
    void printTargets(JsonNode targets, JsonNode previous, String previousSource) {
        out.printf("%nTargets (previous: %s)%n", previousSource);
        out.printf("   %-62s %-8s %-30s %s%n", "target", "", "this run", "previous");
        // A target this run did not measure is neither met nor missed by it: only its previous figure is known.
        targets.fields().forEachRemaining(entry -> {
            boolean notRun = entry.getValue().path("carriedFromPreviousRun").asBoolean();
            out.printf("   %-62s %-8s %-30s %s%n", entry.getKey(),
                    notRun ? "not run" : entry.getValue().path("met").asBoolean() ? "met" : "NOT MET",
                    notRun ? "-" : entry.getValue().path("value").asText(),
                    previous.path(entry.getKey()).path("value").asText("-"));
        });
    }

    /** The targets of the previous run (see {@link #printTargets}), and where they come from. */
    private Map.Entry<JsonNode, String> previousTargets() {
        for (Path file : List.of(target.resolve("benchmark.json"), baseline)) {
            if (Files.exists(file)) {
                JsonNode previous = readJson(readString(file));
                return Map.entry(previous.path("targets"), file.getFileName() + " of " + previous.path("machine").path("date").asText("?"));
            }
        }
        return Map.entry(json.createObjectNode(), "none");
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void row(String label, String first, String second) {
        out.printf("   %-64s %12s %16s%n", label, first, second);
    }

    private static String f3(JsonNode node, String field) {
        return String.format(Locale.ROOT, "%.3f", node.path(field).asDouble());
    }

    private static String f1(JsonNode node, String field) {
        return String.format(Locale.ROOT, "%.1f", node.path(field).asDouble());
    }

    static double median(List<Double> sorted) {
        int size = sorted.size();
        return size % 2 == 1 ? sorted.get(size / 2) : (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

}
