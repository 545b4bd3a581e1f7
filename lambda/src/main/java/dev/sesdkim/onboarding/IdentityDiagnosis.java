package dev.sesdkim.onboarding;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What SES itself says about a domain identity beyond its DKIM status (SES v2 GetEmailIdentity): why verification
 * failed ({@code verificationErrorType}, such as {@code DNS_SERVER_ERROR} or {@code HOST_NOT_FOUND}), when it last
 * looked, the SOA record it found for the domain, and the DKIM key it signs with. Names SES read from DNS (the SOA's)
 * are checked like any DNS answer ({@link DnsText}).
 */
public record IdentityDiagnosis(Optional<String> verificationErrorType, Optional<Instant> lastCheckedTimestamp,
                                Optional<SoaRecord> soaRecord, Optional<Integer> currentSigningKeyLength,
                                Optional<String> signingHostedZone) {

    public IdentityDiagnosis {
        Objects.requireNonNull(verificationErrorType);
        Objects.requireNonNull(lastCheckedTimestamp);
        Objects.requireNonNull(soaRecord);
        Objects.requireNonNull(currentSigningKeyLength);
        Objects.requireNonNull(signingHostedZone);
    }

    /** The SOA record of the domain's zone as SES last read it. */
    public record SoaRecord(String primaryNameServer, String adminEmail, long serialNumber) {
        public SoaRecord {
            Objects.requireNonNull(primaryNameServer);
            Objects.requireNonNull(adminEmail);
        }
    }
}
