package dev.sesdkim.onboarding;


/**
 * One Easy DKIM CNAME record. {@link RecordSpec#recordsFor} is the only place record names are built, and it only builds
 * {@code <token>._domainkey.<domain>}.
 */
public record DkimRecord(String name, String value, long ttlSeconds) {

    public static final String TYPE = "CNAME";

    public String type() {
        return TYPE;
    }

    /**
     * True if this is an Easy DKIM record of {@code domain}: named {@code <token>._domainkey.<domain>} and pointing at a
     * name below {@code dkimTargetDomain}. Offboarding deletes these and nothing else.
     */
    public boolean isEasyDkimRecordOf(Domain domain, String dkimTargetDomain) {
        String suffix = "._domainkey." + domain.name();
        String canonicalName = canonical(name);
        return canonicalName.endsWith(suffix)
                && DkimTokens.isToken(canonicalName.substring(0, canonicalName.length() - suffix.length()))
                && canonical(value).endsWith("." + canonical(dkimTargetDomain));
    }

    /** Same name and value as {@code other}, ignoring case and a trailing dot as DNS does; the TTL does not matter. */
    public boolean sameAs(DkimRecord other) {
        return canonical(name).equals(canonical(other.name)) && canonical(value).equals(canonical(other.value));
    }

    private static String canonical(String dnsName) {
        return Domain.canonicalDnsName(dnsName);
    }
}
