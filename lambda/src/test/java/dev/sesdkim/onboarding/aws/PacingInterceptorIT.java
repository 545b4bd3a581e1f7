package dev.sesdkim.onboarding.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.sesdkim.onboarding.Pacer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SesException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The pacing of a real SES client, as SES would see it: WireMock stands in for SES, notes when each request arrives and
 * answers each domain's n-th attempt as the test's script says (throttled, reset, 5xx, refused, unreadable). Every SDK
 * attempt must arrive at least one interval after the one before it, and no failure may leave the pacer held: after
 * each test another thread must get a slot at once.
 */
class PacingInterceptorIT {

    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final Pattern ATTEMPT = Pattern.compile("attempt=(\\d+)");
    private static final String VERIFIED = "<VerifyDomainDkimResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\">"
            + "<VerifyDomainDkimResult><DkimTokens><member>token1</member><member>token2</member><member>token3</member>"
            + "</DkimTokens></VerifyDomainDkimResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
            + "</VerifyDomainDkimResponse>";

    /** One request as the stand-in saw it: when it arrived, and which SDK call and attempt it was. */
    record Arrival(long nanos, String attempt) {
    }

    private final List<Arrival> arrivals = new ArrayList<>();
    /** Per domain, the answer to its first, second, ... attempt (the SDK numbers them in the amz-sdk-request header). */
    private final Map<String, List<ResponseDefinitionBuilder>> script = new ConcurrentHashMap<>();

    @RegisterExtension
    final WireMockExtension ses = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().extensions(new ResponseDefinitionTransformerV2() {
                @Override
                public ResponseDefinition transform(ServeEvent serveEvent) {
                    long now = System.nanoTime();
                    LoggedRequest request = serveEvent.getRequest();
                    String sdkAttempt = request.getHeader("amz-sdk-request");
                    synchronized (arrivals) {
                        arrivals.add(new Arrival(now, request.getHeader("amz-sdk-invocation-id") + " " + sdkAttempt));
                    }
                    Matcher attempt = ATTEMPT.matcher(sdkAttempt);
                    assertThat(attempt.find()).as(sdkAttempt).isTrue();
                    return script.get(request.formParameter("Domain").firstValue())
                            .get(Integer.parseInt(attempt.group(1)) - 1).build();
                }

                @Override
                public String getName() {
                    return "scripted-ses";
                }
            })).build();

    @BeforeEach
    void everyRequestGoesToTheScript() {
        ses.stubFor(any(anyUrl()).willReturn(aResponse()));
    }

    private final Pacer pacer = Pacer.realTime(1e9 / INTERVAL.toNanos());

    private SesClient client(ExecutionInterceptor... after) {
        return SesClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create(ses.baseUrl()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(config -> {
                    config.addExecutionInterceptor(new PacingInterceptor(pacer));
                    List.of(after).forEach(config::addExecutionInterceptor);
                    config.retryStrategy(retries -> retries.maxAttempts(4)
                            .backoffStrategy(BackoffStrategy.retryImmediately())
                            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately()));
                })
                .build();
    }

    private static ResponseDefinitionBuilder sesError(int status, String code) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>stand-in</Message>"
                        + "</Error><RequestId>r</RequestId></ErrorResponse>");
    }

    private static ResponseDefinitionBuilder verified() {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(VERIFIED);
    }

    private static ResponseDefinitionBuilder reset() {
        return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
    }

    /**
     * Gaps between consecutive requests of different SDK attempts as the stand-in saw them. (A request the JDK's
     * HttpURLConnection resends by itself after a connection reset carries the same attempt number: it is below the SDK
     * and not paced.)
     */
    private List<Long> gapsBetweenAttemptsNanos() {
        List<Arrival> sorted;
        synchronized (arrivals) {
            sorted = arrivals.stream().sorted(Comparator.comparingLong(Arrival::nanos)).toList();
        }
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            if (!sorted.get(i).attempt().equals(sorted.get(i - 1).attempt())) {
                gaps.add(sorted.get(i).nanos() - sorted.get(i - 1).nanos());
            }
        }
        return gaps;
    }

    private long distinctAttempts() {
        synchronized (arrivals) {
            return arrivals.stream().map(Arrival::attempt).distinct().count();
        }
    }

    @AfterEach
    void nothingIsLeftHoldingThePacer() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> pacer.acquire().end(),
                "another thread could not get a pacer slot: an attempt's slot was never ended");
    }

    @Test
    void everyRetryOfAThrottledResetOrFailedCallArrivesAnIntervalAfterTheAttemptBeforeIt() {
        script.put("mail.example.com", List.of(sesError(400, "Throttling"), reset(), sesError(503, "ServiceUnavailable"), verified()));

        assertThat(client().verifyDomainDkim(request -> request.domain("mail.example.com")).dkimTokens()).hasSize(3);

        assertThat(distinctAttempts()).isEqualTo(4);
        assertThat(gapsBetweenAttemptsNanos()).hasSize(3).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL.toNanos()));
    }

    @Test
    void aCallThatFailsForGoodIsFollowedOneIntervalLaterNotSooner() {
        script.put("refused.example.com", List.of(sesError(400, "InvalidParameterValue")));
        script.put("unreadable.example.com", List.of(aResponse().withStatus(200).withBody("<not-xml")));
        script.put("unreachable.example.com", List.of(reset(), reset(), reset(), reset()));
        script.put("mail.example.com", List.of(verified()));
        SesClient client = client();

        assertThatThrownBy(() -> client.verifyDomainDkim(request -> request.domain("refused.example.com"))).isInstanceOf(SesException.class);
        assertThatThrownBy(() -> client.verifyDomainDkim(request -> request.domain("unreadable.example.com"))).isInstanceOf(SdkClientException.class);
        assertThatThrownBy(() -> client.verifyDomainDkim(request -> request.domain("unreachable.example.com"))).isInstanceOf(SdkClientException.class);
        client.verifyDomainDkim(request -> request.domain("mail.example.com"));

        assertThat(distinctAttempts()).isEqualTo(7);
        assertThat(gapsBetweenAttemptsNanos()).hasSize(6).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL.toNanos()));
    }

    @Test
    void aCallThatAnotherInterceptorFailsBeforeItLeavesEndsItsSlot() {
        ExecutionInterceptor refusing = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                throw new IllegalStateException("refused by a later interceptor");
            }
        };

        assertThatThrownBy(() -> client(refusing).verifyDomainDkim(request -> request.domain("mail.example.com")))
                .hasMessage("refused by a later interceptor");
        assertThat(distinctAttempts()).isZero();
    }
}
