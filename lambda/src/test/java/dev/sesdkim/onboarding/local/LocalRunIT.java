package dev.sesdkim.onboarding.local;

import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import dev.sesdkim.onboarding.runtime.RuntimeJdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's local run, against the suite's moto through --endpoint, pacing sped up. */
@ExtendWith(MotoServerExtension.class)
class LocalRunIT {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private int run(MotoServer moto, String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint", moto.endpoint().toString(), "--ses-calls-per-second", "200"));
        all.addAll(List.of(args));
        return new LocalRun(new PrintStream(output, true, StandardCharsets.UTF_8)).run(all.toArray(String[]::new));
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theExampleDomainGoesFromMessageToVerified(MotoServer moto) {
        int exit = run(moto);

        assertThat(exit).as(printed()).isZero();
        assertThat(printed())
                .contains("publish   {\"action\":\"onboard\",\"domain\":\"mail.example.com\"}")
                .contains("SES       VerifyDomainDkim mail.example.com → 3 tokens")
                .containsPattern("DNS       UPSERT [a-z0-9]+\\._domainkey\\.mail\\.example\\.com CNAME → [a-z0-9]+\\.dkim\\.amazonses\\.com")
                .contains("event     DKIM Records Published: mail.example.com")
                .as("the first re-check is due 5 minutes on, rounded up to a 5-minute slot")
                .containsPattern("\\+00:(05:\\d\\d|(0[6-9]|10):\\d\\d)  fire")
                .contains("SES says  mail.example.com → Success")
                .contains("event     DKIM Verified: mail.example.com")
                .contains("1 of 1 domain(s) reached a final outcome");
    }

    @Test
    void thenSendsEachDomainStatusVerifyAndOffboardInTurnAndEachIsAnswered(MotoServer moto) {
        int exit = run(moto, "--then", "status,verify,offboard");

        assertThat(exit).as(printed()).isZero();
        assertThat(printed())
                .contains("publish   {\"action\":\"status\",\"domain\":\"mail.example.com\"}")
                .contains("received  status mail.example.com")
                .contains("event     DKIM Status Reported: mail.example.com")
                .contains("received  verify mail.example.com")
                .contains("received  offboard mail.example.com")
                .contains("SES       DeleteIdentity mail.example.com")
                .contains("event     Domain Offboarded: mail.example.com")
                .as("a domain without a MAIL FROM domain is said to have none").doesNotContain("null");
        assertThat(printed().lines().filter(line -> line.contains("event     DKIM Verified: mail.example.com")))
                .as("once by the re-check, once by verify").hasSize(2);
        assertThat(printed()).containsPattern("mail\\.example\\.com +Domain Offboarded");
    }

    @Test
    void thenRefusesAnActionItDoesNotKnowNamingIt(MotoServer moto) {
        assertThat(run(moto, "--then", "status,delete")).isEqualTo(2);
        assertThat(printed()).contains("--then takes status, verify, offboard separated by commas, not delete");
    }

    @Test
    void withAJdk25TheFunctionRunsOnLambdasRuntimeClientAndTheFirstLineSaysSo(MotoServer moto) {
        run(moto);

        assertThat(printed().lines().findFirst()).as(printed()).hasValueSatisfying(first -> assertThat(first)
                .startsWith("function: Lambda's Java runtime client on JDK 25 (" + RuntimeJdk.java() + ")"));
    }

    @Test
    void withoutAJdk25TheRunSaysInOneLineThatItFallsBackToInProcessAndHowToGetOne(MotoServer moto) {
        int exit = new LocalRun(new PrintStream(output, true, StandardCharsets.UTF_8), Optional::empty).run(new String[]{
                "--endpoint", moto.endpoint().toString(), "--ses-calls-per-second", "200", "--no-zone", "mail.acme.com"});

        assertThat(exit).as(printed()).isZero();
        assertThat(printed().lines().findFirst()).as(printed()).hasValue("function: the handler in this JVM (Java "
                + Runtime.version().feature() + "), in-process, not Lambda's runtime client: " + RuntimeJdk.missingMessage());
        assertThat(printed()).contains("SES says  mail.acme.com → Pending").contains("event     DKIM Verified: mail.acme.com");
    }

    @Test
    void inProcessRunsTheHandlerInThisJvmEvenWithAJdk25(MotoServer moto) {
        int exit = run(moto, "--in-process");

        assertThat(exit).as(printed()).isZero();
        assertThat(printed().lines().findFirst()).hasValueSatisfying(first -> assertThat(first).endsWith("in-process as --in-process asks"));
        assertThat(printed()).contains("event     DKIM Verified: mail.example.com");
    }

    @Test
    void withoutAZoneTheRecordsCreatedByHandAreFoundThenVerified(MotoServer moto) {
        int exit = run(moto, "--no-zone", "mail.acme.com");

        assertThat(exit).as(printed()).isZero();
        assertThat(printed())
                .doesNotContain("setup     public hosted zone")
                .doesNotContain("DNS       UPSERT")
                .containsPattern("create [a-z0-9]+\\._domainkey\\.mail\\.acme\\.com CNAME [a-z0-9]+\\.dkim\\.amazonses\\.com TTL 1800");
        List<String> steps = printed().lines()
                .filter(line -> line.matches("\\+\\d\\d:\\d\\d:\\d\\d  (event|DNS|SES says) .*")
                        || line.matches("\\+\\d\\d:\\d\\d:\\d\\d {12}[a-z0-9]+\\._domainkey\\.mail\\.acme\\.com missing → ok"))
                .map(line -> line.substring(11).replaceAll("[a-z0-9]+\\._domainkey", "TOKEN._domainkey")
                        .replaceAll("CNAME [a-z0-9]+\\.", "CNAME TOKEN.").replaceAll(" \\(.*\\)$", ""))
                .toList();
        assertThat(steps).as(printed()).containsExactly(
                "event     DKIM Manual DNS Required: mail.acme.com",
                "DNS       published TOKEN._domainkey.mail.acme.com CNAME TOKEN.dkim.amazonses.com in the loopback DNS, as the customer would",
                "DNS       published TOKEN._domainkey.mail.acme.com CNAME TOKEN.dkim.amazonses.com in the loopback DNS, as the customer would",
                "DNS       published TOKEN._domainkey.mail.acme.com CNAME TOKEN.dkim.amazonses.com in the loopback DNS, as the customer would",
                "SES says  mail.acme.com → Pending",
                "event     DKIM Records Checked: mail.acme.com",
                "          TOKEN._domainkey.mail.acme.com missing → ok",
                "          TOKEN._domainkey.mail.acme.com missing → ok",
                "          TOKEN._domainkey.mail.acme.com missing → ok",
                "SES says  mail.acme.com → Success",
                "event     DKIM Verified: mail.acme.com");
    }

    @Test
    void withAMailFromLabelTheZoneGetsTheMxAndTxtAndTheFinalStateSaysTheMailFromStatus(MotoServer moto) {
        int exit = run(moto, "--mail-from", "bounce");

        assertThat(exit).as(printed()).isZero();
        assertThat(printed())
                .contains("SES       SetIdentityMailFromDomain mail.example.com → bounce.mail.example.com")
                .containsPattern("DNS       UPSERT bounce\\.mail\\.example\\.com MX → 10 feedback-smtp\\.us-east-1\\.amazonses\\.com \\(zone [A-Z0-9]+\\)")
                .containsPattern("DNS       UPSERT bounce\\.mail\\.example\\.com TXT → \"v=spf1 include:amazonses\\.com ~all\" \\(zone [A-Z0-9]+\\)")
                .contains("SES says  mail.example.com MAIL FROM bounce.mail.example.com → Success")
                .contains("event     DKIM Verified: mail.example.com");
        assertThat(printed().lines()).as(printed())
                .contains("domain                                   final outcome                MAIL FROM")
                .anyMatch(line -> line.matches("mail\\.example\\.com +DKIM Verified +bounce\\.mail\\.example\\.com Success"));
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), LocalRun.LOCAL_QUEUES);
        String zoneId = local.publicZone("example.com");
        assertThat(local.route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)).resourceRecordSets())
                .filteredOn(set -> set.name().equals("bounce.mail.example.com."))
                .extracting(set -> set.typeAsString() + " " + set.resourceRecords().get(0).value())
                .containsExactlyInAnyOrder("MX 10 feedback-smtp.us-east-1.amazonses.com",
                        "TXT \"v=spf1 include:amazonses.com ~all\"");
    }

    @Test
    void withAMailFromLabelAndNoZoneTheMxAndTxtArePublishedWithTheCnamesAndAllFiveFoundThenVerified(MotoServer moto) {
        int exit = run(moto, "--no-zone", "--mail-from", "bounce");

        assertThat(exit).as(printed()).isZero();
        assertThat(printed())
                .contains("create bounce.mail.example.com MX 10 feedback-smtp.us-east-1.amazonses.com TTL 1800")
                .contains("create bounce.mail.example.com TXT \"v=spf1 include:amazonses.com ~all\" TTL 1800");
        List<String> steps = printed().lines()
                .filter(line -> line.matches("\\+\\d\\d:\\d\\d:\\d\\d  (event|DNS|SES says) .*"))
                .map(line -> line.substring(11).replaceAll("[a-z0-9]+\\._domainkey", "TOKEN._domainkey")
                        .replaceAll("CNAME [a-z0-9]+\\.", "CNAME TOKEN.").replaceAll(" \\(.*\\)$", ""))
                .toList();
        assertThat(steps).as(printed()).containsExactly(
                "event     DKIM Manual DNS Required: mail.example.com",
                "DNS       published TOKEN._domainkey.mail.example.com CNAME TOKEN.dkim.amazonses.com in the loopback DNS, as the customer would",
                "DNS       published TOKEN._domainkey.mail.example.com CNAME TOKEN.dkim.amazonses.com in the loopback DNS, as the customer would",
                "DNS       published TOKEN._domainkey.mail.example.com CNAME TOKEN.dkim.amazonses.com in the loopback DNS, as the customer would",
                "DNS       published bounce.mail.example.com MX 10 feedback-smtp.us-east-1.amazonses.com in the loopback DNS, as the customer would",
                "DNS       published bounce.mail.example.com TXT \"v=spf1 include:amazonses.com ~all\" in the loopback DNS, as the customer would",
                "SES says  mail.example.com → Pending",
                "SES says  mail.example.com MAIL FROM bounce.mail.example.com → Success",
                "event     DKIM Records Checked: mail.example.com",
                "SES says  mail.example.com → Success",
                "SES says  mail.example.com MAIL FROM bounce.mail.example.com → Success",
                "event     DKIM Verified: mail.example.com");
        List<String> found = printed().lines()
                .filter(line -> line.matches("\\+\\d\\d:\\d\\d:\\d\\d {12}\\S+ .*→ .*"))
                .map(line -> line.substring(21).replaceAll("^[a-z0-9]+\\._domainkey", "TOKEN._domainkey"))
                .toList();
        assertThat(found).as(printed()).containsExactlyInAnyOrder(
                "TOKEN._domainkey.mail.example.com missing → ok",
                "TOKEN._domainkey.mail.example.com missing → ok",
                "TOKEN._domainkey.mail.example.com missing → ok",
                "bounce.mail.example.com MX missing → ok",
                "bounce.mail.example.com TXT missing → ok");
        assertThat(printed().lines()).as(printed())
                .anyMatch(line -> line.matches("mail\\.example\\.com +DKIM Verified +bounce\\.mail\\.example\\.com Success"));
    }

    @Test
    void aMailFromLabelThatIsNotOneDnsLabelFailsAtOnceWithTheUsage(MotoServer moto) {
        for (String bad : List.of("bounce.mail", "-bounce", "bounce_1", "a".repeat(64), "\u212Abounce", "")) {
            output.reset();

            assertThat(run(moto, "--mail-from", bad)).as(bad).isEqualTo(2);
            assertThat(printed()).as(bad)
                    .contains("--mail-from must be one DNS label (1-63 letters, digits and inner hyphens), like bounce, not " + bad)
                    .contains("usage: local run").contains("--mail-from LABEL")
                    .doesNotContain("publish");
        }
        output.reset();
        assertThat(run(moto, "--mail-from")).isEqualTo(2);
        assertThat(printed()).contains("--mail-from needs a value").contains("usage: local run");
    }

    @Test
    void aMailFromLabelIsTakenInLowerCaseAsTheStackSetsIt() {
        assertThat(LocalRun.parse(new String[]{"--mail-from", "Bounce"}).mailFromLabel()).contains("bounce");
        assertThat(LocalRun.parse(new String[]{"--no-zone"}).mailFromLabel()).isEmpty();
    }

    @Test
    void aBadDomainIsRejectedToTheDeadLetterQueueAndTheRestFinish(MotoServer moto) {
        int exit = run(moto, "mail.acme.com", "*.acme.com");

        assertThat(exit).as(printed()).isZero();
        assertThat(printed())
                .contains("DLQ       domain \"*.acme.com\" is invalid: wildcards are not allowed")
                .contains("event     Domain Onboarding Rejected: *.acme.com")
                .contains("2 of 2 domain(s) reached a final outcome")
                .contains("1 message(s) in the dead-letter queue");
    }

    @Test
    void manyDomainsShareRecheckCallsAndEndWithOneSummaryLineEach(MotoServer moto) {
        String[] domains = IntStream.rangeClosed(1, 30).mapToObj(i -> "d" + i + ".example.org").toArray(String[]::new);

        int exit = run(moto, domains);

        assertThat(exit).as(printed()).isZero();
        assertThat(printed().lines().filter(line -> line.matches("d\\d+\\.example\\.org +DKIM Verified"))).hasSize(30);
        assertThat(printed()).contains("30 of 30 domain(s) reached a final outcome");
        assertThat(printed().lines().filter(line -> line.contains("SES       GetIdentityDkimAttributes"))).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aBadOptionPrintsTheUsage(MotoServer moto) {
        assertThat(run(moto, "--frobnicate")).isEqualTo(2);
        assertThat(printed()).contains("unknown option --frobnicate").contains("usage: local run");
    }

    @Test
    void aRateThatIsNotPositiveFailsAtOnceWithTheUsage(MotoServer moto) {
        assertThat(run(moto, "--ses-calls-per-second", "0")).isEqualTo(2);
        assertThat(printed()).contains("--ses-calls-per-second must be a positive number, not 0").contains("usage: local run")
                .doesNotContain("publish");
    }

    @Test
    void anEndpointWhereNothingListensIsNamedInOneLine() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        int exit = new LocalRun(new PrintStream(output, true, StandardCharsets.UTF_8))
                .run(new String[]{"--endpoint", "http://127.0.0.1:" + port});

        assertThat(exit).isEqualTo(2);
        assertThat(printed().lines()).singleElement().asString()
                .startsWith("nothing answers at http://127.0.0.1:" + port + " (")
                .contains("start moto_server there");
    }

    @Test
    void runsAgainAgainstTheSameEmulatorReusingWhatTheFirstRunMade(MotoServer moto) {
        assertThat(run(moto)).as(printed()).isZero();
        output.reset();

        int exit = run(moto);

        assertThat(exit).as(printed()).isZero();
        assertThat(printed()).contains("event     DKIM Verified: mail.example.com").contains("1 of 1 domain(s) reached a final outcome")
                .contains("for sam local invoke, docs/local-run.md: ./mvnw -q -pl lambda -Psam-local -Dexec.args=\"--endpoint "
                        + moto.endpoint() + "\"");
        assertThat(new LocalEnvironment(moto.endpoint(), LocalRun.LOCAL_QUEUES).route53
                .listHostedZonesByName(l -> l.dnsName("example.com")).hostedZones()).hasSize(1);
    }

    @Test
    void aValidDomainThatEndsRejectedIsNotASuccess(MotoServer moto) {
        LocalEnvironment local = new LocalEnvironment(moto.endpoint(), LocalRun.LOCAL_QUEUES);
        local.createPublicZone("example.com");
        local.createPublicZone("example.com");

        int exit = run(moto);

        assertThat(exit).as(printed()).isEqualTo(1);
        assertThat(printed()).contains("event     Domain Onboarding Rejected: mail.example.com")
                .contains("mail.example.com was rejected instead of onboarded");
    }

    @Test
    void aRejectedDomainTooLongToBeNamedInFullStillCountsAsFinished(MotoServer moto) {
        String tooLong = "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "."
                + "e".repeat(60) + ".example.com";

        int exit = run(moto, "mail.acme.com", tooLong);

        assertThat(exit).as(printed()).isZero();
        assertThat(printed()).contains("2 of 2 domain(s) reached a final outcome");
    }
}
