package dev.sesdkim.onboarding.reliability;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.sesdkim.onboarding.reliability.ReliabilityRig.cname;
import static dev.sesdkim.onboarding.reliability.ReliabilityRig.count;
import static dev.sesdkim.onboarding.reliability.ReliabilityRig.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7: nothing lost under duplicates, faults, hostile input and load. Everything runs through the Lambda-like poll
 * loop and the real handler against moto_server, with a {@link FaultProxy} between the function and moto. The random
 * choices come from one seed, printed at the start; {@code -Dreliability.seed=N} replays a run.
 */
@Tag("reliability")
@ExtendWith(MotoServerExtension.class)
class ReliabilityIT {

    private static final long SEED = Long.getLong("reliability.seed", 20261123L);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORDS_PUBLISHED = "DKIM Records Published";
    private static final String REJECTED = "Domain Onboarding Rejected";

    private static final int MESSAGES = 1000;
    private static final int DUPLICATES = 100;
    private static final int MALFORMED = 50;
    private static final int ZONES = 10;
    private static final double FAULT_RATE = 0.20;
    /** SES pacing in the load test: sped up from the deployed 1 call/s so 1,000 domains take minutes, not 20. */
    private static final double LOAD_SES_CALLS_PER_SECOND = 25;

    private long testStarted;

    /** The suite takes minutes: say what runs and how long each part took (the function's own logs are off). */
    @BeforeEach
    void announce(TestInfo test) {
        testStarted = System.nanoTime();
        System.out.println("reliability: " + test.getDisplayName());
    }

    @AfterEach
    void reportTime(TestInfo test) {
        System.out.printf("reliability: %s done in %d s%n", test.getDisplayName(),
                Duration.ofNanos(System.nanoTime() - testStarted).toSeconds());
    }

