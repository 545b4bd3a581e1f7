package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What happens to a batch of queue messages. Onboard and offboard messages are handled in order; the domains onboarded
 * get their first re-check together, in one schedule, once the batch's onboard and offboard messages are done, and only
 * then are their outcomes published, so a redelivery never announces a domain twice (a domain offboarded later in the
 * batch gets neither). Re-check messages are collected and handled together after them, so SES is asked about all their
 * domains in as few calls as possible; {@link Rechecking} says why that order is safe. Input that can never succeed is
 * rejected: its body goes to the dead-letter queue with the reason, a rejection event is published, and it is
 * acknowledged. Any other failure is transient: that message, every later one in the batch and every re-check collected
 * so far are reported as failed, so the FIFO queue redelivers them and nothing is lost. If the first re-checks cannot
 * be scheduled, every message from the first onboarded one on is failed too, so no domain is left without one. A
 * transient failure of the joint re-check fails every re-check message of the batch and nothing else.
 */
public final class OnboardingWorkflow {

    private static final Logger log = LoggerFactory.getLogger(OnboardingWorkflow.class);

    private final MessageCodec codec;
    private final Onboarding onboarding;
    private final Rechecking rechecking;
    private final Offboarding offboarding;
    private final DeadLetters deadLetters;
    private final OutcomeEvents events;

    public OnboardingWorkflow(MessageCodec codec, Onboarding onboarding, Rechecking rechecking, Offboarding offboarding,
                              DeadLetters deadLetters, OutcomeEvents events) {
        this.codec = codec;
        this.onboarding = onboarding;
        this.rechecking = rechecking;
        this.offboarding = offboarding;
        this.deadLetters = deadLetters;
        this.events = events;
    }

    /** A domain onboarded by the message at {@code index} of the batch, waiting for its first re-check. */
    private record Onboarded(int index, Onboarding.Result result) {
    }

    /** What a batch leaves to do once its onboard and offboard messages are done. */
    private static final class CollectedRechecks {
        final List<String> messageIds = new ArrayList<>();
        final List<Request.Recheck> rechecks = new ArrayList<>();
        final Set<Domain> offboarded = new HashSet<>();
        final List<Onboarded> onboarded = new ArrayList<>();
    }

    /** Handles the batch and returns the ids of the messages the queue must deliver again. */
    public List<String> process(List<InboundMessage> batch) {
        CollectedRechecks collected = new CollectedRechecks();
        for (int i = 0; i < batch.size(); i++) {
            InboundMessage message = batch.get(i);
            try (MDC.MDCCloseable ignored = MDC.putCloseable("messageId", message.messageId())) {
                handle(message, i, collected);
            } catch (RuntimeException e) {
                log.warn("transient failure on message {}; it, the {} after it and {} re-check message(s) before it will be "
                        + "redelivered: {}", message.messageId(), batch.size() - i - 1, collected.messageIds.size(), e.toString());
                return failedFrom(batch, finishOnboarded(collected).orElse(i), collected);
            }
        }
        Optional<Integer> unfinished = finishOnboarded(collected);
        if (unfinished.isPresent()) {
            return failedFrom(batch, unfinished.get(), collected);
        }
        if (collected.rechecks.isEmpty()) {
            return List.of();
        }
        try {
            rechecking.recheck(collected.rechecks, collected.offboarded);
            return List.of();
        } catch (RuntimeException e) {
            log.warn("transient failure while re-checking; the {} re-check message(s) will be redelivered: {}",
                    collected.messageIds.size(), e.toString());
            return List.copyOf(collected.messageIds);
        }
    }

    /**
     * Schedules the first re-checks of the domains onboarded so far, then publishes their outcomes in batch order. On a
     * failure, the index of the first message to redeliver: the first onboarded one if scheduling failed (nothing was
     * announced yet), else the one whose outcome could not be published (those before it are announced and done).
     */
    private Optional<Integer> finishOnboarded(CollectedRechecks collected) {
        if (collected.onboarded.isEmpty()) {
            return Optional.empty();
        }
        try {
            onboarding.scheduleFirstChecks(collected.onboarded.stream().map(onboarded -> onboarded.result().pending()).toList());
        } catch (RuntimeException e) {
            int first = collected.onboarded.get(0).index();
            log.warn("transient failure while scheduling the first re-checks of {} domain(s); message {} and every one "
                    + "after it will be redelivered: {}", collected.onboarded.size(), first, e.toString());
            return Optional.of(first);
        }
        for (Onboarded onboarded : collected.onboarded) {
            try {
                events.publish(onboarded.result().outcome());
            } catch (RuntimeException e) {
                log.warn("transient failure while announcing {}; message {} and every one after it will be redelivered: {}",
                        onboarded.result().pending().domain(), onboarded.index(), e.toString());
                return Optional.of(onboarded.index());
            }
        }
        return Optional.empty();
    }

    /** Every collected re-check message, and every message from {@code index} on, in batch order. */
    private static List<String> failedFrom(List<InboundMessage> batch, int index, CollectedRechecks collected) {
        Set<String> failed = new LinkedHashSet<>(collected.messageIds);
        batch.subList(index, batch.size()).forEach(rest -> failed.add(rest.messageId()));
        return batch.stream().map(InboundMessage::messageId).filter(failed::contains).toList();
    }

    private void handle(InboundMessage message, int index, CollectedRechecks collected) {
        try {
            Request request = codec.parse(message.body());
            if (request instanceof Request.Onboard onboard) {
                try (MDC.MDCCloseable ignored = MDC.putCloseable("domain", onboard.domain().name())) {
                    collected.onboarded.add(new Onboarded(index, onboarding.onboard(onboard)));
                }
            } else if (request instanceof Request.Offboard offboard) {
                try (MDC.MDCCloseable ignored = MDC.putCloseable("domain", offboard.domain().name())) {
                    offboarding.offboard(offboard);
                }
                collected.offboarded.add(offboard.domain());
                collected.onboarded.removeIf(onboarded -> onboarded.result().pending().domain().equals(offboard.domain()));
            } else if (request instanceof Request.Recheck recheck) {
                collected.messageIds.add(message.messageId());
                collected.rechecks.add(recheck);
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
