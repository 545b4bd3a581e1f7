package dev.sesdkim.onboarding.local;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleRequest;
import software.amazon.awssdk.services.ses.model.DeleteIdentityRequest;
import software.amazon.awssdk.services.ses.model.GetIdentityDkimAttributesRequest;
import software.amazon.awssdk.services.ses.model.GetIdentityDkimAttributesResponse;
import software.amazon.awssdk.services.ses.model.GetIdentityMailFromDomainAttributesRequest;
import software.amazon.awssdk.services.ses.model.GetIdentityMailFromDomainAttributesResponse;
import software.amazon.awssdk.services.ses.model.SetIdentityMailFromDomainRequest;
import software.amazon.awssdk.services.ses.model.VerifyDomainDkimRequest;
import software.amazon.awssdk.services.ses.model.VerifyDomainDkimResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints one line per thing that happened, stamped with the local run's (fast-forwarded) time since start. As an SDK
 * interceptor on the function's clients it shows exactly the calls the function made, nothing reconstructed.
 */
public final class Timeline implements ExecutionInterceptor {

    private final PrintStream out;
    private final Clock clock;
    private final Instant start;
    private int sesCalls;

    public Timeline(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.start = clock.instant();
    }

    public synchronized void line(String kind, String text) {
        Duration elapsed = Duration.between(start, clock.instant());
        out.printf("+%02d:%02d:%02d  %-9s %s%n", elapsed.toHours(), elapsed.toMinutesPart(), elapsed.toSecondsPart(), kind, text);
    }

    public synchronized int sesCalls() {
        return sesCalls;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof VerifyDomainDkimRequest verify && response instanceof VerifyDomainDkimResponse tokens) {
            verifyDomainDkim(verify.domain(), tokens.dkimTokens().size());
        } else if (request instanceof GetIdentityDkimAttributesRequest && response instanceof GetIdentityDkimAttributesResponse statuses) {
            Map<String, String> byDomain = new LinkedHashMap<>();
            statuses.dkimAttributes().forEach((domain, attributes) -> byDomain.put(domain, attributes.dkimVerificationStatusAsString()));
            dkimStatuses(byDomain);
        } else if (request instanceof SetIdentityMailFromDomainRequest mailFrom) {
            setMailFromDomain(mailFrom.identity(), mailFrom.mailFromDomain());
        } else if (request instanceof GetIdentityMailFromDomainAttributesRequest
                && response instanceof GetIdentityMailFromDomainAttributesResponse statuses) {
            Map<String, MailFromStatus> byDomain = new LinkedHashMap<>();
            statuses.mailFromDomainAttributes().forEach((domain, attributes) -> byDomain.put(domain,
                    new MailFromStatus(attributes.mailFromDomain(), attributes.mailFromDomainStatusAsString())));
            mailFromStatuses(byDomain);
        } else if (request instanceof DeleteIdentityRequest delete) {
            deleteIdentity(delete.identity());
        } else if (request instanceof ChangeResourceRecordSetsRequest change) {
            change.changeBatch().changes().forEach(record -> recordChange(record.actionAsString(),
                    record.resourceRecordSet().name(), record.resourceRecordSet().typeAsString(),
                    record.resourceRecordSet().resourceRecords().get(0).value(), change.hostedZoneId()));
        } else if (request instanceof CreateScheduleRequest schedule) {
            scheduleCreated(schedule.name(), schedule.scheduleExpression());
        } else if (request instanceof DeleteScheduleRequest schedule) {
            scheduleDeleted(schedule.name());
        } else if (request instanceof SendMessageRequest deadLetter && deadLetter.messageAttributes().containsKey("rejectReason")) {
            deadLettered(deadLetter.messageAttributes().get("rejectReason").stringValue());
        }
    }

    /** SES's answer about a domain, whichever action asked (a re-check, verify or status). */
    static final String SES_SAYS = "SES says";

    /** A MAIL FROM domain and SES's status of it; the domain null when the identity has none. */
    public record MailFromStatus(String mailFromDomain, String status) {
    }

    // One method per kind of call, so calls seen as SDK objects here and as HTTP at a proxy print the same lines.

    public synchronized void verifyDomainDkim(String domain, int tokens) {
        sesCalls++;
        line("SES", "VerifyDomainDkim " + domain + " → " + tokens + " tokens");
    }

    public synchronized void dkimStatuses(Map<String, String> statusByDomain) {
        sesCalls++;
        line("SES", "GetIdentityDkimAttributes " + statusByDomain.size() + " domain(s)");
        statusByDomain.forEach((domain, status) -> line(SES_SAYS, domain + " → " + status));
    }

    public synchronized void setMailFromDomain(String identity, String mailFromDomain) {
        sesCalls++;
        line("SES", "SetIdentityMailFromDomain " + identity + " → " + mailFromDomain);
    }

    public synchronized void mailFromStatuses(Map<String, MailFromStatus> statusByDomain) {
        sesCalls++;
        line("SES", "GetIdentityMailFromDomainAttributes " + statusByDomain.size() + " domain(s)");
        statusByDomain.forEach((domain, status) -> line(SES_SAYS, domain + " MAIL FROM "
                + (status.mailFromDomain() == null || status.mailFromDomain().isEmpty() ? "none" : status.mailFromDomain() + " → " + status.status())));
    }

    public synchronized void deleteIdentity(String identity) {
        sesCalls++;
        line("SES", "DeleteIdentity " + identity);
    }

    public void recordChange(String action, String name, String type, String value, String zoneId) {
        line("DNS", action + " " + name + " " + type + " → " + value + " (zone " + zoneId + ")");
    }

    public void scheduleCreated(String name, String expression) {
        line("schedule", name + " " + expression + " UTC");
    }

    public void scheduleDeleted(String name) {
        line("schedule", "deleted " + name);
    }

    public void deadLettered(String reason) {
        line("DLQ", reason);
    }
}
