package dev.sesdkim.onboarding;

import java.util.Objects;

/**
 * The adapters the workflow works through, one for each thing outside it: SES's DKIM identities, the DNS records,
 * the re-check schedules, the outcome events, the dead-letter queue and public DNS as a resolver answers it. {@code AwsWorkflowFactory} builds them on AWS
 * clients, the tests on in-memory fakes; {@link OnboardingWorkflow#assemble} does the rest for both.
 */
public record Ports(DkimIdentities identities, DnsRecords dns, RecheckScheduler scheduler, OutcomeEvents events,
                    DeadLetters deadLetters, PublicDns publicDns) {

    public Ports {
        Objects.requireNonNull(identities, "identities");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(publicDns, "publicDns");
    }
}
