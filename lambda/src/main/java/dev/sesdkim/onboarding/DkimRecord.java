package dev.sesdkim.onboarding;

import java.util.List;

/**
 * One Easy DKIM CNAME record. {@link #forDomain} is the only place record names are built, and it only builds
 * {@code <token>._domainkey.<domain>}.
 */
public record DkimRecord(String name, String value, long ttlSeconds) {

    public static final String TYPE = "CNAME";

    public static List<DkimRecord> forDomain(Domain domain, DkimTokens tokens, String dkimTargetDomain, long ttlSeconds) {
        return tokens.values().stream()
                .map(token -> new DkimRecord(token + "._domainkey." + domain.name(), token + "." + dkimTargetDomain, ttlSeconds))
                .toList();
    }

    public String type() {
        return TYPE;
    }
}
