package dev.sesdkim.onboarding.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesdkim.onboarding.Outcome;
import dev.sesdkim.onboarding.OutcomeEvents;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Outcome events on the custom bus. PutEvents answers 200 even when it drops an entry, so a failed entry is raised as
 * an error: the message is then redelivered and the event published again, never silently lost.
 */
public final class EventBridgeOutcomeEvents implements OutcomeEvents {

    private final EventBridgeClient eventBridge;
    private final ObjectMapper json = new ObjectMapper();
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
                .detailType(outcome.type().detailType())
                .detail(detailJson(outcome))
                .build();
        PutEventsResponse response = eventBridge.putEvents(request -> request.entries(entry));
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            PutEventsResultEntry failed = response.entries().get(0);
            throw new IllegalStateException("EventBridge did not accept the " + outcome.type().detailType() + " event: "
                    + failed.errorCode() + " " + failed.errorMessage());
        }
    }

    private String detailJson(Outcome outcome) {
        try {
            return json.writeValueAsString(outcome.detail());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outcome detail is not serialisable: " + outcome, e);
        }
    }
}
