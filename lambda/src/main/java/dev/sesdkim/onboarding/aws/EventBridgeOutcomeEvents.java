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
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.Outcome;
import dev.sesdkim.onboarding.OutcomeEvents;
import dev.sesdkim.onboarding.RecordState;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Outcome events on the custom bus. PutEvents answers 200 even when it drops an entry, so a failed entry is raised as
 * an error: the message is then redelivered and the event published again, never silently lost.
 * <p>
 * The detail is the outcome record as JSON, its components in the order they are declared. An absent {@code Optional}
 * is left out; a domain is its name, a DKIM status as SES spells it, times and durations ISO-8601.
 */
public final class EventBridgeOutcomeEvents implements OutcomeEvents {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new SimpleModule("outcome values")
                    .addSerializer(asText(Domain.class, Domain::name))
                    .addSerializer(asText(DkimStatus.class, DkimStatus::sesName))
                    .addSerializer(asText(RecordState.class, RecordState::word))
                    .addSerializer(asText(Instant.class, Instant::toString))
                    .addSerializer(asText(Duration.class, Duration::toString)))
            .serializationInclusion(JsonInclude.Include.NON_ABSENT)
            .build();

    private final EventBridgeClient eventBridge;
    private final String busName;
    private final String source;

    public EventBridgeOutcomeEvents(EventBridgeClient eventBridge, String busName, String source) {
        this.eventBridge = eventBridge;
        this.busName = busName;
        this.source = source;
    }

    @Override
    public void publish(Outcome outcome) {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(source)
                .detailType(outcome.detailType())
                .detail(detailJson(outcome))
                .build();
        PutEventsResponse response = eventBridge.putEvents(request -> request.entries(entry));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            PutEventsResultEntry failed = response.entries().get(0);
            throw new IllegalStateException("EventBridge did not accept the " + outcome.detailType() + " event: "
                    + failed.errorCode() + " " + failed.errorMessage());
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
