package dev.sesdkim.onboarding;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which messages of one batch the queue must deliver again, and which domains they hold back. A message is redelivered
 * either on its own (it could not be read, time ran short, a re-check failed) or together with its domain: then every
 * later message of the batch about that domain is redelivered too, so a domain's messages take effect in the order they
 * were sent. The ids are reported in batch order, whatever order they failed in.
 */
final class BatchLedger {

    private final List<String> batchOrder;
    private final Set<String> redelivered = new HashSet<>();
    private final Set<Domain> held = new HashSet<>();

    BatchLedger(List<InboundMessage> batch) {
        this.batchOrder = batch.stream().map(InboundMessage::messageId).toList();
    }

    /** The message is delivered again; it holds nothing back. */
    void redeliver(String messageId) {
        if (!batchOrder.contains(messageId)) {
            throw new IllegalArgumentException("message " + messageId + " is not in this batch");
        }
        redelivered.add(messageId);
    }

    /** The message is delivered again, and so is every later message of the batch about {@code domain}. */
    void redeliverAndHold(String messageId, Domain domain) {
        redeliver(messageId);
        held.add(domain);
    }

    /** True once a message about {@code domain} is redelivered with it: a later one must not take effect before it. */
    boolean isHeld(Domain domain) {
        return held.contains(domain);
    }

    /** The ids of the messages to deliver again, in batch order: what the handler reports as batch item failures. */
    List<String> redelivered() {
        return batchOrder.stream().filter(redelivered::contains).toList();
    }
}
