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

    public void line(String kind, String text) {
        Duration elapsed = Duration.between(start, clock.instant());
        out.printf("+%02d:%02d:%02d  %-9s %s%n", elapsed.toHours(), elapsed.toMinutesPart(), elapsed.toSecondsPart(), kind, text);
    }

    public int sesCalls() {
        return sesCalls;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
        SdkRequest request = context.request();
        SdkResponse response = context.response();
        if (request instanceof VerifyDomainDkimRequest verify && response instanceof VerifyDomainDkimResponse tokens) {
            sesCalls++;
            line("SES", "VerifyDomainDkim " + verify.domain() + " → " + tokens.dkimTokens().size() + " tokens");
        } else if (request instanceof GetIdentityDkimAttributesRequest && response instanceof GetIdentityDkimAttributesResponse statuses) {
            sesCalls++;
            line("SES", "GetIdentityDkimAttributes " + statuses.dkimAttributes().size() + " domain(s)");
            statuses.dkimAttributes().forEach((domain, attributes) ->
                    line("recheck", domain + " → " + attributes.dkimVerificationStatusAsString()));
        } else if (request instanceof SetIdentityMailFromDomainRequest mailFrom) {
            sesCalls++;
            line("SES", "SetIdentityMailFromDomain " + mailFrom.identity() + " → " + mailFrom.mailFromDomain());
        } else if (request instanceof GetIdentityMailFromDomainAttributesRequest
                && response instanceof GetIdentityMailFromDomainAttributesResponse statuses) {
            sesCalls++;
            line("SES", "GetIdentityMailFromDomainAttributes " + statuses.mailFromDomainAttributes().size() + " domain(s)");
            statuses.mailFromDomainAttributes().forEach((domain, attributes) -> line("recheck", domain + " MAIL FROM "
                    + attributes.mailFromDomain() + " → " + attributes.mailFromDomainStatusAsString()));
        } else if (request instanceof DeleteIdentityRequest delete) {
            sesCalls++;
            line("SES", "DeleteIdentity " + delete.identity());
        } else if (request instanceof ChangeResourceRecordSetsRequest change) {
            change.changeBatch().changes().forEach(record -> line("DNS", record.actionAsString() + " "
                    + record.resourceRecordSet().name() + " " + record.resourceRecordSet().typeAsString() + " → "
                    + record.resourceRecordSet().resourceRecords().get(0).value() + " (zone " + change.hostedZoneId() + ")"));
        } else if (request instanceof CreateScheduleRequest schedule) {
            line("schedule", schedule.name() + " " + schedule.scheduleExpression() + " UTC");
        } else if (request instanceof DeleteScheduleRequest schedule) {
            line("schedule", "deleted " + schedule.name());
        } else if (request instanceof SendMessageRequest deadLetter && deadLetter.messageAttributes().containsKey("rejectReason")) {
            line("DLQ", deadLetter.messageAttributes().get("rejectReason").stringValue());
        }
    }
}
