package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the records point: DKIM_TARGET_DOMAIN, else the SigningHostedZone SES gives (asked once per execution
 * environment), else the region's Easy DKIM domain; and every path (writing, checking, verifying, offboarding) uses the
 * same one. On fakes; {@link Fakes#dkimTarget} is the environment's.
 */
class DkimTargetTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final String REGIONAL = "dkim.amazonses.com";
    /** What SES might answer for a cell whose records point elsewhere than the regional table says. */
    private static final String CELL = "dkim.cell-7.amazonses.com";

    private final Fakes aws = new Fakes();

    private List<String> process(String... bodies) {
        List<InboundMessage> batch = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            batch.add(new InboundMessage("m" + (i + 1), bodies[i]));
        }
        return aws.workflow(Clock.fixed(NOW, ZoneOffset.UTC)).process(batch);
    }

    private static IdentityDiagnosis signingIn(Optional<String> signingHostedZone) {
        return new IdentityDiagnosis(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(2048), signingHostedZone);
    }

    /** A new execution environment: it has learnt nothing yet. */
    private void newEnvironment() {
        aws.dkimTarget = DkimTarget.askingSes(aws.ses, REGIONAL, 1800);
    }

    private long sesV2Questions() {
        return aws.journal.stream().filter(call -> call.startsWith("ses:diagnosis")).count();
    }

    @Test
    void recordsAreWrittenToTheSigningHostedZoneSesGivesAndSesIsAskedOncePerEnvironment() {
        newEnvironment();
        aws.addZone("Z1", "example.com");
        aws.diagnoses.put("a.example.com", signingIn(Optional.of(CELL)));
        aws.diagnoses.put("b.example.com", signingIn(Optional.of(CELL)));

        assertThat(process("{\"domain\":\"a.example.com\"}", "{\"domain\":\"b.example.com\"}")).isEmpty();
        assertThat(process("{\"domain\":\"c.example.com\"}")).isEmpty();

        assertThat(aws.records.values()).hasSize(9)
                .allSatisfy(record -> assertThat(record.value()).endsWith("." + CELL));
        assertThat(sesV2Questions()).as("one question for the environment, not one per domain").isEqualTo(1);
        assertThat(aws.events(Outcome.Type.RECORDS_PUBLISHED)).hasSize(3);
    }

    @Test
    void aNewEnvironmentExpectsAndRecognisesTheRecordsAtTheSigningHostedZoneToo() {
        newEnvironment();
        aws.addZone("Z1", "example.com");
        aws.diagnoses.put("mail.example.com", signingIn(Optional.of(CELL)));
        process("{\"domain\":\"mail.example.com\"}");
        List<DkimRecord> written = List.copyOf(aws.records.values());
        written.forEach(record -> aws.publicAnswers.put(record.name() + " CNAME", new DnsAnswer.Found(List.of(record.value()))));

        newEnvironment();
        assertThat(process("{\"action\":\"verify\",\"domain\":\"mail.example.com\"}")).isEmpty();
        assertThat(aws.events(Outcome.Type.RECORDS_CHECKED)).singleElement().satisfies(event ->
                assertThat(((Outcome.RecordsChecked) event).dnsRecords())
                        .allSatisfy(check -> {
                            assertThat(check.expected()).endsWith("." + CELL);
                            assertThat(check.state()).isEqualTo(RecordState.OK);
                        }));

        newEnvironment();
        assertThat(process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}")).isEmpty();
        assertThat(aws.records).as("offboarding knows them as ours").isEmpty();
    }

    @Test
    void dkimTargetDomainWinsOverWhatSesSaysAndCostsNoQuestion() {
        Map<String, String> env = SettingsTest.required();
        env.put("DKIM_TARGET_DOMAIN", "dkim.example.net");
        aws.dkimTarget = Settings.from(env).dkimTarget(aws.ses);
        aws.addZone("Z1", "example.com");
        aws.diagnoses.put("mail.example.com", signingIn(Optional.of(CELL)));

        process("{\"domain\":\"mail.example.com\"}");

        assertThat(aws.records.values()).hasSize(3).allSatisfy(record -> assertThat(record.value()).endsWith(".dkim.example.net"));
        assertThat(sesV2Questions()).isZero();
    }

    @Test
    void withoutDkimTargetDomainTheSettingsAskSes() {
        aws.dkimTarget = Settings.from(SettingsTest.required()).dkimTarget(aws.ses);
        aws.addZone("Z1", "example.com");
        aws.diagnoses.put("mail.example.com", signingIn(Optional.of(CELL)));

        process("{\"domain\":\"mail.example.com\"}");

        assertThat(aws.records.values()).hasSize(3).allSatisfy(record -> assertThat(record.value()).endsWith("." + CELL));
    }

    @Test
    void anAnswerWithoutSigningHostedZoneSettlesOnTheRegionalDomain() {
        newEnvironment();
        aws.addZone("Z1", "example.com");
        aws.diagnoses.put("a.example.com", signingIn(Optional.empty()));

        process("{\"domain\":\"a.example.com\"}");
        process("{\"domain\":\"b.example.com\"}");

        assertThat(aws.records.values()).hasSize(6).allSatisfy(record -> assertThat(record.value()).endsWith("." + REGIONAL));
        assertThat(sesV2Questions()).isEqualTo(1);
    }

    @Test
    void aSigningHostedZoneThatIsNotAHostNameIsNotUsed() {
        newEnvironment();
        aws.addZone("Z1", "example.com");
        aws.diagnoses.put("mail.example.com", signingIn(Optional.of(DnsText.shown("evil.example.com\n; rm"))));

        process("{\"domain\":\"mail.example.com\"}");

        assertThat(aws.records.values()).hasSize(3).allSatisfy(record -> assertThat(record.value()).endsWith("." + REGIONAL));
    }

    @Test
    void sesThatKnowsNoIdentityOrFailsIsAskedAtMostThreeTimesAndTheRegionalDomainServesMeanwhile() {
        newEnvironment();
        aws.addZone("Z1", "example.com");

        for (String domain : List.of("a", "b", "c", "d", "e")) {
            assertThat(process("{\"domain\":\"" + domain + ".example.com\"}")).isEmpty();
        }

        assertThat(aws.records.values()).hasSize(15).allSatisfy(record -> assertThat(record.value()).endsWith("." + REGIONAL));
        assertThat(sesV2Questions()).isEqualTo(DkimTarget.MAX_QUESTIONS);
    }
}
