package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCodecTest {

    private final MessageCodec codec = new MessageCodec();

    @Test
    void parsesOnboardWithOptionalFieldsAndIgnoresUnknownOnes() {
        Request request = codec.parse("""
                {"action":"onboard","domain":"Mail.Example.com.","hostedZoneId":"/hostedzone/Z0123ABC","tenantId":"acme","colour":"blue"}""");
        assertThat(request).isEqualTo(new Request.Onboard(Domain.parse("mail.example.com"), Optional.of("Z0123ABC"), Optional.of("acme")));
    }

    @Test
    void missingActionMeansOnboard() {
        assertThat(codec.parse("{\"domain\":\"mail.example.com\"}"))
                .isEqualTo(new Request.Onboard(Domain.parse("mail.example.com"), Optional.empty(), Optional.empty()));
    }

    @Test
    void parsesOffboardWithOptionalZoneAndTenant() {
        assertThat(codec.parse("{\"action\":\"offboard\",\"domain\":\"mail.example.com\",\"hostedZoneId\":\"Z9\",\"tenantId\":\"acme\"}"))
                .isEqualTo(new Request.Offboard(Domain.parse("mail.example.com"), Optional.of("Z9"), Optional.of("acme")));
        assertThat(codec.parse("{\"action\":\"offboard\",\"domain\":\"mail.example.com\"}"))
                .isEqualTo(new Request.Offboard(Domain.parse("mail.example.com"), Optional.empty(), Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource({"onboard", "offboard"})
    void onboardAndOffboardAreRequestsAboutTheOneDomainTheyName(String action) {
        Request request = codec.parse("{\"action\":\"" + action + "\",\"domain\":\"mail.example.com\",\"hostedZoneId\":\"Z9\","
                + "\"tenantId\":\"acme\"}");

        assertThat(request).isInstanceOfSatisfying(Request.ForDomain.class, forDomain -> {
            assertThat(forDomain.domain()).isEqualTo(Domain.parse("mail.example.com"));
            assertThat(forDomain.hostedZoneId()).contains("Z9");
            assertThat(forDomain.tenantId()).contains("acme");
        });
    }

    @Test
    void aRecheckIsNotARequestAboutOneDomain() {
        assertThat(codec.parse("{\"action\":\"recheck\",\"attempt\":1,\"domains\":[{\"domain\":\"a.example.com\","
                + "\"startedAt\":\"2026-11-22T10:00:00Z\"}]}")).isNotInstanceOf(Request.ForDomain.class);
    }

    @Test
    void recheckRoundTripsThroughJson() {
        Request.Recheck recheck = new Request.Recheck(3, List.of(
                new Request.PendingDomain(Domain.parse("a.example.com"), Optional.of("Z1"), Optional.of("acme"), Instant.parse("2026-11-22T10:00:00Z"), false),
                new Request.PendingDomain(Domain.parse("b.example.org"), Optional.empty(), Optional.empty(), Instant.parse("2026-11-22T11:00:00Z"), true),
                new Request.PendingDomain(Domain.parse("c.example.org"), Optional.empty(), Optional.empty(), Instant.parse("2026-11-22T11:00:00Z"), false)
                        .withMailFrom(Optional.of(new MailFromDomain("bounce.c.example.org")))));
        assertThat(codec.toJson(recheck)).contains("\"mailFrom\":\"bounce.c.example.org\"");
        assertThat(codec.parse(codec.toJson(recheck))).isEqualTo(recheck);
    }

    @Test
    void aRecheckedDomainsMailFromIsValidatedLikeAnOnboardsBecauseAnyoneAllowedMaySendToTheQueue() {
        assertThatThrownBy(() -> codec.parse("{\"action\":\"recheck\",\"attempt\":1,\"domains\":[{\"domain\":\"mail.example.com\","
                + "\"startedAt\":\"2026-11-22T10:00:00Z\",\"mailFrom\":\"bounce.evil.example\"}]}"))
                .isInstanceOf(RejectedInputException.class)
                .hasMessage("mailFrom \"bounce.evil.example\" is invalid: bounce.evil.example is not a subdomain of"
                        + " mail.example.com; give a label, like bounce, or a name under the domain");
    }

    @Test
    void aRecheckCarriedForwardSaysHowOftenAndOneThatFollowsTheBackOffLeavesTheFieldOut() {
        List<Request.PendingDomain> domains = List.of(new Request.PendingDomain(Domain.parse("a.example.com"), Optional.empty(),
                Optional.empty(), Instant.parse("2026-11-22T10:00:00Z"), false));
        Request.Recheck carried = new Request.Recheck(3, domains, 2);

        assertThat(codec.toJson(carried)).contains("\"carriedForward\":2");
        assertThat(codec.parse(codec.toJson(carried))).isEqualTo(carried);
        assertThat(codec.toJson(new Request.Recheck(3, domains))).doesNotContain("carriedForward");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|not valid JSON",
            "[1,2]|must be a JSON object",
            "\"mail.example.com\"|must be a JSON object",
            "{\"action\":\"onboard\"}|field domain is missing",
            "{\"action\":\"onboard\",\"domain\":42}|field domain must be a string, not number",
            "{\"action\":\"onboard\",\"domain\":[\"a.com\"]}|field domain must be a string, not array",
            "{\"action\":7,\"domain\":\"a.com\"}|field action must be a string",
            "{\"action\":\"nuke\",\"domain\":\"a.com\"}|action \"nuke\" is not one of onboard, recheck, offboard",
            "{\"domain\":\"a.com\",\"domain\":\"evil.com\"}|not valid JSON",
            "{\"domain\":\"a.com\",\"hostedZoneId\":\"Z1; DROP\"}|field hostedZoneId \"Z1; DROP\" is not a Route 53 hosted zone id",
            "{\"domain\":\"a.com\",\"tenantId\":5}|field tenantId must be a string",
            "{\"action\":\"recheck\",\"attempt\":0,\"domains\":[]}|field attempt must be a whole number",
            "{\"action\":\"recheck\",\"attempt\":1.5,\"domains\":[]}|field attempt must be a whole number",
            "{\"action\":\"recheck\",\"attempt\":1,\"domains\":[]}|field domains must be a non-empty array",
            "{\"action\":\"recheck\",\"attempt\":1,\"carriedForward\":-1,\"domains\":[{\"domain\":\"a.com\",\"startedAt\":\"2026-11-22T10:00:00Z\"}]}|field carriedForward must be a whole number of at least 0",
            "{\"action\":\"recheck\",\"attempt\":1,\"carriedForward\":\"1\",\"domains\":[{\"domain\":\"a.com\",\"startedAt\":\"2026-11-22T10:00:00Z\"}]}|field carriedForward must be a whole number of at least 0",
            "{\"action\":\"recheck\",\"attempt\":1,\"domains\":[\"a.com\"]}|each entry of domains must be an object",
            "{\"action\":\"recheck\",\"attempt\":1,\"domains\":[{\"domain\":\"a.com\"}]}|field startedAt is missing",
            "{\"action\":\"recheck\",\"attempt\":1,\"domains\":[{\"domain\":\"a.com\",\"startedAt\":\"yesterday\"}]}|field startedAt \"yesterday\" is not an ISO-8601 instant",
    })
    void rejectsMalformedMessagesNamingTheField(String body, String reason) {
        assertThatThrownBy(() -> codec.parse(body))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rejectsABodyWithAnythingAfterItsObject() {
        assertThatThrownBy(() -> codec.parse("{\"domain\":\"mail.example.com\"}{\"domain\":\"evil.example.org\"}"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> codec.parse("{\"domain\":\"mail.example.com\"} trailing"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("not valid JSON");
        assertThat(codec.parse("{\"domain\":\"mail.example.com\"}\n")).isInstanceOf(Request.Onboard.class);
    }

    @Test
    void rejectsEmptyBody() {
        assertThatThrownBy(() -> codec.parse("")).isInstanceOf(RejectedInputException.class);
        assertThatThrownBy(() -> codec.parse(null)).isInstanceOf(RejectedInputException.class);
    }

    @Test
    void recoversTheRawDomainOfARejectedMessageForItsEvent() {
        assertThat(codec.rawDomain("{\"domain\":\"*.example.com\"}")).contains("*.example.com");
        assertThat(codec.rawDomain("{\"domain\":42}")).isEmpty();
        assertThat(codec.rawDomain("garbage")).isEmpty();
    }

    @Test
    void readsAVerifyRequestOfTheSameShapeAsOnboard() {
        Request request = codec.parse("{\"action\":\"verify\",\"domain\":\"Mail.Example.com.\",\"hostedZoneId\":\"/hostedzone/Z0123\",\"tenantId\":\"acme\"}");

        assertThat(request).isEqualTo(new Request.Verify(Domain.parse("mail.example.com"), java.util.Optional.of("Z0123"),
                java.util.Optional.of("acme")));
        assertThat(codec.parse(codec.toJson((Request.Verify) request))).isEqualTo(request);
    }

    @Test
    void carriesTheDnsStateOfAPendingDomainThroughTheRecheckMessage() {
        Request.PendingDomain pending = new Request.PendingDomain(Domain.parse("mail.example.com"), java.util.Optional.empty(),
                java.util.Optional.empty(), java.time.Instant.parse("2026-11-22T10:00:00Z"), false)
                .withDnsState("ok,missing,wrong-target:1f2e3d4c;ns:0a1b2c3d");
        Request.Recheck recheck = new Request.Recheck(2, java.util.List.of(pending));

        assertThat(codec.parse(codec.toJson(recheck))).isEqualTo(recheck);
    }

    @Test
    void rejectsADnsStateThatIsNotOneThisServiceWrites() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> codec.parse("{\"action\":\"recheck\",\"attempt\":1,\"domains\":"
                        + "[{\"domain\":\"mail.example.com\",\"startedAt\":\"2026-11-22T10:00:00Z\",\"dnsState\":\"<script>\"}]}"))
                .isInstanceOf(RejectedInputException.class).hasMessageContaining("dnsState");
    }
}