    @Test
    void aThousandMessagesWithDuplicatesMalformedInputAndTwentyPercentFaultsLoseNothingAndWriteNothingExtra(MotoServer moto) {
        Random random = new Random(SEED);
        System.out.println("reliability seed " + SEED + " (replay with -Dreliability.seed=" + SEED + ")");
        try (ReliabilityRig rig = new ReliabilityRig(moto, FaultPlan.random(SEED, FAULT_RATE), LOAD_SES_CALLS_PER_SECOND)) {
            Map<String, String> zoneIds = new LinkedHashMap<>();
            for (int z = 0; z < ZONES; z++) {
                zoneIds.put("c" + z + ".example.net", rig.createZone("c" + z + ".example.net"));
            }
            List<String> zones = List.copyOf(zoneIds.keySet());

            // 850 valid domains in varied but legal forms, 50 malformed or hostile, then 100 exact duplicates.
            Map<String, String> validBodies = new LinkedHashMap<>();   // body -> normalised domain
            int valid = MESSAGES - DUPLICATES - MALFORMED;
            for (int i = 0; i < valid; i++) {
                String zone = zones.get(i % ZONES);
                String domain = "d" + i + "." + zone;
                ObjectNode body = JSON.createObjectNode().put("action", "onboard");
                switch (i % 5) {
                    case 0 -> body.put("domain", domain);
                    case 1 -> body.put("domain", domain.toUpperCase() + ".");
                    case 2 -> body.put("domain", "  " + domain + " ").put("tenantId", "tenant-" + i);
                    case 3 -> body.put("domain", domain).put("hostedZoneId", zoneIds.get(zone));
                    default -> body.put("domain", domain).put("hostedZoneId", "/hostedzone/" + zoneIds.get(zone));
                }
                validBodies.put(body.toString(), domain);
            }
            List<String> malformed = new ArrayList<>();
            for (int i = 0; i < MALFORMED; i++) {
                malformed.add(malformedBody(i, zoneIds.get(zones.get(0))));
            }
            List<String> unique = new ArrayList<>(validBodies.keySet());
            unique.addAll(malformed);
            Collections.shuffle(unique, random);
            List<String> messages = new ArrayList<>(unique);
            List<String> duplicated = new ArrayList<>(validBodies.keySet());
            Collections.shuffle(duplicated, random);
            for (String duplicate : duplicated.subList(0, DUPLICATES)) {
                int original = messages.indexOf(duplicate);
                messages.add(original + 1 + random.nextInt(messages.size() - original), duplicate);
            }

            long started = System.nanoTime();
            messages.forEach(rig::send);
            int accepted = rig.queueDepth();
            rig.drain();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Every valid domain: its SES identity, exactly its three CNAMEs in its zone, a re-check schedule.
            Set<String> domains = new TreeSet<>(validBodies.values());
            assertThat(rig.identities()).isEqualTo(domains);
            Map<String, Set<String>> expectedRecords = new TreeMap<>();
            zones.forEach(zone -> expectedRecords.put(zone, new TreeSet<>()));
            for (String domain : domains) {
                String zone = domain.substring(domain.indexOf('.') + 1);
                rig.tokens(domain).forEach(token -> expectedRecords.get(zone).add(cname(token, domain)));
            }
            Map<String, List<String>> records = describe(rig.recordsByZone());
            int extraRecords = 0;
            for (String zone : zones) {
                List<String> actual = records.get(zone);
                extraRecords += actual.size() - expectedRecords.get(zone).size();
                assertThat(actual).as("records in zone %s", zone).containsExactlyInAnyOrderElementsOf(expectedRecords.get(zone));
            }
            Map<String, Integer> scheduled = rig.scheduledDomains();
            assertThat(scheduled.keySet()).containsExactlyInAnyOrderElementsOf(domains);

            // Every malformed message in the dead-letter queue with its reason, and nothing else there.
            List<ReliabilityRig.DeadLetter> deadLetters = rig.takeDeadLetters();
            assertThat(deadLetters).extracting(ReliabilityRig.DeadLetter::body).containsExactlyInAnyOrderElementsOf(malformed);
            assertThat(deadLetters).allSatisfy(letter -> assertThat(letter.reason()).as("reason for %s", letter.body()).isNotBlank());

            // Nothing lost or left in flight: each unique message completed, valid ones as onboarded, malformed ones as rejected.
            assertThat(rig.queueDepth()).isZero();
            assertThat(accepted).as("messages the queue kept after content-based deduplication").isEqualTo(unique.size());
            Set<String> lost = new LinkedHashSet<>(unique);
            lost.removeAll(rig.completedBodies);
            assertThat(lost).isEmpty();

            // One announcement per domain and per rejected message, however often a message was redelivered.
            List<JsonNode> events = rig.outcomeEvents();
            Map<String, Long> published = count(events, RECORDS_PUBLISHED, event -> event.path("detail").path("domain").asText());
            assertThat(published.keySet()).isEqualTo(domains);
            assertThat(published.values()).containsOnly(1L);
            Map<String, Long> rejected = count(events, REJECTED, event -> event.path("detail").path("messageId").asText());
            assertThat(rejected).hasSize(MALFORMED);
            assertThat(rejected.values()).containsOnly(1L);

            // The SES pacing held under load and retries: every SES request went through the pacer, none too early.
            long interval = Math.round(1e9 / LOAD_SES_CALLS_PER_SECOND);
            assertThat(rig.observer.sesAttempts()).isEqualTo(rig.proxy.requests("SES VerifyDomainDkim"));
            assertThat(rig.observer.minSesGapNanos()).isGreaterThanOrEqualTo(interval);
            assertThat((double) rig.proxy.faultsInjected() / rig.proxy.requests()).isBetween(0.17, 0.23);

            int redelivered = rig.deliveries - accepted;
            Summary summary = new Summary()
                    .put("seed", SEED)
                    .put("messages sent", messages.size())
                    .put("exact duplicates sent", DUPLICATES)
                    .put("duplicates dropped by the queue (dedup)", messages.size() - accepted)
                    .put("malformed or hostile messages", MALFORMED)
                    .put("valid domains", domains.size())
                    .put("AWS requests by the function", rig.proxy.requests())
                    .put("faults injected", rig.proxy.faultsInjected() + " (" + percent(rig.proxy.faultsInjected(), rig.proxy.requests()) + ")")
                    .put("faults by kind", new TreeMap<>(rig.proxy.faultsByKind()).toString())
                    .put("SDK retries", rig.observer.sdkRetries())
                    .put("requests resent by the JDK after a reset", rig.proxy.resentBelowTheSdk())
                    .put("messages failed and redelivered", redelivered)
                    .put("polls (Lambda invocations)", rig.polls)
                    .put("dead-letter queue", deadLetters.size() + " (all malformed, each with a reason)")
                    .put("lost", lost.size())
                    .put("extra records", extraRecords)
                    .put("Records Published events per domain", "exactly 1 (" + published.size() + " domains)")
                    .put("domains in more than one re-check", scheduled.values().stream().filter(n -> n > 1).count())
                    .put("SES requests (attempts, all paced)", rig.observer.sesAttempts())
                    .put("min SES call gap", String.format("%.1f ms (pacing %.1f ms)", rig.observer.minSesGapNanos() / 1e6, interval / 1e6))
                    .put("wall time", took.toSeconds() + " s");
            summary.print(System.out);
            summary.write(Path.of("target", "reliability.json"));
        }
    }

