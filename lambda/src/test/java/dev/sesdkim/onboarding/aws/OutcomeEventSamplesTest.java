package dev.sesdkim.onboarding.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesdkim.onboarding.DelegationCheck;
import dev.sesdkim.onboarding.DkimRecord;
import dev.sesdkim.onboarding.IdentityDiagnosis;
import dev.sesdkim.onboarding.RecordCheck;
import dev.sesdkim.onboarding.RecordState;
import dev.sesdkim.onboarding.DkimStatus;
import dev.sesdkim.onboarding.DkimTokens;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.HostedZone;
import dev.sesdkim.onboarding.MailFromDomain;
import dev.sesdkim.onboarding.MailFromFindings;
import dev.sesdkim.onboarding.MailFromPolicy;
import dev.sesdkim.onboarding.MailFromRecord;
import dev.sesdkim.onboarding.MailFromStatus;
import dev.sesdkim.onboarding.InboundMessage;
import dev.sesdkim.onboarding.Outcome;
import dev.sesdkim.onboarding.RecordSpec;
import dev.sesdkim.onboarding.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample outcome events in {@code events/outcomes/} are what consumers write their rules against, and docs/events.md shows
 * them: one per detail-type, a complete event as a rule's target receives it, whose detail is field for field (names,
 * order, JSON types and, for these values, the text) what the function sends; and docs/events.md shows each unchanged under
 * its detail-type's heading. The outcome compared with each sample has every field its record can have, so no field can
 * be missing from a sample.
 */
class OutcomeEventSamplesTest {

    private static final Path SAMPLES = Path.of("target", "test-classes", "events", "outcomes");
    private static final Path EVENTS_PAGE = Path.of("..", "docs", "events.md");
    private static final List<String> ENVELOPE = List.of("version", "id", "detail-type", "source", "account", "time",
            "region", "resources", "detail");
    private static final ObjectMapper JSON = new ObjectMapper();

    /* The values of the samples. */
    private static final Domain DOMAIN = Domain.parse("mail.example.com");
    private static final Optional<String> TENANT = Optional.of("acme");
    private static final HostedZone ZONE = new HostedZone("Z04512342ABCDEFGHIJKL", "example.com");
    private static final List<DkimRecord> RECORDS = new RecordSpec("dkim.amazonses.com", 1800).recordsFor(DOMAIN,
            new DkimTokens(List.of("4f3nbxmyhjbzrhxq5kwhk3ryjvlnzqks", "kxsbz5nqgwtb6i2ofh7d3ki4yvapmr2c",
                    "t6mhe2c7bwqjqf5dl3lnvoxw3ajzeyxu")));
    private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
    private static final MailFromDomain BOUNCE = MailFromDomain.of(DOMAIN, "bounce");
    private static final Optional<Outcome.MailFrom> MAIL_FROM = Outcome.MailFrom.of(Optional.of(BOUNCE),
            new MailFromPolicy(Optional.empty(), "us-east-1", 1800).recordsOf(BOUNCE));
    private static final List<MailFromRecord> MAIL_FROM_RECORDS = new MailFromPolicy(Optional.empty(), "us-east-1", 1800)
            .recordsOf(BOUNCE);
    private static final Request.Onboard ONBOARD = new Request.Onboard(DOMAIN, Optional.empty(), TENANT);
    private static final Request.PendingDomain PENDING = new Request.PendingDomain(DOMAIN, Optional.of(ZONE.id()), TENANT,
            STARTED, false);

    private static final List<RecordCheck> CHECKED = List.of(
            RecordCheck.of(RECORDS.get(0), RecordState.OK),
            RecordCheck.of(RECORDS.get(1), RecordState.DOUBLED_NAME, RECORDS.get(1).name() + ".mail.example.com"),
            RecordCheck.of(RECORDS.get(2), RecordState.WRONG_TARGET, "t6mhe2c7bwqjqf5dl3lnvoxw3ajzeyxu.dkim.eu-west-1.amazonses.com"),
            RecordCheck.of(MAIL_FROM_RECORDS.get(0), RecordState.MISSING),
            RecordCheck.of(MAIL_FROM_RECORDS.get(1), RecordState.WRONG_VALUE, "v=spf1 include:_spf.google.com ~all"));
    private static final Optional<DelegationCheck> DELEGATION = Optional.of(DelegationCheck.of(ZONE,
            List.of("ns-1021.awsdns-63.net", "ns-1604.awsdns-08.co.uk", "ns-337.awsdns-42.com", "ns-2006.awsdns-58.org"),
            List.of("ns1.other-dns.example.net", "ns2.other-dns.example.net")));
    private static final Optional<IdentityDiagnosis> SES_DIAGNOSIS = Optional.of(new IdentityDiagnosis(
            Optional.of("HOST_NOT_FOUND"), Optional.of(Instant.parse("2026-11-25T08:14:51Z")),
            Optional.of(new IdentityDiagnosis.SoaRecord("ns1.other-dns.example.net", "hostmaster.example.com", 2026112201)),
            Optional.of(2048), Optional.of("dkim.amazonses.com")));

