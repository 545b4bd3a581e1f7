package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.Outcome;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventBridgeOutcomeEventsTest {

    private final List<PutEventsRequest> requests = new ArrayList<>();
    private final List<PutEventsResponse> responses = new ArrayList<>();

    private final EventBridgeClient eventBridge = new EventBridgeClient() {
        @Override
        public PutEventsResponse putEvents(PutEventsRequest request) {
            requests.add(request);
            return responses.remove(0);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    };

    private final EventBridgeOutcomeEvents events = new EventBridgeOutcomeEvents(eventBridge, "dkim-bus", "dkim.onboarding");

    private static Outcome verified() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("domain", "mail.example.com");
        detail.put("attempt", 2);
        return new Outcome(Outcome.Type.VERIFIED, detail);
    }

    @Test
    void publishesOneEntryOnTheBusWithTheSourceDetailTypeAndDetailInOrder() {
        responses.add(PutEventsResponse.builder().failedEntryCount(0)
                .entries(PutEventsResultEntry.builder().eventId("e1").build()).build());

        events.publish(verified());

        assertThat(requests).singleElement().satisfies(request -> assertThat(request.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.eventBusName()).isEqualTo("dkim-bus");
            assertThat(entry.source()).isEqualTo("dkim.onboarding");
            assertThat(entry.detailType()).isEqualTo("DKIM Verified");
            assertThat(entry.detail()).isEqualTo("{\"domain\":\"mail.example.com\",\"attempt\":2}");
        }));
    }

    @Test
    void anEntryTheBusDidNotTakeIsAnErrorSoTheMessageIsRedeliveredNotLost() {
        responses.add(PutEventsResponse.builder().failedEntryCount(1)
                .entries(PutEventsResultEntry.builder().errorCode("InternalFailure").errorMessage("try again").build()).build());

        assertThatThrownBy(() -> events.publish(verified()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DKIM Verified")
                .hasMessageContaining("InternalFailure try again");
    }
}
