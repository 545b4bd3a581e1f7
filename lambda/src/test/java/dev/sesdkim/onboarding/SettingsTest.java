package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    static Map<String, String> required() {
        return SettingsFixtures.required();
    }

    @Test
    void appliesDefaultsForOptionalSettings() {
        Settings settings = Settings.from(required());
        assertThat(settings.messageGroupId()).isEqualTo("dkim-onboarding");
        assertThat(settings.sesCallsPerSecond()).isEqualTo(1.0);
        assertThat(settings.dkimRecordTtlSeconds()).isEqualTo(1800);
        assertThat(settings.dkimTargetDomain()).isEqualTo("dkim.amazonses.com");
        assertThat(settings.eventSource()).isEqualTo("dkim.onboarding");
        assertThat(settings.endpointUrl()).isEmpty();
        assertThat(settings.containerCredentials()).isFalse();
        assertThat(settings.writableZones()).isEqualTo(WritableZones.NO_ZONE);
    }

    @Test
    void readsTheWritableZonesTheStackGrants() {
        Map<String, String> env = required();
        env.put("WRITABLE_HOSTED_ZONES", "Z0123ABC, /hostedzone/Z0456DEF");
        assertThat(Settings.from(env).writableZones()).isEqualTo(new WritableZones(false, java.util.Set.of("Z0123ABC", "Z0456DEF")));

        env.put("WRITABLE_HOSTED_ZONES", "*");
        assertThat(Settings.from(env).writableZones().all()).isTrue();

        env.put("WRITABLE_HOSTED_ZONES", "none");
        assertThat(Settings.from(env).writableZones()).isEqualTo(WritableZones.NO_ZONE);
    }

    @Test
    void aMalformedWritableZoneListFailsStartUpNamingTheSetting() {
        Map<String, String> env = required();
        env.put("WRITABLE_HOSTED_ZONES", "Z0123ABC,example.com");
        assertThatThrownBy(() -> Settings.from(env)).hasMessage("Setting WRITABLE_HOSTED_ZONES=Z0123ABC,example.com is not *, "
                + "none or a comma-separated list of hosted zone ids: \"example.com\" is not a hosted zone id");
    }

    @Test
    void aSnapStartFunctionIsToldToUseContainerCredentialsByTheirEndpointVariable() {
        Map<String, String> env = required();
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials");

        assertThat(Settings.from(env).containerCredentials()).isTrue();
    }

    @Test
    void readsEveryOptionalSetting() {
        Map<String, String> env = required();
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");
        env.put("MESSAGE_GROUP_ID", "g1");
        env.put("SES_CALLS_PER_SECOND", "0.5");
        env.put("DKIM_RECORD_TTL", "300");
        env.put("DKIM_TARGET_DOMAIN", "dkim.example.net");
        env.put("EVENT_SOURCE", "acme.dkim");
        Settings settings = Settings.from(env);
        assertThat(settings.endpointUrl()).isEqualTo(Optional.of(URI.create("http://127.0.0.1:5000")));
        assertThat(settings.messageGroupId()).isEqualTo("g1");
        assertThat(settings.sesCallsPerSecond()).isEqualTo(0.5);
        assertThat(settings.dkimRecordTtlSeconds()).isEqualTo(300);
        assertThat(settings.dkimTargetDomain()).isEqualTo("dkim.example.net");
        assertThat(settings.eventSource()).isEqualTo("acme.dkim");
    }

    @Test
    void theRecordSpecIsTheDkimTargetDomainAndRecordTtlSettings() {
        Map<String, String> env = required();
        env.put("AWS_REGION", "af-south-1");
        assertThat(Settings.from(env).recordSpec()).isEqualTo(new RecordSpec("dkim.af-south-1.amazonses.com", 1800));

        env.put("DKIM_RECORD_TTL", "300");
        env.put("DKIM_TARGET_DOMAIN", "dkim.example.net");
        assertThat(Settings.from(env).recordSpec()).isEqualTo(new RecordSpec("dkim.example.net", 300));
    }

    @Test
    void usesTheRegionalDkimDomainWhereSesHasOne() {
        Map<String, String> env = required();
        env.put("AWS_REGION", "af-south-1");
        assertThat(Settings.from(env).dkimTargetDomain()).isEqualTo("dkim.af-south-1.amazonses.com");
        assertThat(Settings.dkimDomainFor("il-central-1")).isEqualTo("dkim.il-central-1.amazonses.com");
        assertThat(Settings.dkimDomainFor("us-east-1")).isEqualTo("dkim.amazonses.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS_REGION", "RECHECK_QUEUE_ARN", "DEAD_LETTER_QUEUE_URL", "SCHEDULE_GROUP_NAME", "SCHEDULER_ROLE_ARN",
            "SCHEDULER_DEAD_LETTER_QUEUE_ARN", "EVENT_BUS_NAME"})
    void aMissingRequiredSettingFailsWithOneLineNamingIt(String name) {
        Map<String, String> env = required();
        env.put(name, "  ");
        assertThatThrownBy(() -> Settings.from(env))
                .isInstanceOf(Settings.InvalidSettingException.class)
                .hasMessageStartingWith("Missing required setting " + name)
                .hasMessageNotContaining("\n");
    }

    @Test
    void readsTheStandardQueueSchedulerParksUndeliverableRechecksIn() {
        assertThat(Settings.from(required()).schedulerDeadLetterQueueArn())
                .isEqualTo("arn:aws:sqs:eu-west-1:123456789012:dkim-onboarding-recheck-dlq");
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:sqs:eu-west-1:123456789012:dkim-onboarding-dlq.fifo",
            "https://sqs.eu-west-1.amazonaws.com/123456789012/dkim-onboarding-recheck-dlq",
            "arn:aws:sns:eu-west-1:123456789012:dkim-onboarding-recheck-dlq"})
    void aSchedulerDeadLetterQueueThatIsNotAStandardQueueArnFailsStartUpWithOneLine(String value) {
        Map<String, String> env = required();
        env.put("SCHEDULER_DEAD_LETTER_QUEUE_ARN", value);

        assertThatThrownBy(() -> Settings.from(env))
                .isInstanceOf(Settings.InvalidSettingException.class)
                .hasMessage("Setting SCHEDULER_DEAD_LETTER_QUEUE_ARN=" + value + " is not the ARN of a standard SQS queue "
                        + "(Scheduler accepts no FIFO queue as a dead-letter queue)");
    }

    @Test
    void malformedNumbersAndUrlsAreNamed() {
        Map<String, String> env = required();
        env.put("SES_CALLS_PER_SECOND", "fast");
        assertThatThrownBy(() -> Settings.from(env)).hasMessage("Setting SES_CALLS_PER_SECOND=fast is not a positive number");
        env.remove("SES_CALLS_PER_SECOND");
        env.put("DKIM_RECORD_TTL", "-5");
        assertThatThrownBy(() -> Settings.from(env)).hasMessage("Setting DKIM_RECORD_TTL=-5 is not a positive whole number");
        env.remove("DKIM_RECORD_TTL");
        env.put("AWS_ENDPOINT_URL", "localhost");
        assertThatThrownBy(() -> Settings.from(env)).hasMessageStartingWith("Setting AWS_ENDPOINT_URL=localhost is not a URL");
    }

    @Test
    void theDnsResolverIsAHostWithAnOptionalPortAndUnsetMeansTheSystemsResolvers() {
        Map<String, String> env = new HashMap<>(required());
        assertThat(Settings.from(env).dnsResolver()).isEmpty();

        env.put(Settings.DNS_RESOLVER, "10.0.0.2");
        assertThat(Settings.from(env).dnsResolver()).contains(new Settings.DnsResolver("10.0.0.2", 53));

        env.put(Settings.DNS_RESOLVER, "127.0.0.1:5353");
        assertThat(Settings.from(env).dnsResolver()).contains(new Settings.DnsResolver("127.0.0.1", 5353));

        for (String malformed : java.util.List.of("127.0.0.1:70000", "udp://10.0.0.2", "10.0.0.2:", "[::1]:53")) {
            env.put(Settings.DNS_RESOLVER, malformed);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.from(env))
                    .isInstanceOf(Settings.InvalidSettingException.class).hasMessageContaining("DNS_RESOLVER=" + malformed);
        }
    }

    @Test
    void theMailFromLabelIsOneDnsLabelAndUnsetMeansNoMailFromDomain() {
        Map<String, String> env = new HashMap<>(required());
        assertThat(Settings.from(env).mailFromLabel()).isEmpty();
        assertThat(Settings.from(env).mailFromPolicy().defaultLabel()).isEmpty();

        env.put(Settings.MAIL_FROM_LABEL, "Bounce");
        assertThat(Settings.from(env).mailFromLabel()).contains("bounce");
        assertThat(Settings.from(env).mailFromPolicy()).isEqualTo(new MailFromPolicy(Optional.of("bounce"), "eu-west-1", 1800));

        for (String malformed : java.util.List.of("bounce.mail", "*", "-bounce", "bounce_1", "a".repeat(64),
                "\u212Abounce")) {
            env.put(Settings.MAIL_FROM_LABEL, malformed);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.from(env))
                    .isInstanceOf(Settings.InvalidSettingException.class).hasMessageContaining("MAIL_FROM_LABEL=" + malformed);
        }
    }
}
