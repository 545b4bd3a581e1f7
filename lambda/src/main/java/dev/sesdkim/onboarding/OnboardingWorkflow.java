package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;

/**
 * What happens to a batch of queue messages. Messages are handled in order. Input that can never succeed is
 * rejected: its body goes to the dead-letter queue with the reason, a rejection event is published, and it is
 * acknowledged. Any other failure is transient: that message and every later one in the batch are reported as failed,
 * so the FIFO queue redelivers them in order and nothing is lost.
 */
public final class OnboardingWorkflow {

    private static final Logger log = LoggerFactory.getLogger(OnboardingWorkflow.class);

    private final MessageCodec codec;
    private final Onboarding onboarding;
    private final DeadLetters deadLetters;
    private final OutcomeEvents events;

    public OnboardingWorkflow(MessageCodec codec, Onboarding onboarding, DeadLetters deadLetters, OutcomeEvents events) {
        this.codec = codec;
        this.onboarding = onboarding;
        this.deadLetters = deadLetters;
        this.events = events;
    }

    /** Handles the batch and returns the ids of the messages the queue must deliver again. */
    public List<String> process(List<InboundMessage> batch) {
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            InboundMessage message = batch.get(i);
            try (MDC.MDCCloseable ignored = MDC.putCloseable("messageId", message.messageId())) {
                handle(message);
            } catch (RuntimeException e) {
                log.warn("transient failure on message {}; it and the {} after it will be redelivered: {}",
                        message.messageId(), batch.size() - i - 1, e.toString());
                batch.subList(i, batch.size()).forEach(rest -> failed.add(rest.messageId()));
                break;
            }
        }
        return failed;
    }

    private void handle(InboundMessage message) {
        try {
            Request request = codec.parse(message.body());
            if (request instanceof Request.Onboard onboard) {
                try (MDC.MDCCloseable ignored = MDC.putCloseable("domain", onboard.domain().name())) {
                    onboarding.onboard(onboard);
                }
            } else {
                throw new UnsupportedOperationException(request.getClass().getSimpleName());
            }
        } catch (RejectedInputException e) {
            reject(message, e.reason());
        }
    }

    private void reject(InboundMessage message, String reason) {
        log.warn("rejected message {}: {}", message.messageId(), reason);
        deadLetters.reject(message, reason);
        events.publish(Outcome.rejected(message, codec.rawDomain(message.body()), reason));
    }
}
