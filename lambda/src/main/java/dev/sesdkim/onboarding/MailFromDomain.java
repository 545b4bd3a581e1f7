package dev.sesdkim.onboarding;

import java.util.List;

/**
 * The custom MAIL FROM domain of a sending domain: a proper subdomain of it (never the domain itself), so the envelope
 * sender, and with it SPF, aligns with the domain. Only {@link #of} accepts input; an invalid one cannot exist.
 */
public record MailFromDomain(String name) {

    /** Where SES receives bounces for a custom MAIL FROM domain: the MX record's target, per region. */
    static final String FEEDBACK_HOST = "feedback-smtp.%s.amazonses.com";
    /** The SPF record SES asks for: its senders may use the name; others are a soft fail. */
    public static final String SPF = "\"v=spf1 include:amazonses.com ~all\"";
    public static final String MX = "MX";
    public static final String TXT = "TXT";

    public MailFromDomain {
        if (name == null || name.length() > Domain.MAX_DNS_NAME_LENGTH) {
            throw new IllegalArgumentException("not a MAIL FROM name: " + name);
        }
    }

    /**
     * The MAIL FROM domain a message asks for: a single label such as {@code bounce} (the name below the domain) or a
     * full name under the domain. Normalised and validated as the domain is, with the same reasons; rejected unless it is
     * a proper subdomain of {@code domain} within DNS's 253 characters.
     */
    public static MailFromDomain of(Domain domain, String raw) {
        // One pass of the domain rules over the name as sent: trimming or splitting it here first would let characters
        // through that they reject (String.strip() removes some control characters) and misread IDNA's full stops.
        String name = Domain.canonicalName(raw, "mailFrom", Domain.MAX_DNS_NAME_LENGTH, domain.name());
        String quoted = RejectedInputException.quote(raw);
        if (name.equals(domain.name())) {
            throw new RejectedInputException("mailFrom " + quoted + " is invalid: it is the domain itself; give a subdomain"
                    + " of it, like bounce." + domain.name());
        }
        if (!name.endsWith("." + domain.name())) {
            throw new RejectedInputException("mailFrom " + quoted + " is invalid: " + name + " is not a subdomain of "
                    + domain.name() + "; give a label, like bounce, or a name under the domain");
        }
        return new MailFromDomain(name);
    }

    /** The MX and TXT records SES needs at this name in {@code region}, with {@code ttlSeconds}. */
    public List<MailFromRecord> records(String region, long ttlSeconds) {
        return List.of(new MailFromRecord(name, MX, "10 " + String.format(FEEDBACK_HOST, region), ttlSeconds),
                new MailFromRecord(name, TXT, SPF, ttlSeconds));
    }

    @Override
    public String toString() {
        return name;
    }
}
