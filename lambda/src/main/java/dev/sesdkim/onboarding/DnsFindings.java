package dev.sesdkim.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sentence a person reads about a DNS check: what is wrong with which record, and what to change. The DKIM records'
 * sentences, and the reason of a check of DKIM records alone, read as they did before MAIL FROM records were checked.
 */
final class DnsFindings {

    private DnsFindings() {
    }

    /**
     * The whole reason of a {@code DKIM Records Checked} event. The count names the kinds of records when a MAIL FROM
     * domain's MX and TXT are among them, so it stays true: "4 of the 5 DNS records of mail.example.com (3 DKIM, MX,
     * SPF) are right in public DNS".
     */
    static String reason(Domain domain, List<RecordCheck> checks, Optional<DelegationCheck> delegation) {
        long ok = checks.stream().filter(check -> check.state() == RecordState.OK).count();
        String counted = ok + " of the " + checks.size() + " " + recordsCounted(domain, checks) + " are right in public DNS";
        return whatIsWrong(checks, delegation)
                .map(wrong -> counted + ": " + wrong)
                .orElse(counted + "; SES sees them at its next check");
    }

    private static String recordsCounted(Domain domain, List<RecordCheck> checks) {
        long dkim = checks.stream().filter(DnsFindings::isDkim).count();
        if (dkim == checks.size()) {
            return "DKIM records of " + domain;
        }
        List<String> kinds = new ArrayList<>();
        if (dkim > 0) {
            kinds.add(dkim + " DKIM");
        }
        checks.stream().filter(check -> !isDkim(check)).map(DnsFindings::kind).distinct().forEach(kinds::add);
        return "DNS records of " + domain + " (" + String.join(", ", kinds) + ")";
    }

    /** What is wrong, record by record, then the delegation; empty if nothing is. */
    static Optional<String> whatIsWrong(List<RecordCheck> checks, Optional<DelegationCheck> delegation) {
        List<String> findings = new ArrayList<>();
        for (RecordCheck check : checks) {
            (isDkim(check) ? dkimFinding(check) : mailFromFinding(check)).ifPresent(findings::add);
        }
        delegation.filter(check -> !check.delegated()).ifPresent(check -> findings.add(
                "hosted zone " + check.hostedZoneId() + " (" + check.zoneName() + ") is not the zone the internet uses: "
                        + (check.publicNameServers().isEmpty() ? "public DNS has no name servers for " + check.zoneName()
                        : "public DNS delegates " + check.zoneName() + " to " + String.join(", ", check.publicNameServers()))
                        + ", the zone's name servers are " + String.join(", ", check.hostedZoneNameServers())
                        + "; set the domain's NS records at its registrar or parent zone to the zone's name servers"));
        return findings.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", findings));
    }

    private static Optional<String> dkimFinding(RecordCheck check) {
        String name = check.name();
        return Optional.ofNullable(switch (check.state()) {
            case OK -> null;
            case MISSING -> name + " is missing: create it as a CNAME to " + check.expected();
            case WRONG_TARGET, WRONG_VALUE -> name + " points at " + check.found().orElse("another name")
                    + ": change it to " + check.expected();
            case DOUBLED_NAME -> name + " was created as " + check.found().orElse("a longer name")
                    + " (the DNS console appended the domain): enter the name without the domain at the end";
            case NOT_CNAME -> name + " has a " + check.found().orElse("non-CNAME")
                    + " record: replace it with a CNAME to " + check.expected();
            case UNRESOLVED -> name + " could not be resolved just now (DNS did not answer); it is checked again later";
        });
    }

    /** A MAIL FROM domain's MX or SPF TXT: the two share a name, so each finding says which record it is about. */
    private static Optional<String> mailFromFinding(RecordCheck check) {
        String name = check.name();
        String record = "the " + kind(check) + " record of " + name;
        boolean mx = check.type().equals(MailFromDomain.MX);
        return Optional.ofNullable(switch (check.state()) {
            case OK -> null;
            case MISSING -> mx ? name + " has no MX record: create one with value " + check.expected()
                    : name + " has no SPF record: create a TXT record with value " + check.expected();
            case WRONG_TARGET, NOT_CNAME -> record + " points at " + check.found().orElse("another host")
                    + ": change it to " + check.expected();
            case WRONG_VALUE -> check.found().filter(DnsCheck::countsSpfRecords)
                    .map(count -> name + " has " + count + ", and only one SPF record may exist at a name: merge them"
                            + " into one that has the term include:amazonses.com, like " + check.expected())
                    .orElseGet(() -> record + " is " + check.found().orElse("another value") + ": it must have the term"
                            + " include:amazonses.com, like " + check.expected() + " (change this record rather than"
                            + " adding one: only one SPF record may exist at a name)");
            case DOUBLED_NAME -> record + " was created as " + check.found().orElse("a longer name")
                    + " (the DNS console appended the domain): enter the name without the domain at the end";
            case UNRESOLVED -> record + " could not be resolved just now (DNS did not answer); it is checked again later";
        });
    }

    private static boolean isDkim(RecordCheck check) {
        return check.type().equals(DkimRecord.TYPE);
    }

    /** How a person calls the record: its SPF TXT is the SPF record. */
    private static String kind(RecordCheck check) {
        return check.type().equals(MailFromDomain.TXT) ? "SPF" : check.type();
    }
}
