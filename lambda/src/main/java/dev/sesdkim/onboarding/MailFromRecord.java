package dev.sesdkim.onboarding;

/**
 * One record of a custom MAIL FROM domain: its {@code MX} (bounces go back to SES) or its SPF {@code TXT}. Values as
 * Route 53 writes them: {@code 10 feedback-smtp.<region>.amazonses.com}, and the TXT in quotes.
 */
public record MailFromRecord(String name, String type, String value, long ttlSeconds) {

    /** Same name, type and value as {@code other}, ignoring case and trailing dots in names as DNS does; not the TTL. */
    public boolean sameAs(MailFromRecord other) {
        return Domain.canonicalDnsName(name).equals(Domain.canonicalDnsName(other.name)) && type.equals(other.type)
                && comparable(value).equals(comparable(other.value));
    }

    private String comparable(String recordValue) {
        return MailFromDomain.MX.equals(type) ? Domain.canonicalDnsName(recordValue) : recordValue;
    }
}
