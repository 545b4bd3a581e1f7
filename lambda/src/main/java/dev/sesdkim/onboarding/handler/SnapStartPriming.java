package dev.sesdkim.onboarding.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.MessageCodec;
import dev.sesdkim.onboarding.Request;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.aws.AwsWorkflowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Runs one onboard and one re-check message of a domain under the reserved {@code .invalid} top-level domain through
 * the handler and the real workflow, built on an HTTP client that answers from canned responses and sends nothing. What
 * that loads and initialises (SDK marshallers and unmarshallers, signing, JSON, logging, the workflow) is then part of
 * the SnapStart snapshot instead of the first batch after a restore. A failure only costs the priming: it is logged and
 * the snapshot is taken anyway.
 */
final class SnapStartPriming {

    private static final Logger log = LoggerFactory.getLogger(SnapStartPriming.class);

    private SnapStartPriming() {
    }

    /** True if both messages went through. */
    static boolean prime(Settings settings) {
        Domain domain = Domain.parse(AwsWorkflowFactory.primingDomain());
        MessageCodec codec = new MessageCodec();
        try {
            OnboardingHandler handler = new OnboardingHandler(AwsWorkflowFactory.createForPriming(settings));
            SQSBatchResponse response = handler.handleRequest(event(
                    codec.toJson(new Request.Onboard(domain, Optional.empty(), Optional.empty())),
                    codec.toJson(new Request.Recheck(1, List.of(new Request.PendingDomain(domain, Optional.empty(),
                            Optional.empty(), Instant.now(), false))))), null);
            if (!response.getBatchItemFailures().isEmpty()) {
                log.warn("SnapStart priming did not complete: {} of 2 messages failed", response.getBatchItemFailures().size());
                return false;
            }
            log.info("SnapStart priming done: one onboard and one re-check of {} ran on canned AWS responses; nothing was sent", domain);
            return true;
        } catch (RuntimeException e) {
            log.warn("SnapStart priming failed; the snapshot is taken without it: {}", e.toString());
            return false;
        }
    }

    private static SQSEvent event(String... bodies) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new java.util.ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId("snapstart-priming-" + (i + 1));
            record.setBody(bodies[i]);
            record.setEventSource("aws:sqs");
            records.add(record);
        }
        event.setRecords(records);
        return event;
    }
}
