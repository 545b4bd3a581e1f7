package dev.sesdkim.onboarding;

import java.util.List;

/**
 * What this deployment's Easy DKIM records look like: each is a CNAME {@code <token>._domainkey.<domain>} pointing at
 * {@code <token>.<targetDomain>}, with a TTL of {@code ttlSeconds}. The target domain is the SES DKIM domain of the
 * region ({@link Settings#dkimDomainFor}). {@link #recordsFor} is the only place record names are built.
 */
public record RecordSpec(String targetDomain, long ttlSeconds) {

    public RecordSpec {
        if (targetDomain == null || targetDomain.isBlank()) {
            throw new IllegalArgumentException("the DKIM target domain must not be blank");
        }
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("the DKIM record TTL must be a positive number of seconds: " + ttlSeconds);
        }
    }

    /** The domain's records for the tokens SES gave it, one per token, in the tokens' order. */
    public List<DkimRecord> recordsFor(Domain domain, DkimTokens tokens) {
        return tokens.values().stream()
                .map(token -> new DkimRecord(token + "._domainkey." + domain.name(), token + "." + targetDomain, ttlSeconds))
                .toList();
    }
}
