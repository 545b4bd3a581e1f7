package dev.sesdkim.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The sentence a person reads about a DNS check: what is wrong with which record, and what to change. */
final class DnsFindings {

    private DnsFindings() {
    }

    /** The whole reason of a {@code DKIM Records Checked} event. */
    static String reason(Domain domain, List<RecordCheck> checks, Optional<DelegationCheck> delegation) {
        long ok = checks.stream().filter(check -> check.state() == RecordState.OK).count();
        String counted = ok + " of the " + checks.size() + " DKIM records of " + domain + " are right in public DNS";
        return whatIsWrong(checks, delegation)
                .map(wrong -> counted + ": " + wrong)
                .orElse(counted + "; SES sees them at its next check");
    }

    /** What is wrong, record by record, then the delegation; empty if nothing is. */
    static Optional<String> whatIsWrong(List<RecordCheck> checks, Optional<DelegationCheck> delegation) {
        List<String> findings = new ArrayList<>();
        for (RecordCheck check : checks) {
            String name = check.name();
            switch (check.state()) {
                case OK -> {
                }
                case MISSING -> findings.add(name + " is missing: create it as a CNAME to " + check.expected());
                case WRONG_TARGET -> findings.add(name + " points at " + check.found().orElse("another name")
                        + ": change it to " + check.expected());
                case DOUBLED_NAME -> findings.add(name + " was created as " + check.found().orElse("a longer name")
                        + " (the DNS console appended the domain): enter the name without the domain at the end");
                case NOT_CNAME -> findings.add(name + " has a " + check.found().orElse("non-CNAME")
                        + " record: replace it with a CNAME to " + check.expected());
                case UNRESOLVED -> findings.add(name + " could not be resolved just now (DNS did not answer); it is"
                        + " checked again later");
            }
        }
        delegation.filter(check -> !check.delegated()).ifPresent(check -> findings.add(
                "hosted zone " + check.hostedZoneId() + " (" + check.zoneName() + ") is not the zone the internet uses: "
                        + (check.publicNameServers().isEmpty() ? "public DNS has no name servers for " + check.zoneName()
                        : "public DNS delegates " + check.zoneName() + " to " + String.join(", ", check.publicNameServers()))
                        + ", the zone's name servers are " + String.join(", ", check.hostedZoneNameServers())
                        + "; set the domain's NS records at its registrar or parent zone to the zone's name servers"));
        return findings.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", findings));
    }
}
