package dev.sesdkim.onboarding;

import java.util.List;
import java.util.Optional;

/**
 * Which custom MAIL FROM domain an onboarding sets up, and its records: the message's {@code mailFrom}, else
 * {@code defaultLabel} below the domain ({@code MAIL_FROM_LABEL}), else none. The MX points at SES in {@code region};
 * both records get {@code ttlSeconds}, as the DKIM records do.
 */
public record MailFromPolicy(Optional<String> defaultLabel, String region, long ttlSeconds) {

    /** No default label: a MAIL FROM domain only when a message asks for one (tests and tools, in us-east-1). */
    public static final MailFromPolicy NONE = new MailFromPolicy(Optional.empty(), "us-east-1", Settings.DEFAULT_DKIM_RECORD_TTL);

    public Optional<MailFromDomain> mailFromOf(Request.Onboard request) {
        return request.mailFrom().or(() -> defaultLabel.map(label -> MailFromDomain.of(request.domain(), label)));
    }

    /**
     * The deployment's IAM policy lets the function write MX and TXT records only at {@code <defaultLabel>.*} (see
     * docs/operations.md, Deploy): a MAIL FROM domain named otherwise is rejected before SES is called, not refused by IAM after.
     */
    public void requireWritable(MailFromDomain mailFrom, HostedZone zone) {
        if (defaultLabel.filter(label -> mailFrom.name().startsWith(label + ".")).isEmpty()) {
            throw new RejectedInputException("MAIL FROM domain " + mailFrom + " is not one this deployment may write into"
                    + " hosted zone " + zone.id() + defaultLabel.map(label -> " (it may write only " + label + ".*)")
                    .orElse(" (it was deployed without a mailFromLabel)") + "; deploy with the mailFromLabel context value"
                    + " that names it, or leave mailFrom out");
        }
    }

    public List<MailFromRecord> recordsOf(MailFromDomain mailFrom) {
        return mailFrom.records(region, ttlSeconds);
    }
}
