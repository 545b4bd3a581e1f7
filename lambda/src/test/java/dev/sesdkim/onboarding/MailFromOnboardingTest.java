package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Onboarding and offboarding a domain with a custom MAIL FROM domain, on fakes. */
class MailFromOnboardingTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final MailFromRecord MX = new MailFromRecord("bounce.mail.example.com", "MX",
            "10 feedback-smtp.us-east-1.amazonses.com", 1800);
    private static final MailFromRecord SPF = new MailFromRecord("bounce.mail.example.com", "TXT",
            "\"v=spf1 include:amazonses.com ~all\"", 1800);

    private final Fakes aws = new Fakes();

    {
        // As deployed with the mailFromLabel context value bounce: IAM lets the function write MX and TXT at bounce.*.
        aws.mailFromPolicy = new MailFromPolicy(Optional.of("bounce"), "us-east-1", 1800);
    }

    private List<String> process(String... bodies) {
        List<InboundMessage> batch = new java.util.ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            batch.add(new InboundMessage("m" + (i + 1), bodies[i]));
        }
        return aws.workflow(Clock.fixed(NOW, ZoneOffset.UTC)).process(batch);
    }

    @Test
    void setsTheMailFromDomainAfterVerifyingAndWritesItsRecordsInTheSameChangeAsTheCnames() {
        aws.addZone("Z1", "example.com");

        assertThat(process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}")).isEmpty();

        assertThat(aws.journal).containsExactly(
                "dns:find mail.example.com",
                "dns:readMailFrom Z1 bounce.mail.example.com",
                "ses:verify mail.example.com",
                "ses:setMailFrom mail.example.com bounce.mail.example.com",
                "dns:upsert Z1 3+2",
                "schedule " + aws.schedules.keySet().iterator().next(),
                "event DKIM Records Published");
        assertThat(aws.mailFromDomains).containsEntry("mail.example.com", new MailFromDomain("bounce.mail.example.com"));
        assertThat(aws.mailRecords.values()).containsExactly(List.of(MX), List.of(SPF));
        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.RecordsPublished.class, published -> {
            assertThat(published.records()).hasSize(3);
            assertThat(published.mailFrom()).contains(new Outcome.MailFrom("bounce.mail.example.com",
                    List.of(Outcome.Cname.of(MX), Outcome.Cname.of(SPF))));
        });
    }

    @Test
    void withoutMailFromNothingChanges() {
        aws.addZone("Z1", "example.com");
        aws.mailFromPolicy = MailFromPolicy.NONE;

        process("{\"domain\":\"mail.example.com\"}");

        assertThat(aws.journal).doesNotContain("ses:setMailFrom mail.example.com bounce.mail.example.com")
                .contains("dns:upsert Z1 3");
        assertThat(aws.mailRecords).isEmpty();
        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.RecordsPublished.class,
                published -> assertThat(published.mailFrom()).isEmpty());
    }

    @Test
    void theDefaultLabelAppliesToAMessageThatNamesNone() {
        aws.addZone("Z1", "example.com");

        process("{\"domain\":\"mail.example.com\"}");

        assertThat(aws.mailFromDomains).containsEntry("mail.example.com", new MailFromDomain("bounce.mail.example.com"));
        assertThat(aws.mailRecords.values()).containsExactly(List.of(MX), List.of(SPF));
    }

    @Test
    void anotherRecordAtTheMailFromNameIsNotOverwrittenAndTheMessageIsRejectedBeforeSes() {
        aws.addZone("Z1", "example.com");
        MailFromRecord theirs = new MailFromRecord("bounce.mail.example.com", "MX", "10 mx.other-provider.example", 300);
        aws.mailRecords.put("Z1 bounce.mail.example.com MX", List.of(theirs));

        assertThat(process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}")).isEmpty();

        assertThat(aws.journal).noneMatch(call -> call.startsWith("ses:")).noneMatch(call -> call.startsWith("dns:upsert"));
        assertThat(aws.mailRecords).containsExactly(java.util.Map.entry("Z1 bounce.mail.example.com MX", List.of(theirs)));
        assertThat(aws.deadLetters.get("m1")).startsWith("MAIL FROM domain bounce.mail.example.com already has [MX \"10"
                + " mx.other-provider.example\"] in hosted zone Z1, which onboarding will not overwrite");
        assertThat(aws.events).singleElement().isInstanceOf(Outcome.Rejected.class);
    }

    @Test
    void anotherTxtAtTheMailFromNameIsNotOverwrittenEither() {
        aws.addZone("Z1", "example.com");
        aws.mailRecords.put("Z1 bounce.mail.example.com TXT", List.of(SPF,
                new MailFromRecord("bounce.mail.example.com", "TXT", "\"google-site-verification=abc\"", 300)));

        process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}");

        assertThat(aws.deadLetters.get("m1")).contains("TXT \"\\\"google-site-verification=abc\\\"\"");
        assertThat(aws.identities).isEmpty();
    }

    @Test
    void onboardingAgainOverItsOwnRecordsIsFine() {
        aws.addZone("Z1", "example.com");
        process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}");
        aws.events.clear();

        assertThat(process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}")).isEmpty();

        assertThat(aws.deadLetters).isEmpty();
        assertThat(aws.events).singleElement().isInstanceOf(Outcome.RecordsPublished.class);
        assertThat(aws.mailRecords.values()).containsExactly(List.of(MX), List.of(SPF));
    }

    @Test
    void withoutAZoneTheMailFromRecordsAreAnnouncedForManualDnsAndTheMailFromIsStillSet() {
        process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce.mail.example.com\"}");

        assertThat(aws.mailRecords).isEmpty();
        assertThat(aws.mailFromDomains).containsEntry("mail.example.com", new MailFromDomain("bounce.mail.example.com"));
        assertThat(aws.events).singleElement().isInstanceOfSatisfying(Outcome.ManualDnsRequired.class, manual -> {
            assertThat(manual.mailFrom()).contains(new Outcome.MailFrom("bounce.mail.example.com",
                    List.of(Outcome.Cname.of(MX), Outcome.Cname.of(SPF))));
            assertThat(manual.reason()).contains("these CNAME records and the MAIL FROM domain's MX and TXT records");
        });
    }

    @Test
    void aBadMailFromIsRejectedBeforeAnythingIsCalled() {
        aws.addZone("Z1", "example.com");

        process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"mail.example.com\"}");

        assertThat(aws.journal).noneMatch(call -> call.startsWith("ses:") || call.startsWith("dns:"));
        assertThat(aws.deadLetters.get("m1")).isEqualTo("mailFrom \"mail.example.com\" is invalid: it is the domain itself;"
                + " give a subdomain of it, like bounce.mail.example.com");
    }

    @Test
    void offboardingDeletesTheMailFromRecordsItWroteAndLeavesTheZoneAsItWas() {
        aws.addZone("Z1", "example.com");
        MailFromRecord unrelated = new MailFromRecord("other.mail.example.com", "TXT", "\"keep me\"", 300);
        aws.mailRecords.put("Z1 other.mail.example.com TXT", List.of(unrelated));
        process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}");

        assertThat(process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}")).isEmpty();

        assertThat(aws.records).isEmpty();
        assertThat(aws.mailRecords).containsOnlyKeys("Z1 other.mail.example.com TXT");
        assertThat(aws.mailFromDomains).isEmpty();
        assertThat(aws.events.get(aws.events.size() - 1)).isInstanceOfSatisfying(Outcome.Offboarded.class,
                offboarded -> assertThat(offboarded.recordsDeleted()).hasSize(4).contains("bounce.mail.example.com"));
    }

    @Test
    void offboardingLeavesAMailFromRecordSetSomeoneChanged() {
        aws.addZone("Z1", "example.com");
        process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}");
        List<MailFromRecord> changed = List.of(SPF, new MailFromRecord("bounce.mail.example.com", "TXT", "\"theirs\"", 1800));
        aws.mailRecords.put("Z1 bounce.mail.example.com TXT", changed);

        process("{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}");

        assertThat(aws.mailRecords).containsExactly(java.util.Map.entry("Z1 bounce.mail.example.com TXT", changed));
    }

    @Test
    void aMailFromTheDeploymentMayNotWriteIsRejectedBeforeSes() {
        aws.addZone("Z1", "example.com");

        process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"mf\"}");
        aws.mailFromPolicy = MailFromPolicy.NONE;
        process("{\"domain\":\"mail.example.com\",\"mailFrom\":\"bounce\"}");

        assertThat(aws.journal).noneMatch(call -> call.startsWith("ses:") || call.startsWith("dns:upsert"));
        assertThat(aws.deadLetters.get("m1")).isEqualTo("MAIL FROM domain mf.mail.example.com is not one this deployment"
                + " may write into hosted zone Z1 (it may write only bounce.*); deploy with the mailFromLabel context value"
                + " that names it, or leave mailFrom out");
        assertThat(aws.events).hasSize(2).allMatch(Outcome.Rejected.class::isInstance);
    }
}
