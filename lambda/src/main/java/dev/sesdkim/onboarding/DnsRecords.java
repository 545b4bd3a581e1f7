package dev.sesdkim.onboarding;

import java.util.List;
import java.util.Optional;

/** The DNS side: where a domain's records go, writing them, reading them back and removing them. */
public interface DnsRecords {

    /**
     * The public hosted zone for {@code domain}: the given zone id, which must exist, be public and cover the domain
     * (else {@link RejectedInputException}); or, without one, the longest public zone name the domain lies within;
     * empty if there is none.
     */
    Optional<HostedZone> findZone(Domain domain, Optional<String> hostedZoneId);

    /** Creates or replaces exactly these records in one change. A change the zone refuses is a {@link RejectedInputException}. */
    default void upsert(HostedZone zone, List<DkimRecord> records) {
        upsert(zone, records, List.of());
    }

    /**
     * Creates or replaces the DKIM records, then a custom MAIL FROM domain's MX and TXT records (a change each, so that
     * IAM can allow each exactly). A change the zone refuses is a {@link RejectedInputException}.
     */
    void upsert(HostedZone zone, List<DkimRecord> records, List<MailFromRecord> mailFromRecords);

    /**
     * The MX and TXT records at exactly {@code name} in the zone as they are now, one per value (names without a trailing
     * dot): what a MAIL FROM domain's records would replace.
     */
    List<MailFromRecord> mailFromRecords(HostedZone zone, String name);

    /**
     * Deletes exactly these MX and TXT records, which carry their current values; one already gone counts as deleted.
     * A name's record set is deleted whole, so pass every value it holds.
     */
    void deleteMailFromRecords(HostedZone zone, List<MailFromRecord> records);

    /**
     * The CNAME records named {@code <label>._domainkey.<domain>} in the zone as they are now, with their current values
     * and TTLs (names and values without a trailing dot), whatever they point at.
     */
    List<DkimRecord> dkimRecords(HostedZone zone, Domain domain);

    /**
     * Deletes exactly these records, which carry their current values (Route 53 deletes only on an exact match). A record
     * that is already gone counts as deleted.
     */
    void delete(HostedZone zone, List<DkimRecord> records);

    /** The zone's delegation set: the name servers Route 53 gives it (GetHostedZone), lower case, no trailing dot. */
    List<String> nameServers(HostedZone zone);
}