    /** One outcome of the type, with every field its detail-type can carry. */
    private static Outcome representative(Outcome.Type type) {
        return switch (type) {
            case RECORDS_PUBLISHED -> Outcome.RecordsPublished.of(ONBOARD, ZONE, RECORDS, MAIL_FROM, STARTED);
            case MANUAL_DNS_REQUIRED -> Outcome.ManualDnsRequired.of(ONBOARD, RECORDS, MAIL_FROM, STARTED,
                    "no public Route 53 hosted zone in this account covers mail.example.com; create these CNAME records and"
                            + " the MAIL FROM domain's MX and TXT records at the domain's DNS provider");
            case VERIFIED -> Outcome.Verified.of(PENDING, 3, STARTED.plus(Duration.parse("PT1H20M")),
                    Optional.of(java.util.stream.Stream.concat(RECORDS.stream().map(record -> RecordCheck.of(record, RecordState.OK)),
                            MAIL_FROM_RECORDS.stream().map(record -> RecordCheck.of(record, RecordState.OK))).toList()),
                    Optional.of(Outcome.MailFromCheck.of(BOUNCE, MailFromStatus.SUCCESS, Optional.empty())));
            case VERIFICATION_FAILED -> Outcome.VerificationFailed.builder(PENDING, 15, STARTED.plus(Duration.parse("PT70H20M")))
                    .dkimStatus(DkimStatus.FAILED)
                    .records(RECORDS)
                    .recordsFound(List.of(RECORDS.get(0).name(), RECORDS.get(2).name()))
                    .dnsRecords(CHECKED)
                    .delegation(DELEGATION)
                    .sesDiagnosis(SES_DIAGNOSIS)
                    .mailFrom(Optional.of(mailFromCheck(MailFromStatus.PENDING, MailFromFindings.Moment.DOMAIN_ENDED)))
                    .reason("SES could not find the DKIM records of mail.example.com in public DNS, and hosted zone"
                            + " Z04512342ABCDEFGHIJKL lacks 1 of the 3 (kxsbz5nqgwtb6i2ofh7d3ki4yvapmr2c._domainkey.mail.example.com):"
                            + " onboard the domain again, which writes them and restarts verification")
                    .build();
            case TIMED_OUT -> Outcome.TimedOut.of(PENDING, 16, STARTED.plus(Duration.ofHours(72)), DkimStatus.PENDING, RECORDS,
                    Duration.ofHours(72), CHECKED, DELEGATION, SES_DIAGNOSIS, Optional.of(mailFromCheck(MailFromStatus.FAILED, MailFromFindings.Moment.DOMAIN_ENDED)));
            case RECORDS_CHECKED -> Outcome.RecordsChecked.of(PENDING, 4, DkimStatus.PENDING, CHECKED, DELEGATION,
                    Optional.of(mailFromCheck(MailFromStatus.PENDING, MailFromFindings.Moment.ONGOING)));
            case REJECTED -> Outcome.Rejected.of(new InboundMessage("0b1d6c62-1f0e-4c6b-9a57-7d3f8c1e0042",
                            "{\"domain\":\"*.example.com\"}"), Optional.of("*.example.com"),
                    "domain \"*.example.com\" is invalid: wildcards are not allowed");
            case OFFBOARDED -> Outcome.Offboarded.of(new Request.Offboard(DOMAIN, Optional.empty(), TENANT), Optional.of(ZONE),
                    RECORDS.stream().map(DkimRecord::name).toList(), 1);
            case STATUS_REPORTED -> new Outcome.StatusReported(DOMAIN, TENANT, Optional.of(DkimStatus.PENDING),
                    Optional.of(RECORDS.stream().map(record -> record.name().substring(0, record.name().indexOf('.'))).toList()),
                    Optional.of(ZONE.id()), Optional.of(Outcome.Cname.allOf(RECORDS)),
                    Optional.of(List.of(RECORDS.get(0).name(), RECORDS.get(2).name())),
                    Optional.of(Outcome.MailFromCheck.of(BOUNCE, MailFromStatus.PENDING, Optional.empty())),
                    Optional.of(new Outcome.StatusReported.NextRecheck(Instant.parse("2026-11-22T13:00:00Z"), 4)),
                    Optional.of(STARTED), Optional.of(Duration.parse("PT1H35M12S")));
        };
    }

    private static Outcome.MailFromCheck mailFromCheck(MailFromStatus status, MailFromFindings.Moment moment) {
        return MailFromFindings.check(DOMAIN, BOUNCE, status, MAIL_FROM_RECORDS, CHECKED, moment, Duration.ofHours(72));
    }

