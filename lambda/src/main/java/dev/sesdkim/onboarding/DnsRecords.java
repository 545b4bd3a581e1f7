package dev.sesdkim.onboarding;

import java.util.List;
import java.util.Optional;

/** The DNS side: where a domain's records go, and writing them. */
public interface DnsRecords {

    /**
     * The public hosted zone for {@code domain}: the given zone id, which must exist, be public and cover the domain
     * (else {@link RejectedInputException}); or, without one, the longest public zone name the domain lies within;
     * empty if there is none.
     */
    Optional<HostedZone> findZone(Domain domain, Optional<String> hostedZoneId);

    /** Creates or replaces exactly these records in one change. A change the zone refuses is a {@link RejectedInputException}. */
    void upsert(HostedZone zone, List<DkimRecord> records);
}
