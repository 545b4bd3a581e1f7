package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The offboard action, driven through the workflow with fakes behind the ports. */
class OffboardingTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private final Fakes aws = new Fakes();
    private final OnboardingWorkflow workflow = aws.workflow(Clock.fixed(NOW, ZoneOffset.UTC));

    private List<String> process(String... bodies) {
        List<InboundMessage> batch = new java.util.ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            batch.add(new InboundMessage("m" + (i + 1), bodies[i]));
        }
        return workflow.process(batch);
    }

    /** The Domain Offboarded events so far, in order. */
    private List<Outcome.Offboarded> offboarded() {
        return aws.events.stream().filter(Outcome.Offboarded.class::isInstance).map(Outcome.Offboarded.class::cast).toList();
    }

    private List<String> sesRecordNames(String domain) {
        return Fakes.RECORDS.recordsFor(Domain.parse(domain), aws.identities.get(domain)).stream()
                .map(DkimRecord::name).toList();
    }

    @Test
    void readsTheRechecksThenDeletesTheThreeSesCnamesTheRechecksAndTheIdentityAndAnnouncesIt() {
        aws.addZone("Z1", "example.com");
        process("{\"domain\":\"mail.example.com\",\"tenantId\":\"acme\"}");
        List<String> names = sesRecordNames("mail.example.com");
        aws.journal.clear();
        aws.events.clear();

        assertThat(process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\",\"tenantId\":\"acme\"}")).isEmpty();

        assertThat(aws.journal).containsExactly(
                "dns:find mail.example.com",
                "rechecks:read",
                "dns:read Z1 mail.example.com",
                "dns:delete Z1 3",
                "cancel mail.example.com",
                "ses:delete mail.example.com",
                "event Domain Offboarded");
        assertThat(aws.records).isEmpty();
        assertThat(aws.schedules).isEmpty();
        assertThat(aws.identities).isEmpty();
        assertThat(aws.events).containsExactly(new Outcome.Offboarded(Domain.parse("mail.example.com"), Optional.of("acme"),
                Optional.of("Z1"), names, 1, true));
    }

    @Test
    void neverTouchesRecordsThatAreNotThisDomainsSesDkimCnames() {
        aws.addZone("Z1", "example.com");
        process("{\"domain\":\"mail.example.com\"}", "{\"domain\":\"news.example.com\"}");
        aws.addRecord("Z1", "selector1._domainkey.mail.example.com", "selector1-mail-example-com._domainkey.other.onmicrosoft.com");
        aws.addRecord("Z1", "google._domainkey.mail.example.com", "google.dkim.amazonses.com.evil.example");
        aws.addRecord("Z1", "x.y._domainkey.mail.example.com", "xtok.dkim.amazonses.com");
        aws.addRecord("Z1", "www.mail.example.com", "mail.example.com");
        List<String> mailSesRecords = sesRecordNames("mail.example.com").stream().map(name -> "Z1 " + name).toList();
        List<String> untouched = aws.records.keySet().stream().filter(key -> !mailSesRecords.contains(key)).toList();

        process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}");

        assertThat(aws.records.keySet()).containsExactlyElementsOf(untouched).hasSize(3 + 4);
        assertThat(aws.identities).containsOnlyKeys("news.example.com");
        assertThat(aws.scheduledRechecks.values()).singleElement()
                .satisfies(recheck -> assertThat(recheck.domains().get(0).domain().name()).isEqualTo("news.example.com"));
    }

    @Test
    void aDomainWhoseRecordsWereAlreadyRemovedIsStillOffboarded() {
        aws.addZone("Z1", "example.com");
        process("{\"domain\":\"mail.example.com\"}");
        aws.records.clear();
        aws.journal.clear();
        aws.events.clear();

        assertThat(process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\",\"hostedZoneId\":\"Z1\"}")).isEmpty();

        assertThat(aws.journal).noneMatch(call -> call.startsWith("dns:delete"));
        assertThat(aws.journal).contains("ses:delete mail.example.com");
        assertThat(aws.identities).isEmpty();
        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.Offboarded.class, offboarded -> {
            assertThat(offboarded.recordsDeleted()).isEmpty();
            assertThat(offboarded.schedulesCancelled()).isEqualTo(1);
        });
    }

    @Test
    void offboardingTwiceEndsInTheSameStateAndAnnouncesAgain() {
        aws.addZone("Z1", "example.com");
        process("{\"domain\":\"mail.example.com\"}");

        process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}");
        process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}");

        assertThat(aws.records).isEmpty();
        assertThat(aws.identities).isEmpty();
        assertThat(offboarded()).hasSize(2).last().satisfies(offboarded -> {
            assertThat(offboarded.recordsDeleted()).isEmpty();
            assertThat(offboarded.schedulesCancelled()).isZero();
        });
    }

    @Test
    void aSharedRecheckKeepsTheOtherDomainsAndOneOfOnlyThisDomainIsDeleted() {
        Request.PendingDomain mail = new Request.PendingDomain(Domain.parse("mail.example.com"), Optional.empty(),
                Optional.empty(), NOW, false);
        Request.PendingDomain news = new Request.PendingDomain(Domain.parse("news.example.com"), Optional.empty(),
                Optional.empty(), NOW, false);
        aws.scheduler.schedule(new Request.Recheck(3, List.of(mail, news)), NOW.plusSeconds(3600));
        aws.scheduler.schedule(new Request.Recheck(1, List.of(mail)), NOW.plusSeconds(300));

        process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}");

        assertThat(aws.scheduledRechecks.values()).containsExactly(new Request.Recheck(3, List.of(news)));
        assertThat(aws.events.get(0)).isInstanceOfSatisfying(Outcome.Offboarded.class,
                offboarded -> assertThat(offboarded.schedulesCancelled()).isEqualTo(2));
    }

    @Test
    void theOffboardsOfABatchReadThePendingRechecksOnceAndEachTakesOutOnlyItsDomain() {
        Request.PendingDomain mail = new Request.PendingDomain(Domain.parse("mail.example.com"), Optional.empty(),
                Optional.empty(), NOW, false);
        Request.PendingDomain news = new Request.PendingDomain(Domain.parse("news.example.com"), Optional.empty(),
                Optional.empty(), NOW, false);
        Request.PendingDomain shop = new Request.PendingDomain(Domain.parse("shop.example.com"), Optional.empty(),
                Optional.empty(), NOW, false);
        aws.scheduler.schedule(new Request.Recheck(3, List.of(mail, news, shop)), NOW.plusSeconds(3600));
        aws.scheduler.schedule(new Request.Recheck(1, List.of(news)), NOW.plusSeconds(300));

        assertThat(process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}",
                "{\"domain\":\"other.example.com\"}",
                "{\"action\":\"offboard\",\"domain\":\"news.example.com\"}")).isEmpty();

        assertThat(aws.journal).filteredOn(call -> call.startsWith("rechecks:") || call.startsWith("cancel "))
                .containsExactly("rechecks:read", "cancel mail.example.com", "cancel news.example.com");
        assertThat(aws.scheduledRechecks.values()).filteredOn(recheck -> recheck.attempt() == 3)
                .containsExactly(new Request.Recheck(3, List.of(shop)));
        assertThat(offboarded()).extracting(Outcome.Offboarded::schedulesCancelled).containsExactly(1, 2);
    }

    @Test
    void withoutAHostedZoneOnlyTheRechecksAndTheIdentityGo() {
        process("{\"domain\":\"mail.nozone.org\"}");
        aws.journal.clear();

        process("{\"action\":\"offboard\",\"domain\":\"mail.nozone.org\"}");

        assertThat(aws.journal).containsExactly("dns:find mail.nozone.org", "rechecks:read", "cancel mail.nozone.org",
                "ses:delete mail.nozone.org", "event Domain Offboarded");
        assertThat(offboarded()).singleElement()
                .satisfies(offboarded -> assertThat(offboarded.hostedZoneId()).isEmpty());
    }

    @Test
    void aZoneIdThatDoesNotCoverTheDomainIsRejectedAndNothingIsDeleted() {
        aws.addZone("Z1", "example.com");
        aws.addZone("ZOTHER", "other.org");
        process("{\"domain\":\"mail.example.com\"}");
        aws.journal.clear();

        assertThat(process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\",\"hostedZoneId\":\"ZOTHER\"}")).isEmpty();

        assertThat(aws.deadLetters).containsKey("m1");
        assertThat(aws.journal).noneMatch(call -> call.startsWith("dns:delete") || call.startsWith("ses:") || call.startsWith("cancel"));
        assertThat(aws.records).hasSize(3);
    }

    @Test
    void leavesRecordsAloneInAZoneTheDeploymentMayNotWrite() {
        aws.addZone("ZOTHER", "example.com");
        aws.addRecord("ZOTHER", "tok._domainkey.mail.example.com", "tok.dkim.amazonses.com");
        aws.writableZones = WritableZones.parse("ZMINE");
        OnboardingWorkflow narrowed = aws.workflow(Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(narrowed.process(List.of(new InboundMessage("m1",
                "{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}")))).isEmpty();

        assertThat(aws.records).hasSize(1);
        assertThat(aws.journal).doesNotContain("dns:read ZOTHER mail.example.com").contains("ses:delete mail.example.com");
    }

    /** How far below the function timeout a batch on fake time must end: room for what the fakes do not model. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    /**
     * Ten onboarded domains {@code gone0…gone9.example.com} and a schedule group of {@code schedules} re-checks of other
     * domains, the first twenty shared with one of the ten (so each of them is in two); returns their ten offboard
     * messages.
     */
    private List<InboundMessage> tenOffboardsAgainstAGroupOf(int schedules) {
        aws.addZone("Z1", "example.com");
        for (int gone = 0; gone < 10; gone++) {
            Domain domain = Domain.parse("gone" + gone + ".example.com");
            aws.dns.upsert(aws.zonesById.get("Z1"), Fakes.RECORDS.recordsFor(domain, aws.ses.verifyDomainDkim(domain)));
        }
        for (int i = 0; i < schedules; i++) {
            List<Request.PendingDomain> domains = new java.util.ArrayList<>();
            domains.add(new Request.PendingDomain(Domain.parse("kept" + i + ".example.com"), Optional.of("Z1"), Optional.empty(), NOW, false));
            if (i < 20) {
                domains.add(new Request.PendingDomain(Domain.parse("gone" + i % 10 + ".example.com"), Optional.of("Z1"),
                        Optional.empty(), NOW, false));
            }
            aws.scheduler.schedule(new Request.Recheck(3, domains), NOW.plusSeconds(3600 + i));
        }
        aws.journal.clear();
        aws.scheduleListRequests = 0;
        aws.scheduleGetRequests = 0;
        return IntStream.range(0, 10)
                .mapToObj(gone -> new InboundMessage("m" + gone, "{\"action\":\"offboard\",\"domain\":\"gone" + gone + ".example.com\"}"))
                .toList();
    }

    @Test
    void tenOffboardsReadAGroupOfFiveHundredSchedulesOnceAndEndInTime() {
        List<InboundMessage> batch = tenOffboardsAgainstAGroupOf(500);
        aws.onTime(new Fakes.FakeTime(NOW), 1.0);

        Fakes.Invocation invocation = aws.invoke(batch);

        assertThat(invocation.redelivered()).isEmpty();
        assertThat(invocation.took()).isLessThanOrEqualTo(Fakes.FUNCTION_TIMEOUT.minus(MARGIN));
        assertThat(aws.scheduleListRequests).as("ListSchedules requests").isEqualTo(5);
        assertThat(aws.scheduleGetRequests).as("GetSchedule requests").isEqualTo(500);
        assertThat(offboarded()).hasSize(10).allSatisfy(offboarded ->
                assertThat(offboarded.schedulesCancelled()).isEqualTo(2));
        assertThat(aws.scheduledRechecks).hasSize(500);
        assertThat(aws.scheduledRechecks.values()).allSatisfy(recheck -> assertThat(recheck.domains()).singleElement()
                .satisfies(pending -> assertThat(pending.domain().name()).startsWith("kept")));
        assertThat(aws.identities).isEmpty();
        assertThat(aws.records).isEmpty();
    }

    @Test
    void offboardsWhoseGroupCannotBeReadInTimeAreRedeliveredAndNoneIsAnnounced() {
        List<InboundMessage> batch = tenOffboardsAgainstAGroupOf(3_000);
        aws.onTime(new Fakes.FakeTime(NOW), 1.0);

        Fakes.Invocation invocation = aws.invoke(batch);

        assertThat(invocation.took()).isLessThanOrEqualTo(Fakes.FUNCTION_TIMEOUT.minus(MARGIN));
        assertThat(invocation.redelivered()).containsExactlyElementsOf(batch.stream().map(InboundMessage::messageId).toList());
        assertThat(aws.events).isEmpty();
        assertThat(aws.identities).hasSize(10);
        assertThat(aws.scheduledRechecks).hasSize(3_000);
    }

    @Test
    void anOffboardWhoseGroupCannotBeReadInTimeLeavesTheRestOfTheBatchTimeToRun() {
        List<InboundMessage> offboards = tenOffboardsAgainstAGroupOf(3_000);
        List<InboundMessage> batch = List.of(offboards.get(0),
                new InboundMessage("n1", "{\"domain\":\"new1.example.com\"}"),
                new InboundMessage("n2", "{\"domain\":\"new2.example.com\"}"),
                offboards.get(1));
        aws.onTime(new Fakes.FakeTime(NOW), 1.0);

        Fakes.Invocation invocation = aws.invoke(batch);

        assertThat(invocation.took()).isLessThanOrEqualTo(Fakes.FUNCTION_TIMEOUT.minus(MARGIN));
        assertThat(invocation.redelivered()).containsExactly(offboards.get(0).messageId(), offboards.get(1).messageId());
        assertThat(aws.events).extracting(Outcome::detailType).containsExactly("DKIM Records Published", "DKIM Records Published");
        assertThat(aws.scheduleListRequests).as("the group is not read a second time in the batch")
                .isLessThanOrEqualTo(30);
        assertThat(aws.records.keySet()).as("an offboard that could not read the group changed nothing")
                .anyMatch(key -> key.contains("._domainkey.gone0.example.com"))
                .anyMatch(key -> key.contains("._domainkey.gone1.example.com"));
    }
}
