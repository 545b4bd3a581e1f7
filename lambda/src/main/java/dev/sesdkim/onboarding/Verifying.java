package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verify action: the customer has just created the records and wants to know now, not at the next re-check. One
 * paced SES status call (and one for the custom MAIL FROM domain), the DNS check of the records (and of the zone's delegation when a record is not right), and
 * the event that results: {@code DKIM Verified} if SES reports {@code Success}, else {@code DKIM Records Checked}. It
 * schedules nothing, so the domain's re-checks go on as they were (one of them will announce {@code DKIM Verified}
 * again). A domain SES has no DKIM identity for was never onboarded (or was offboarded): rejected, with that reason.
 */
final class Verifying {

    private static final Logger log = LoggerFactory.getLogger(Verifying.class);

    private final DkimIdentities identities;
    private final DnsRecords dns;
    private final WritableZones writableZones;
    private final PublicDns publicDns;
    private final DkimTarget dkimTarget;
    private final DnsDiagnosis dnsDiagnosis;
    private final MailFromPolicy mailFromPolicy;

    Verifying(Ports ports, WritableZones writableZones, DkimTarget dkimTarget, MailFromPolicy mailFromPolicy) {
        this.identities = ports.identities();
        this.dns = ports.dns();
        this.writableZones = writableZones;
        this.publicDns = ports.publicDns();
        this.dkimTarget = dkimTarget;
        this.dnsDiagnosis = new DnsDiagnosis(ports.dns());
        this.mailFromPolicy = mailFromPolicy;
    }

    Outcome verify(Request.Verify request) {
        Domain domain = request.domain();
        Map<Domain, DkimState> states = identities.statuses(List.of(domain));
        DkimState state = states.getOrDefault(domain, DkimState.UNKNOWN);
        if (state.status() == DkimStatus.NOT_STARTED || state.tokens().isEmpty()) {
            throw new RejectedInputException("domain " + domain + " is not onboarded: SES has no DKIM identity for it;"
                    + " send {\"action\":\"onboard\",\"domain\":\"" + domain + "\"} first");
        }
        Optional<String> zoneId = dns.findZone(domain, request.hostedZoneId())
                .filter(writableZones::contains)
                .map(HostedZone::id);
        List<DkimRecord> expected = dkimTarget.recordSpecFor(domain).recordsFor(domain, state.tokens().get());
        Optional<MailFromState> mailFromState = identities.mailFromState(domain);
        List<MailFromRecord> mailFromExpected = mailFromState.map(atSes -> mailFromPolicy.recordsOf(atSes.domain()))
                .orElse(List.of());
        DnsDiagnosis.Findings findings = dnsDiagnosis.check(domain, zoneId, expected, mailFromExpected, new DnsCheck(publicDns));
        Optional<Outcome.MailFromCheck> mailFrom = mailFromState.map(atSes -> MailFromFindings.check(domain, atSes.domain(),
                atSes.status(), mailFromExpected, findings.records(), MailFromFindings.Moment.ONGOING, RecheckSchedule.DEFAULT.maxWait()));
        log.info("verified {} on request: SES says {}{}, DNS says {}", domain, state.status().sesName(),
                mailFromState.map(atSes -> " (MAIL FROM " + atSes.domain() + " " + atSes.status().sesName() + ")").orElse(""),
                findings.state());
        return state.status() == DkimStatus.SUCCESS
                ? Outcome.Verified.of(request, zoneId, findings.records(), mailFrom)
                : Outcome.RecordsChecked.of(request, zoneId, state.status(), findings.records(), findings.delegation(), mailFrom);
    }
}
