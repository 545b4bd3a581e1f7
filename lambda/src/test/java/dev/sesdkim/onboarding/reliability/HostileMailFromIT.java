package dev.sesdkim.onboarding.reliability;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.sesdkim.onboarding.reliability.ReliabilityRig.cname;
import static dev.sesdkim.onboarding.reliability.ReliabilityRig.count;
import static dev.sesdkim.onboarding.reliability.ReliabilityRig.describe;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostile corpus of {@code mailFrom} values (src/test/resources/reliability/hostile-mail-from.json), sent through the
 * Lambda-like poll loop to the real handler against moto_server, in a deployment with {@code mailFromLabel} {@value #LABEL}
 * (so into a Route 53 zone the function may write MX and TXT only at {@code bounce.*}). A rig of its own, apart from
 * {@link ReliabilityIT}'s hostile domains, because a default label gives every onboarding a MAIL FROM domain. Its 118
 * messages take seconds, so it runs with every {@code verify}, not only with the reliability suite.
 */
@ExtendWith(MotoServerExtension.class)
class HostileMailFromIT {

    private static final String LABEL = "bounce";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ZONES = List.of("example.com", "apex.test");
    private static final String MX = "MX 10 feedback-smtp.us-east-1.amazonses.com 1800";
    private static final String TXT = "TXT \"v=spf1 include:amazonses.com ~all\" 1800";

    /**
     * One input of the corpus and what must come of it: {@code zone} (its MAIL FROM domain {@code mailFromDomain} in SES
     * and its MX and TXT in {@code zone}), {@code manual} (the same in SES and in the announcement, nothing written), or
     * {@code reject} (a reason containing {@code reason}). {@code identity} is the domain's SES identity where the domain
     * is not sent in canonical form; {@code body}, when given, is sent as it is.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record HostileMailFrom(String note, String domain, String identity, JsonNode mailFrom, String body, String expect,
                           String mailFromDomain, String zone, String reason) {

        String sesIdentity() {
            return identity != null ? identity : domain;
        }

        boolean accepted() {
            return !expect.equals("reject");
        }

        String messageBody() {
            if (body != null) {
                return body;
            }
            ObjectNode message = JSON.createObjectNode().put("action", "onboard").put("domain", domain);
            if (mailFrom != null) {
                message.set("mailFrom", mailFrom);
            }
            return message.toString();
        }
    }

    @Test
    void everyMailFromIsSetUpAsItsNormalisedNameOrRejectedNamingTheFieldBeforeSesIsCalledAndWithNothingWritten(MotoServer moto)
            throws IOException {
        List<HostileMailFrom> corpus;
        try (InputStream in = HostileMailFromIT.class.getResourceAsStream("/reliability/hostile-mail-from.json")) {
            corpus = List.of(JSON.readValue(in, HostileMailFrom[].class));
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(100);
        assertThat(corpus).extracting(HostileMailFrom::expect).containsOnly("zone", "manual", "reject");
        assertThat(corpus).extracting(HostileMailFrom::messageBody).as("mailFrom null is sent as null, not left out")
                .anyMatch(body -> body.contains("\"mailFrom\":null"));
        List<HostileMailFrom> accepted = corpus.stream().filter(HostileMailFrom::accepted).toList();
        try (ReliabilityRig rig = new ReliabilityRig(moto, FaultPlan.none(), 1000, Map.of(Settings.MAIL_FROM_LABEL, LABEL))) {
            ZONES.forEach(rig::createZone);
            Map<String, HostileMailFrom> byMessageId = new LinkedHashMap<>();
            for (int i = 0; i < corpus.size(); i++) {
                byMessageId.put(rig.send(corpus.get(i).messageBody(), "mail-from-" + i), corpus.get(i));
            }

            rig.drain();

            Map<String, String> reasons = new HashMap<>();
            rig.takeDeadLetters().forEach(letter -> reasons.put(letter.sourceMessageId(), letter.reason()));
            byMessageId.forEach((messageId, input) -> {
                if (input.accepted()) {
                    assertThat(reasons.get(messageId)).as("%s must not be rejected", input.note()).isNull();
                } else {
                    assertThat(reasons.get(messageId)).as("rejection reason for %s", input.note())
                            .contains(input.reason()).containsAnyOf("mailFrom", "MAIL FROM");
                }
            });

            // SES: an identity, with its MAIL FROM domain, for each accepted input only; no call at all for a rejected one.
            assertThat(rig.identities()).as("SES identities: exactly the accepted inputs' domains")
                    .isEqualTo(accepted.stream().map(HostileMailFrom::sesIdentity).collect(Collectors.toCollection(TreeSet::new)));
            assertThat(accepted).allSatisfy(input -> assertThat(rig.local.ses.getIdentityMailFromDomainAttributes(request ->
                            request.identities(input.sesIdentity())).mailFromDomainAttributes().get(input.sesIdentity()).mailFromDomain())
                    .as("MAIL FROM domain in SES for %s", input.note()).isEqualTo(input.mailFromDomain()));
            assertThat(rig.proxy.requests("SES VerifyDomainDkim")).isEqualTo(accepted.size());
            assertThat(rig.proxy.requests("SES SetIdentityMailFromDomain")).isEqualTo(accepted.size());

            // Route 53: in each zone exactly the CNAMEs, MX and TXT of the inputs accepted into it, and nothing else.
            Map<String, Set<String>> expectedRecords = new TreeMap<>();
            ZONES.forEach(zone -> expectedRecords.put(zone, new TreeSet<>()));
            accepted.stream().filter(input -> input.expect().equals("zone")).forEach(input -> {
                Set<String> records = expectedRecords.get(input.zone());
                rig.tokens(input.sesIdentity()).forEach(token -> records.add(cname(token, input.sesIdentity())));
                records.add(input.mailFromDomain() + ". " + MX);
                records.add(input.mailFromDomain() + ". " + TXT);
            });
            Map<String, List<String>> records = describe(rig.recordsByZone());
            expectedRecords.forEach((zone, expected) -> assertThat(records.get(zone)).as("records in %s", zone)
                    .containsExactlyInAnyOrderElementsOf(expected));

            // Announcements: each accepted domain once, with its MAIL FROM domain; one rejection per rejected message.
            List<JsonNode> events = rig.outcomeEvents();
            assertThat(announcedMailFrom(events, "DKIM Records Published")).isEqualTo(expectedMailFrom(accepted, "zone"));
            assertThat(announcedMailFrom(events, "DKIM Manual DNS Required")).isEqualTo(expectedMailFrom(accepted, "manual"));
            Set<String> rejectedIds = byMessageId.entrySet().stream().filter(entry -> !entry.getValue().accepted())
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            assertThat(count(events, "Domain Onboarding Rejected", event -> event.path("detail").path("messageId").asText()))
                    .as("one rejection event per rejected input").containsOnlyKeys(rejectedIds)
                    .allSatisfy((messageId, times) -> assertThat(times).isEqualTo(1L));
            assertThat(rig.queueDepth()).isZero();
            System.out.printf("hostile mailFrom: %d inputs, %d into a zone, %d for manual DNS, %d rejected%n", corpus.size(),
                    expectedMailFrom(accepted, "zone").size(), expectedMailFrom(accepted, "manual").size(), rejectedIds.size());
        }
    }

    /** Domain to the MAIL FROM domain its announcements of {@code detailType} name, failing on a domain announced twice. */
    private static Map<String, String> announcedMailFrom(List<JsonNode> events, String detailType) {
        return events.stream().filter(event -> event.path("detail-type").asText().equals(detailType))
                .map(event -> event.path("detail"))
                .collect(Collectors.toMap(detail -> detail.path("domain").asText(), detail -> detail.path("mailFrom").path("domain").asText(),
                        (first, second) -> {
                            throw new AssertionError(detailType + " announced twice for one domain");
                        }, TreeMap::new));
    }

    private static Map<String, String> expectedMailFrom(List<HostileMailFrom> accepted, String expect) {
        return accepted.stream().filter(input -> input.expect().equals(expect))
                .collect(Collectors.toMap(HostileMailFrom::sesIdentity, HostileMailFrom::mailFromDomain, (a, b) -> a, TreeMap::new));
    }
}
