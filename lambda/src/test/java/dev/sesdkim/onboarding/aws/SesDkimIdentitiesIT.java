package dev.sesdkim.onboarding.aws;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.sesdkim.onboarding.DkimIdentities;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.MailFromDomain;
import dev.sesdkim.onboarding.MailFromState;
import dev.sesdkim.onboarding.MailFromStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SES adapter's status calls at SES's limit of 100 identities per GetIdentityDkimAttributes and
 * GetIdentityMailFromDomainAttributes request, seen where SES would receive them: WireMock records each request and
 * hands it on to moto_server, which answers.
 */
@ExtendWith(MotoServerExtension.class)
class SesDkimIdentitiesIT {

    @RegisterExtension
    static final WireMockExtension SES = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private SesClient ses;
    private DkimIdentities identities;

    @BeforeEach
    void setUp(MotoServer moto) {
        SES.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        ses = SesClient.builder().endpointOverride(URI.create(SES.baseUrl())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        SesV2Client sesV2 = SesV2Client.builder().endpointOverride(URI.create(SES.baseUrl())).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        identities = new SesDkimIdentities(ses, sesV2);
    }

    /** A hundred identities, every other one with a MAIL FROM domain. */
    private List<Domain> aHundredIdentities() {
        List<Domain> domains = IntStream.range(0, 100).mapToObj(i -> Domain.parse("d" + i + ".example.com")).toList();
        for (int i = 0; i < domains.size(); i++) {
            identities.verifyDomainDkim(domains.get(i));
            if (i % 2 == 0) {
                identities.setMailFromDomain(domains.get(i), MailFromDomain.of(domains.get(i), "bounce"));
            }
        }
        SES.resetRequests();
        return domains;
    }

    private static List<LoggedRequest> requests(String action) {
        return SES.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action)));
    }

    @Test
    void aHundredIdentitiesGoInOneMailFromRequestAndOnlyThoseWithOneComeBack() {
        List<Domain> domains = aHundredIdentities();

        Map<Domain, MailFromState> states = identities.mailFromStates(domains);

        assertThat(requests("GetIdentityMailFromDomainAttributes")).singleElement().satisfies(request ->
                assertThat(request.getBodyAsString()).contains("Identities.member.100=").doesNotContain("Identities.member.101"));
        assertThat(states).hasSize(50);
        assertThat(states.get(domains.get(0))).isEqualTo(new MailFromState(new MailFromDomain("bounce.d0.example.com"),
                MailFromStatus.SUCCESS));
        assertThat(states).doesNotContainKey(domains.get(1));
    }

    @Test
    void aHundredAndOneIdentitiesAreRefusedBeforeAnyRequest() {
        List<Domain> domains = IntStream.range(0, 101).mapToObj(i -> Domain.parse("d" + i + ".example.com")).toList();

        assertThatThrownBy(() -> identities.mailFromStates(domains)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100 identities per call, not 101");
        assertThatThrownBy(() -> identities.statuses(domains)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 100 identities per call, not 101");
        assertThat(SES.getAllServeEvents()).isEmpty();
    }

    @Test
    void aHundredIdentitiesGoInOneDkimStatusRequest() {
        List<Domain> domains = aHundredIdentities();

        assertThat(identities.statuses(domains)).hasSize(100);
        assertThat(requests("GetIdentityDkimAttributes")).singleElement().satisfies(request ->
                assertThat(request.getBodyAsString()).contains("Identities.member.100=").doesNotContain("Identities.member.101"));
    }
}
