package dev.sesdkim.onboarding.aws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.sesdkim.onboarding.DkimStatus;
import dev.sesdkim.onboarding.MailFromStatus;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.Outcome;
import dev.sesdkim.onboarding.OutcomeEvents;
import dev.sesdkim.onboarding.RecordState;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Outcome events on the custom bus, published together: as many entries to a {@code PutEvents} request as it takes
 * ({@value #MAX_ENTRIES_PER_REQUEST}, and at most {@value #MAX_REQUEST_SIZE} bytes of entries counted as EventBridge
 * counts them, see {@link #entrySize}), so a re-check wave that verifies a thousand domains makes a hundred requests, not
 * a thousand. PutEvents answers 200 even when it drops entries; the entries it dropped, and only those, are sent again
 * ({@value #ATTEMPTS} attempts in all, a short pause between), and those still dropped are reported to the workflow,
 * which redelivers their messages: never silently lost.
 * <p>
 * The detail is the outcome record as JSON, its components in the order they are declared. An absent {@code Optional}
 * is left out; a domain is its name, a DKIM status as SES spells it, times and durations ISO-8601.
 */
public final class EventBridgeOutcomeEvents implements OutcomeEvents {

    /** PutEvents takes at most this many entries a request. */
    static final int MAX_ENTRIES_PER_REQUEST = 10;
    /** PutEvents takes at most 256 KB of entries a request, each sized by {@link #entrySize}. */
    static final int MAX_REQUEST_SIZE = 256 * 1024;
    /** Sends of an entry the bus dropped, the first included; the SDK retries a request that failed as a whole. */
    static final int ATTEMPTS = 3;
    /** The pause before the second attempt; it doubles before the third. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(EventBridgeOutcomeEvents.class);

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new SimpleModule("outcome values")
                    .addSerializer(asText(Domain.class, Domain::name))
                    .addSerializer(asText(DkimStatus.class, DkimStatus::sesName))
                    .addSerializer(asText(MailFromStatus.class, MailFromStatus::sesName))
                    .addSerializer(asText(RecordState.class, RecordState::word))
                    .addSerializer(asText(Instant.class, Instant::toString))
                    .addSerializer(asText(Duration.class, Duration::toString)))
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .build();

    /** How the adapter waits before sending dropped entries again; tests wait on nothing. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration);
    }

    private final EventBridgeClient eventBridge;
    private final String busName;
    private final String source;
    private final Pause pause;

    public EventBridgeOutcomeEvents(EventBridgeClient eventBridge, String busName, String source) {
        this(eventBridge, busName, source, EventBridgeOutcomeEvents::sleep);
    }

    EventBridgeOutcomeEvents(EventBridgeClient eventBridge, String busName, String source, Pause pause) {
        this.eventBridge = eventBridge;
        this.busName = busName;
        this.source = source;
        this.pause = pause;
    }

    @Override
    public void publish(Outcome outcome) {
        Map<Integer, String> notAccepted = send(List.of(outcome));
        if (!notAccepted.isEmpty()) {
            throw new IllegalStateException("EventBridge did not accept the " + outcome.detailType() + " event: "
                    + notAccepted.get(0));
        }
    }

    @Override
    public List<Integer> publishAll(List<Outcome> outcomes) {
        Map<Integer, String> notAccepted = send(outcomes);
        notAccepted.forEach((position, error) -> log.warn("EventBridge did not accept the {} event of {}: {}",
                outcomes.get(position).detailType(), outcomes.get(position).domainName().orElse("no domain"), error));
        return List.copyOf(notAccepted.keySet());
    }

    /** Sends the outcomes; returns the error of each one the bus did not accept after every attempt, by position. */
    private SortedMap<Integer, String> send(List<Outcome> outcomes) {
        SortedMap<Integer, String> errors = new TreeMap<>();
        List<Entry> unsent = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                    .eventBusName(busName)
                    .source(source)
                    .detailType(outcome.detailType())
                    .detail(detailJson(outcome))
                    .build();
            int size = entrySize(entry);
            if (size > MAX_REQUEST_SIZE) {
                errors.put(i, "the entry is " + size + " bytes, more than PutEvents takes (" + MAX_REQUEST_SIZE + ")");
            } else {
                unsent.add(new Entry(i, entry, size));
            }
        }
        Duration wait = FIRST_PAUSE;
        for (int attempt = 1; attempt <= ATTEMPTS && !unsent.isEmpty(); attempt++) {
            if (attempt > 1) {
                pause.pause(wait);
                wait = wait.multipliedBy(2);
            }
            List<Entry> dropped = new ArrayList<>();
            for (List<Entry> request : requests(unsent)) {
                PutEventsResponse response = eventBridge.putEvents(put -> put.entries(request.stream().map(Entry::entry).toList()));
                if (response.failedEntryCount() == null || response.failedEntryCount() == 0) {
                    request.forEach(entry -> errors.remove(entry.position()));
                    continue;
                }
                List<PutEventsResultEntry> results = response.entries();
                for (int i = 0; i < request.size(); i++) {
                    // The results match the request's entries by position; one without an error code was accepted.
                    Entry entry = request.get(i);
                    PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
                    if (result == null || result.errorCode() != null) {
                        dropped.add(entry);
                        errors.put(entry.position(), result == null ? "no result for the entry"
                                : result.errorCode() + " " + result.errorMessage());
                    } else {
                        errors.remove(entry.position());
                    }
                }
            }
            unsent = dropped;
        }
        return errors;
    }

    /** An outcome's entry, its position among those published together, and its size as EventBridge counts it. */
    private record Entry(int position, PutEventsRequestEntry entry, int size) {
    }

    /** The entries, in order, split into requests of at most {@value #MAX_ENTRIES_PER_REQUEST} and {@value #MAX_REQUEST_SIZE} bytes. */
    private static List<List<Entry>> requests(List<Entry> entries) {
        List<List<Entry>> requests = new ArrayList<>();
        List<Entry> request = new ArrayList<>();
        int size = 0;
        for (Entry entry : entries) {
            if (request.size() == MAX_ENTRIES_PER_REQUEST || size + entry.size() > MAX_REQUEST_SIZE) {
                requests.add(request);
                request = new ArrayList<>();
                size = 0;
            }
            request.add(entry);
            size += entry.size();
        }
        if (!request.isEmpty()) {
            requests.add(request);
        }
        return requests;
    }

    /**
     * An entry's size as EventBridge counts it against the request's 256 KB ("Calculating PutEvents event entry size",
     * EventBridge User Guide): 14 bytes for a time if set, and the UTF-8 bytes of source, detail-type, detail and each
     * resource. The bus name is not counted.
     */
    static int entrySize(PutEventsRequestEntry entry) {
        int size = entry.time() == null ? 0 : 14;
        size += utf8Length(entry.source()) + utf8Length(entry.detailType()) + utf8Length(entry.detail());
        if (entry.hasResources()) {
            size += entry.resources().stream().mapToInt(EventBridgeOutcomeEvents::utf8Length).sum();
        }
        return size;
    }

    private static int utf8Length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to send dropped events again", e);
        }
    }

    private static String detailJson(Outcome outcome) {
        try {
            return JSON.writeValueAsString(outcome);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outcome detail is not serialisable: " + outcome, e);
        }
    }

    private static <T> StdSerializer<T> asText(Class<T> type, Function<T, String> text) {
        return new StdSerializer<>(type) {
            @Override
            public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(text.apply(value));
            }
        };
    }
}
