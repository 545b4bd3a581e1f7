package dev.sesdkim.onboarding;

import java.util.List;
import java.util.Objects;

/**
 * Whether the Route 53 zone holding a domain's records is the one the internet uses: the name servers public DNS gives
 * for the zone's name ({@code publicNameServers}, empty when the name is not delegated at all) against the zone's own
 * delegation set ({@code hostedZoneNameServers}, from GetHostedZone). Names are lower case without the trailing dot,
 * sorted.
 */
public record DelegationCheck(String hostedZoneId, String zoneName, List<String> hostedZoneNameServers,
                              List<String> publicNameServers, boolean delegated) {

    public DelegationCheck {
        Objects.requireNonNull(hostedZoneId);
        Objects.requireNonNull(zoneName);
        hostedZoneNameServers = hostedZoneNameServers.stream().sorted().toList();
        publicNameServers = publicNameServers.stream().sorted().toList();
    }

    /** Compares the two sets; the zone is delegated when public DNS names exactly its name servers. */
    public static DelegationCheck of(HostedZone zone, List<String> hostedZoneNameServers, List<String> publicNameServers) {
        List<String> own = hostedZoneNameServers.stream().map(Domain::canonicalDnsName).distinct().toList();
        List<String> seen = publicNameServers.stream().map(Domain::canonicalDnsName).distinct().toList();
        boolean same = !own.isEmpty() && own.size() == seen.size() && own.containsAll(seen);
        return new DelegationCheck(zone.id(), zone.name(), own, seen, same);
    }
}
