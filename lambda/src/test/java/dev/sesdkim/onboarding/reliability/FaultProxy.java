package dev.sesdkim.onboarding.reliability;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A WireMock proxy between the function's SDK clients and moto_server that fails requests as a {@link FaultPlan}
 * says, in each service's own error format, or by resetting the connection, and forwards every other request to moto
 * untouched. It counts what it saw, so a test can say how many faults the function lived through.
 */
final class FaultProxy implements AutoCloseable {

    private final WireMockServer server;
    private final Map<String, Integer> requests = new TreeMap<>();
    private final Map<FaultPlan.Kind, Integer> faults = new EnumMap<>(FaultPlan.Kind.class);
    private final FaultPlan plan;
    private final List<String> forwardedPutEvents = new ArrayList<>();
    /** The SDK's invocation id and attempt number of every request seen, to spot one sent twice. */
    private final Set<String> attemptsSeen = new HashSet<>();
    private int resentAttempts;

    FaultProxy(URI moto, FaultPlan plan) {
        this.plan = plan;
        server = new WireMockServer(wireMockConfig().dynamicPort().disableRequestJournal()
                .notifier(new ConsoleNotifier(false)).extensions(new Injector(), new TokenMinter()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(moto.toString())));
    }

    URI endpoint() {
        return URI.create("http://localhost:" + server.port());
    }

    synchronized int faultsInjected() {
        return faults.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized Map<FaultPlan.Kind, Integer> faultsByKind() {
        return Map.copyOf(faults);
    }

    synchronized int requests() {
        return requests.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int requests(String callName) {
        return requests.getOrDefault(callName, 0);
    }

    /**
     * Requests that arrived a second time with the same SDK invocation id and attempt number: resent below the SDK, by
     * the JDK's HTTP client after a connection reset, so the SDK never saw that fault.
     */
    synchronized int resentBelowTheSdk() {
        return resentAttempts;
    }

    /** The bodies of the PutEvents requests that reached the bus (moto accepts every entry it is sent). */
    /** The tokens this proxy hands the function for {@code domain} in place of {@code emulatorTokens}. */
    static List<String> mintedTokens(String domain, List<String> emulatorTokens) {
        List<String> minted = new ArrayList<>();
        for (int i = 0; i < emulatorTokens.size(); i++) {
            minted.add(TokenMinter.token(domain, i, emulatorTokens.get(i).length()));
        }
        return minted;
    }

    synchronized List<String> forwardedPutEvents() {
        return List.copyOf(forwardedPutEvents);
    }

    @Override
    public void close() {
        server.stop();
    }

    private final class Injector implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            LoggedRequest request = serveEvent.getRequest();
            AwsCall call = AwsCall.of(request.getMethod().getName(), request.getUrl(),
                    request.containsHeader("X-Amz-Target") ? request.getHeader("X-Amz-Target") : null, request.getBodyAsString());
            Optional<FaultPlan.Kind> fault = plan.decide(call);
            String attempt = request.getHeader("amz-sdk-invocation-id") + " " + request.getHeader("amz-sdk-request");
            synchronized (FaultProxy.this) {
                if (!attemptsSeen.add(attempt)) {
                    resentAttempts++;
                }
                requests.merge(call.name(), 1, Integer::sum);
                fault.ifPresent(kind -> faults.merge(kind, 1, Integer::sum));
                if (fault.isEmpty() && call.name().equals("EventBridge PutEvents")) {
                    forwardedPutEvents.add(call.body());
                }
            }
            return fault.map(kind -> failure(call, kind)).orElse(serveEvent.getResponseDefinition());
        }

        @Override
        public String getName() {
            return "fault-injector";
        }
    }

    /**
     * moto gives every domain the same three DKIM tokens; SES gives each identity its own, and the same ones again when
     * asked again. This makes VerifyDomainDkim answers do the same (tokens derived from the domain, as long as moto's),
     * so a record written with another domain's tokens would show.
     */
    private static final class TokenMinter implements ResponseTransformerV2 {
        private static final Pattern TOKEN = Pattern.compile("<member>([a-z0-9]+)</member>");

        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            String body = serveEvent.getRequest().getBodyAsString();
            String domain = AwsCall.formValue(body, "Domain");
            if (response.getStatus() != 200 || domain == null || !"VerifyDomainDkim".equals(AwsCall.formValue(body, "Action"))) {
                return response;
            }
            Matcher tokens = TOKEN.matcher(response.getBodyAsString());
            StringBuilder minted = new StringBuilder();
            int index = 0;
            while (tokens.find()) {
                tokens.appendReplacement(minted, "<member>" + token(domain, index++, tokens.group(1).length()) + "</member>");
            }
            tokens.appendTail(minted);
            return Response.Builder.like(response).but().body(minted.toString()).build();
        }

        private static String token(String domain, int index, int length) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest((domain + "#" + index).getBytes(StandardCharsets.UTF_8));
                StringBuilder token = new StringBuilder();
                for (int i = 0; token.length() < length; i++) {
                    token.append("abcdefghijklmnopqrstuvwxyz234567".charAt((hash[i % hash.length] & 0xff) % 32));
                }
                return token.toString();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String getName() {
            return "dkim-token-minter";
        }
    }

    /** The error the service would return, in its protocol: query XML (SES), REST XML (Route 53) or JSON. */
    private static ResponseDefinition failure(AwsCall call, FaultPlan.Kind kind) {
        if (kind == FaultPlan.Kind.CONNECTION_RESET) {
            return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        int status = switch (kind) {
            case HTTP_500 -> 500;
            case HTTP_503 -> 503;
            default -> 400;
        };
        String code = switch (kind) {
            case HTTP_500 -> "InternalFailure";
            case HTTP_503 -> "ServiceUnavailable";
            case PRIOR_REQUEST_NOT_COMPLETE -> "PriorRequestNotComplete";
            default -> call.service().equals("SES") || call.service().equals("Route53") ? "Throttling" : "ThrottlingException";
        };
        String message = "injected by the reliability suite's fault proxy";
        return switch (call.service()) {
            case "SES" -> xml(status, "<ErrorResponse xmlns=\"http://ses.amazonaws.com/doc/2010-12-01/\"><Error><Type>"
                    + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + code + "</Code><Message>" + message
                    + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>");
            case "Route53" -> xml(status, "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                    + "<Error><Type>" + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + code + "</Code><Message>"
                    + message + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>");
            default -> ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withHeader("x-amzn-ErrorType", code)
                    .withHeader("x-amzn-RequestId", "fault-proxy")
                    .withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}").build();
        };
    }

    private static ResponseDefinition xml(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "fault-proxy").withBody(body).build();
    }
}
