package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * What public DNS says about a domain's DKIM records (and its MAIL FROM domain's MX and TXT, when asked), and for a
 * domain whose records are in a Route 53 zone, when any of them is not right, whether that zone is the one public DNS
 * uses (the zone's delegation set from Route 53 against the name servers public DNS gives for its name; Route 53
 * answers from a cache, see {@link DnsRecords#nameServers}).
 */
final class DnsDiagnosis {

    private static final Logger log = LoggerFactory.getLogger(DnsDiagnosis.class);

    /**
     * The records' states and the delegation, if it was looked at. {@code conclusive} when every record has a diagnosis
     * and the delegation, if it was needed, was read: only then is it a state worth comparing and announcing.
     */
    record Findings(List<RecordCheck> records, Optional<DelegationCheck> delegation, boolean conclusive) {

        /** The state a re-check message carries ({@link DnsCheck#state}). */
        String state() {
            return DnsCheck.state(records, delegation);
        }
    }

    private final DnsRecords dns;

    DnsDiagnosis(DnsRecords dns) {
        this.dns = dns;
    }

    /**
     * The domain's DKIM records ({@code expected}) and its MAIL FROM domain's MX and TXT ({@code mailFrom}, empty without
     * one) in public DNS, and, when one of them was found missing or wrong, the delegation of its zone.
     */
    Findings check(Domain domain, Optional<String> hostedZoneId, List<DkimRecord> expected, List<MailFromRecord> mailFrom,
                   DnsCheck dnsCheck) {
        List<RecordCheck> records = dnsCheck.records(domain, expected, mailFrom);
        boolean conclusive = DnsCheck.conclusive(records);
        // The delegation explains a record found missing or wrong; one that is only unresolved (not asked, once the batch's
        // questions are spent, or not answered) explains nothing, and asking Route 53 about its zone would be wasted.
        if (hostedZoneId.isEmpty() || records.stream().allMatch(record -> record.state() == RecordState.OK
                || record.state() == RecordState.UNRESOLVED)) {
            return new Findings(records, Optional.empty(), conclusive);
        }
        try {
            Optional<HostedZone> zone = dns.findZone(domain, hostedZoneId);
            if (zone.isEmpty()) {
                return new Findings(records, Optional.empty(), conclusive);
            }
            Optional<DelegationCheck> delegation = dnsCheck.delegation(zone.get(), dns.nameServers(zone.get()));
            return new Findings(records, delegation, conclusive && delegation.isPresent());
        } catch (RuntimeException e) {
            log.warn("could not check the delegation of hosted zone {} for {}: {}", hostedZoneId.get(), domain, e.toString());
            return new Findings(records, Optional.empty(), false);
        }
    }
}