    @Test
    void everyDetailTypeHasOneSampleAndEverySampleIsOfADetailType() throws IOException {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrderElementsOf(
                    Arrays.stream(Outcome.Type.values()).map(OutcomeEventSamplesTest::fileName).toList());
        }
    }

    @Test
    void everyKindOfOutcomeIsOneDetailType() {
        List<Outcome> outcomes = Arrays.stream(Outcome.Type.values()).map(OutcomeEventSamplesTest::representative).toList();

        assertThat(outcomes).extracting(Outcome::type).containsExactly(Outcome.Type.values());
        assertThat(outcomes).extracting(Object::getClass).doesNotHaveDuplicates()
                .containsExactlyInAnyOrder(Outcome.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @EnumSource(Outcome.Type.class)
    void theOutcomeEachSampleIsComparedWithCarriesEveryField(Outcome.Type type) throws ReflectiveOperationException {
        Outcome outcome = representative(type);

        for (RecordComponent component : outcome.getClass().getRecordComponents()) {
            assertThat(component.getAccessor().invoke(outcome)).as(component.getName())
                    .isNotEqualTo(Optional.empty()).isNotEqualTo(List.of());
        }
    }

    @ParameterizedTest
    @EnumSource(Outcome.Type.class)
    void eachSampleIsACompleteEventOfItsDetailTypeAsARuleTargetReceivesIt(Outcome.Type type) throws IOException {
        JsonNode sample = sample(type);

        assertThat(fieldNames(sample)).containsExactlyElementsOf(ENVELOPE);
        assertThat(sample.path("detail-type").asText()).isEqualTo(type.detailType());
        assertThat(sample.path("source").asText()).isEqualTo("dkim.onboarding");
        assertThat(sample.path("detail").isObject()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Outcome.Type.class)
    void theFunctionSendsTheDetailOfTheSampleFieldForField(Outcome.Type type) throws IOException {
        JsonNode expected = sample(type).path("detail");
        Outcome outcome = representative(type);

        String sent = sentDetail(outcome);

        assertThat(outcome.type()).isEqualTo(type);
        assertThat(fieldPaths(JSON.readTree(sent), "")).as("field names, order and JSON types")
                .containsExactlyElementsOf(fieldPaths(expected, ""));
        assertThat(sent).isEqualTo(JSON.writeValueAsString(expected));
    }

    @Test
    void theReadmeShowsEachSampleUnderItsDetailTypeHeading() throws IOException {
        Map<String, String> shown = jsonBlocksByHeading(outcomeEventsSection(Files.readString(EVENTS_PAGE)));

        for (Outcome.Type type : Outcome.Type.values()) {
            assertThat(shown).as("docs/events.md, Outcome events, ### " + type.detailType()).containsKey(type.detailType());
            assertThat(shown.get(type.detailType())).as("docs/events.md's example of " + type.detailType())
                    .isEqualTo(Files.readString(SAMPLES.resolve(fileName(type))));
        }
    }

    /** The detail as the adapter puts it on the bus. */
    private static String sentDetail(Outcome outcome) {
        List<PutEventsRequest> requests = new ArrayList<>();
        EventBridgeClient eventBridge = new EventBridgeClient() {
            @Override
            public PutEventsResponse putEvents(PutEventsRequest request) {
                requests.add(request);
                return PutEventsResponse.builder().failedEntryCount(0).build();
            }

            @Override
            public String serviceName() {
                return SERVICE_NAME;
            }

            @Override
            public void close() {
            }
        };
        new EventBridgeOutcomeEvents(eventBridge, "dkim-bus", "dkim.onboarding").publish(outcome);
        return requests.get(0).entries().get(0).detail();
    }

    private static String fileName(Outcome.Type type) {
        return type.detailType().toLowerCase(Locale.ROOT).replace(' ', '-') + ".json";
    }

    private static JsonNode sample(Outcome.Type type) throws IOException {
        return JSON.readTree(SAMPLES.resolve(fileName(type)).toFile());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every value's path and JSON type in document order, such as {@code records[0].ttl NUMBER}, nested ones included. */
    private static List<String> fieldPaths(JsonNode node, String path) {
        List<String> paths = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                paths.addAll(fieldPaths(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey()));
            }
        } else if (node.isArray()) {
            paths.add(path + " ARRAY");
            for (int i = 0; i < node.size(); i++) {
                paths.addAll(fieldPaths(node.get(i), path + "[" + i + "]"));
            }
        } else {
            paths.add(path + " " + node.getNodeType());
        }
        return paths;
    }

    private static String outcomeEventsSection(String readme) {
        int start = readme.indexOf("\n## Outcome events\n");
        assertThat(start).as("docs/events.md has a section ## Outcome events").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    /** The first {@code json} code block under each {@code ###} heading. */
    private static Map<String, String> jsonBlocksByHeading(String section) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Pattern jsonBlock = Pattern.compile("(?s)```json\n(.*?)```");
        List<String> parts = List.of(section.split("\n### "));
        for (String part : parts.subList(1, parts.size())) {
            Matcher block = jsonBlock.matcher(part);
            if (block.find()) {
                blocks.put(part.substring(0, part.indexOf('\n')), block.group(1));
            }
        }
        return blocks;
    }
}
