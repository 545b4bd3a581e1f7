package dev.sesdkim.onboarding.local;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.FormParameter;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A WireMock proxy in front of moto_server that forwards every request untouched and notes when each SES request
 * arrived, named by the {@code Action} of its query-protocol form body. It stands where SES would see the function's
 * requests: the SES pacer's promise is about these arrival times, not about when the SDK meant to send.
 */
final class RecordingProxy implements AutoCloseable {

    /** One request as the proxy saw it: {@link System#nanoTime()} when it arrived, and its SES action. */
    record Arrival(long nanos, String action) {
    }

    /** Sees each request with the emulator's answer, and returns the answer the function is to get. */
    interface Exchanges {
        String answer(Request request, int status, String answer);
    }

    private final WireMockServer server;
    private final List<Arrival> arrivals = new ArrayList<>();

    RecordingProxy(URI target) {
        this(target, (request, status, answer) -> answer);
    }

    RecordingProxy(URI target, Exchanges exchanges) {
        server = new WireMockServer(wireMockConfig().dynamicPort().disableRequestJournal()
                .notifier(new ConsoleNotifier(false)).extensions(new Recorder(), new Answers(exchanges)));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(target.toString())));
    }

    URI endpoint() {
        return URI.create("http://localhost:" + server.port());
    }

    List<Arrival> arrivals() {
        synchronized (arrivals) {
            return List.copyOf(arrivals);
        }
    }

    void clear() {
        synchronized (arrivals) {
            arrivals.clear();
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * Notes the arrival before the request is forwarded, so a request's arrival always precedes the answer its client
     * gets back: nothing the proxy does later can make two arrivals look further apart than they were.
     */
    private final class Recorder implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            long now = System.nanoTime();
            FormParameter action = serveEvent.getRequest().formParameter("Action");
            if (action != null && action.isPresent()) {
                synchronized (arrivals) {
                    arrivals.add(new Arrival(now, action.firstValue()));
                }
            }
            return serveEvent.getResponseDefinition();
        }

        @Override
        public String getName() {
            return "ses-arrival-recorder";
        }
    }

    /** Hands each proxied answer to the {@link Exchanges}; a changed body loses the emulator's Content-Length. */
    private static final class Answers implements ResponseTransformerV2 {
        private final Exchanges exchanges;

        Answers(Exchanges exchanges) {
            this.exchanges = exchanges;
        }

        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            String body = response.getBodyAsString();
            String answer = exchanges.answer(serveEvent.getRequest(), response.getStatus(), body);
            if (answer.equals(body)) {
                return response;
            }
            List<HttpHeader> headers = response.getHeaders().all().stream()
                    .filter(header -> !header.keyEquals("Content-Length")).toList();
            return Response.Builder.like(response).but().headers(new HttpHeaders(headers)).body(answer).build();
        }

        @Override
        public String getName() {
            return "function-exchanges";
        }
    }
}
