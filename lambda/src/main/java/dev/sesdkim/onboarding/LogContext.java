package dev.sesdkim.onboarding;

import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a log line about one message carries, so that one Logs Insights query finds everything about a domain (README,
 * Runbook): {@value #MESSAGE_ID}, {@value #ACTION}, {@value #DOMAIN} and {@value #TENANT_ID}. Closing it puts back what
 * was there before, so contexts nest.
 */
final class LogContext implements AutoCloseable {

    static final String MESSAGE_ID = "messageId";
    static final String ACTION = "action";
    static final String DOMAIN = "domain";
    static final String TENANT_ID = "tenantId";

    private final Map<String, String> previous = new LinkedHashMap<>();

    private LogContext() {
    }

    /** A request about one domain, carried out for message {@code messageId}. */
    static LogContext of(String messageId, Request.ForDomain request) {
        return new LogContext()
                .put(MESSAGE_ID, Optional.of(messageId))
                .put(ACTION, Optional.of(MessageCodec.actionOf(request)))
                .put(DOMAIN, Optional.of(request.domain().name()))
                .put(TENANT_ID, request.tenantId());
    }

    /** Work on behalf of the batch's messages of one action, such as the joint re-check. */
    static LogContext ofAction(String action) {
        return new LogContext().put(ACTION, Optional.of(action));
    }

    /** One domain of a re-check. */
    static LogContext ofDomain(Domain domain, Optional<String> tenantId) {
        return new LogContext().put(DOMAIN, Optional.of(domain.name())).put(TENANT_ID, tenantId);
    }

    private LogContext put(String key, Optional<String> value) {
        previous.put(key, MDC.get(key));
        value.ifPresentOrElse(present -> MDC.put(key, present), () -> MDC.remove(key));
        return this;
    }

    @Override
    public void close() {
        previous.forEach((key, value) -> {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        });
    }
}