    /**
     * The function as Lambda runs it (the runtime tier), its metrics written by Powertools as deployed, under the same
     * kinds of faults: a throttled or retried call of any service must be counted, never fail a batch.
     */
    @Test
    void twoHundredMessagesWithFaultsThroughLambdasOwnRuntimeLoseNothingAndWriteNothingExtra(MotoServer moto) {
        Random random = new Random(SEED + 1);
        try (ReliabilityRig rig = new ReliabilityRig(moto, FaultPlan.random(SEED + 1, FAULT_RATE), LOAD_SES_CALLS_PER_SECOND,
                Map.of(), ReliabilityRig.Mode.RUNTIME_TIER)) {
            String zone = "tier.example.net";
            String zoneId = rig.createZone(zone);
            Map<String, String> validBodies = new LinkedHashMap<>();
            for (int i = 0; i < 180; i++) {
                String domain = "r" + i + "." + zone;
                validBodies.put(onboard(domain), domain);
            }
            List<String> malformed = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                malformed.add(malformedBody(i, zoneId));
            }
            List<String> messages = new ArrayList<>(validBodies.keySet());
            messages.addAll(malformed);
            Collections.shuffle(messages, random);
            messages.addAll(List.copyOf(validBodies.keySet()).subList(0, 20));

            messages.forEach(rig::send);
            rig.drain();

            Set<String> domains = new TreeSet<>(validBodies.values());
            assertThat(rig.identities()).isEqualTo(domains);
            Set<String> expectedRecords = new TreeSet<>();
            domains.forEach(domain -> rig.tokens(domain).forEach(token -> expectedRecords.add(cname(token, domain))));
            assertThat(describe(rig.recordsByZone()).get(zone)).containsExactlyInAnyOrderElementsOf(expectedRecords);
            assertThat(rig.scheduledDomains().keySet()).containsExactlyInAnyOrderElementsOf(domains);
            assertThat(rig.takeDeadLetters()).extracting(ReliabilityRig.DeadLetter::body)
                    .containsExactlyInAnyOrderElementsOf(malformed);
            assertThat(rig.queueDepth()).isZero();
            Map<String, Long> published = count(rig.outcomeEvents(), RECORDS_PUBLISHED,
                    event -> event.path("detail").path("domain").asText());
            assertThat(published.keySet()).isEqualTo(domains);
            assertThat(published.values()).containsOnly(1L);

            String output = rig.functionOutput();
            assertThat(rig.proxy.faultsInjected()).as("faults reached the function").isPositive();
            assertThat(output).as("the SDK's retries counted under valid dimensions").contains("\"Retries\"")
                    .doesNotContain("a metric was not written").doesNotContain("\"level\":\"ERROR\"");
            System.out.printf("reliability: runtime tier: %d messages, %d AWS requests, %d faults, %d deliveries, %d polls%n",
                    messages.size(), rig.proxy.requests(), rig.proxy.faultsInjected(), rig.deliveries, rig.polls);
        }
    }

    @Test
    void aMessageThatAlwaysFailsEndsInTheDeadLetterQueueAndTheMessagesBehindItComplete(MotoServer moto) {
        String poison = "poison.c0.example.net";
        FaultPlan faults = FaultPlan.none().alwaysFail(call -> call.operation().equals("VerifyDomainDkim") && call.concerns(poison),
                FaultPlan.Kind.HTTP_500);
        try (ReliabilityRig rig = new ReliabilityRig(moto, faults, 1000)) {
            rig.createZone("c0.example.net");
            String poisonBody = onboard(poison);
            rig.send(poisonBody);
            List<String> behind = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                behind.add("d" + i + ".c0.example.net");
                rig.send(onboard("d" + i + ".c0.example.net"));
            }

            rig.drain();

            assertThat(rig.deliveriesByBody.get(poisonBody)).isEqualTo(ReliabilityRig.MAX_RECEIVE_COUNT);
            List<ReliabilityRig.DeadLetter> deadLetters = rig.takeDeadLetters();
            assertThat(deadLetters).singleElement().satisfies(letter -> {
                assertThat(letter.body()).isEqualTo(poisonBody);
                assertThat(letter.reason()).as("moved by the redrive policy, not rejected").isNull();
            });
            assertThat(behind).allSatisfy(domain -> assertThat(rig.deliveriesByBody.get(onboard(domain)))
                    .as("deliveries of %s", domain).isEqualTo(1));
            assertThat(rig.identities()).containsExactlyInAnyOrderElementsOf(behind);
            assertThat(count(rig.outcomeEvents(), RECORDS_PUBLISHED, event -> event.path("detail").path("domain").asText()))
                    .containsOnlyKeys(behind).allSatisfy((domain, events) -> assertThat(events).isEqualTo(1L));
            assertThat(rig.queueDepth()).isZero();
        }
    }

    @Test
    void aFunctionThatDiesAfterSesButBeforeRoute53CompletesOnRedeliveryWithTheSameTokensAndNoDuplicateRecords(MotoServer moto) {
        try (ReliabilityRig rig = new ReliabilityRig(moto, FaultPlan.none(), 1000)) {
            rig.createZone("c0.example.net");
            List<String> domains = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                domains.add("d" + i + ".c0.example.net");
                rig.send(onboard("d" + i + ".c0.example.net"));
            }
            String victim = domains.get(4);
            rig.observer.crashBeforeRecordsOf(victim, 1);

            rig.drain();

            assertThat(rig.crashes).isEqualTo(1);
            assertThat(rig.deliveries).as("the whole batch twice: a crash acknowledges nothing").isEqualTo(20);
            List<List<String>> tokens = rig.observer.tokensReturnedFor(victim);
            assertThat(tokens).hasSize(2);
            assertThat(tokens.get(1)).isEqualTo(tokens.get(0));
            assertThat(rig.tokens(domains.get(0))).as("each domain has its own tokens").doesNotContainAnyElementsOf(tokens.get(0));
            Set<String> expected = new TreeSet<>();
            domains.forEach(domain -> rig.tokens(domain).forEach(token -> expected.add(cname(token, domain))));
            assertThat(describe(rig.recordsByZone()).get("c0.example.net")).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(count(rig.outcomeEvents(), RECORDS_PUBLISHED, event -> event.path("detail").path("domain").asText()))
                    .containsOnlyKeys(domains).allSatisfy((domain, events) -> assertThat(events).isEqualTo(1L));
            assertThat(rig.scheduledDomains().keySet()).containsExactlyInAnyOrderElementsOf(domains);
        }
    }

    /** One input of the hostile corpus (src/test/resources/reliability/hostile-domains.json) and what must come of it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record HostileInput(String note, String domain, String body, String hostedZoneId, String expect, String normalised, String zone) {
    }

    @Test
    void everyHostileInputIsEitherOnboardedConfinedToItsOwnDkimNamesInTheRightZoneOrRejectedWithAReason(MotoServer moto) throws IOException {
        List<HostileInput> corpus;
        try (InputStream in = ReliabilityIT.class.getResourceAsStream("/reliability/hostile-domains.json")) {
            corpus = List.of(JSON.readValue(in, HostileInput[].class));
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        try (ReliabilityRig rig = new ReliabilityRig(moto, FaultPlan.none(), 1000)) {
            Map<String, String> zoneIds = new LinkedHashMap<>();
            for (String zone : List.of("example.com", "acme.test", "sub.example.org")) {
                zoneIds.put(zone, rig.createZone(zone));
            }
            Map<String, HostileInput> byMessageId = new LinkedHashMap<>();
            for (int i = 0; i < corpus.size(); i++) {
                HostileInput input = corpus.get(i);
                byMessageId.put(rig.send(body(input, zoneIds), "hostile-" + i), input);
            }

            rig.drain();

            Map<String, String> reasons = new HashMap<>();
            rig.takeDeadLetters().forEach(letter -> reasons.put(letter.sourceMessageId(), letter.reason()));
            Set<String> accepted = new TreeSet<>();
            Map<String, Set<String>> expectedRecords = new TreeMap<>();
            zoneIds.keySet().forEach(zone -> expectedRecords.put(zone, new TreeSet<>()));
            byMessageId.forEach((messageId, input) -> {
                if (input.expect().equals("reject")) {
                    assertThat(reasons.get(messageId)).as("rejection reason for %s", input.note()).isNotBlank();
                } else {
                    assertThat(reasons).as("%s must not be rejected", input.note()).doesNotContainKey(messageId);
                    accepted.add(input.normalised());
                }
            });
            assertThat(rig.identities()).as("SES identities: exactly the accepted domains").isEqualTo(accepted);
            for (HostileInput input : corpus) {
                if (input.expect().equals("records")) {
                    rig.tokens(input.normalised()).forEach(token -> expectedRecords.get(input.zone()).add(cname(token, input.normalised())));
                }
            }
            Map<String, List<String>> records = describe(rig.recordsByZone());
            expectedRecords.forEach((zone, expected) -> assertThat(records.get(zone)).as("records in %s", zone)
                    .containsExactlyInAnyOrderElementsOf(expected));
            assertThat(rig.queueDepth()).isZero();
            Set<String> rejectedIds = byMessageId.entrySet().stream().filter(entry -> entry.getValue().expect().equals("reject"))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(count(rig.outcomeEvents(), REJECTED, event -> event.path("detail").path("messageId").asText()))
                    .as("one rejection event per rejected input").containsOnlyKeys(rejectedIds)
                    .allSatisfy((messageId, events) -> assertThat(events).isEqualTo(1L));
        }
    }

    private static String body(HostileInput input, Map<String, String> zoneIds) {
        if (input.body() != null) {
            return input.body();
        }
        ObjectNode body = JSON.createObjectNode().put("action", "onboard").put("domain", input.domain());
        if ("WRONG".equals(input.hostedZoneId())) {
            String domain = input.domain().strip().toLowerCase();
            body.put("hostedZoneId", zoneIds.get(domain.endsWith("acme.test") || domain.endsWith("acme.test.") ? "example.com" : "acme.test"));
        } else if ("BOGUS".equals(input.hostedZoneId())) {
            body.put("hostedZoneId", "Z0000000000000000000");
        } else if (input.hostedZoneId() != null) {
            body.put("hostedZoneId", input.hostedZoneId());
        }
        return body.toString();
    }

    private static String onboard(String domain) {
        return JSON.createObjectNode().put("action", "onboard").put("domain", domain).toString();
    }

    /** Fifty kinds of bad input, each body unique: invalid names, hostile characters, JSON trouble, a wrong zone. */
    private static String malformedBody(int i, String unrelatedZoneId) {
        ObjectNode body = JSON.createObjectNode().put("action", "onboard");
        return switch (i % 10) {
            case 0 -> body.put("domain", "bad.." + i + ".c1.example.net").toString();
            case 1 -> body.put("domain", "*.w" + i + ".c2.example.net").toString();
            case 2 -> body.put("domain", "x" + i + "._domainkey.c3.example.net").toString();
            case 3 -> body.put("domain", "-lead" + i + ".c4.example.net").toString();
            case 4 -> body.put("domain", "nul\u0000" + i + ".c5.example.net").toString();
            case 5 -> body.put("domain", "a".repeat(64) + i + ".c6.example.net").toString();
            case 6 -> "{\"action\":\"onboard\",\"domain\":" + i + "}";
            case 7 -> "not json " + i;
            case 8 -> body.put("domain", "t" + i + ".c7.example.net").toString() + " {\"action\":\"offboard\"}";
            default -> body.put("domain", "out" + i + ".nowhere.org").put("hostedZoneId", unrelatedZoneId).toString();
        };
    }

    private static String percent(int part, int whole) {
        return String.format("%.1f %%", 100.0 * part / whole);
    }
}
