package dev.sesdkim.onboarding.local;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.FormParameter;
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

    private final WireMockServer server;
    private final List<Arrival> arrivals = new ArrayList<>();

    RecordingProxy(URI target) {
        server = new WireMockServer(wireMockConfig().dynamicPort().disableRequestJournal()
                .notifier(new ConsoleNotifier(false)).extensions(new Recorder()));
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
}
