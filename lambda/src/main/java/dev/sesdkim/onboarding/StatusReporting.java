package dev.sesdkim.onboarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is true of a domain now, as the {@code status} action announces it ({@code DKIM Status Reported}) and the
 * operators' status command prints it: SES's DKIM status and tokens, the three records SES looks for and which of them
 * are in the domain's hosted zone, the custom MAIL FROM domain and its status, and the re-check waiting for the domain
 * (when, which attempt, since when). It only reads: two paced SES calls (DKIM, MAIL FROM) per
 * {@value DkimIdentities#MAX_IDENTITIES_PER_STATUS_CALL} domains and one reading of the
 * schedule group for all the domains reported together ({@link #read}), then two Route 53 reads per domain
 * ({@link #report}).
 */
public final class StatusReporting {

    private final DkimIdentities identities;
    private final DnsRecords dns;
    private final RecheckScheduler scheduler;
    private final WritableZones writableZones;
    private final DkimTarget dkimTarget;
    private final Clock clock;

    /**
     * Records are looked for only in zones of {@code writableZones}: the function may read no other (the operators'
     * command, on an operator's credentials, passes {@link WritableZones#EVERY_ZONE}).
     */
    public StatusReporting(DkimIdentities identities, DnsRecords dns, RecheckScheduler scheduler, WritableZones writableZones,
                           DkimTarget dkimTarget, Clock clock) {
        this.identities = identities;
        this.dns = dns;
        this.scheduler = scheduler;
        this.writableZones = writableZones;
        this.dkimTarget = dkimTarget;
        this.clock = clock;
    }

    /** What SES and the schedule group say about some domains, read once for all of them. */
    public static final class Reading {
        private final Map<Domain, DkimState> states;
        private final Map<Domain, MailFromState> mailFromStates;
        private final RecheckScheduler.PendingRechecks waiting;

        private Reading(Map<Domain, DkimState> states, Map<Domain, MailFromState> mailFromStates,
                        RecheckScheduler.PendingRechecks waiting) {
            this.states = states;
            this.mailFromStates = mailFromStates;
            this.waiting = waiting;
        }
    }

    /**
     * Asks SES about {@code domains} and reads the waiting re-checks, within {@code budget}: stops with
     * {@link TimeBudget.SpentException} once it is spent, since a partial reading could miss a domain's re-check.
     */
    public Reading read(List<Domain> domains, TimeBudget budget) {
        Map<Domain, DkimState> states = new HashMap<>();
        Map<Domain, MailFromState> mailFromStates = new HashMap<>();
        for (List<Domain> chunk : Chunks.of(domains.stream().distinct().toList(), DkimIdentities.MAX_IDENTITIES_PER_STATUS_CALL)) {
            budget.ensureLeft("asking SES for the DKIM status of the domains to report");
            states.putAll(identities.statuses(chunk));
            budget.ensureLeft("asking SES for the MAIL FROM status of the domains to report");
            mailFromStates.putAll(identities.mailFromStates(chunk));
        }
        return new Reading(states, mailFromStates, scheduler.pendingRechecks(budget));
    }

    /**
     * The report on one domain of {@code reading}. A {@code hostedZoneId} the request names must be one the deployment
     * may write and must cover the domain, as for onboarding ({@link RejectedInputException} otherwise); without one, the
     * zone the waiting re-check names, or else the one found by name.
     */
    public Outcome.StatusReported report(Request.Status request, Reading reading) {
        Domain domain = request.domain();
        Optional<DkimState> state = Optional.ofNullable(reading.states.get(domain));
        Optional<RecheckScheduler.Waiting> waiting = reading.waiting.next(domain);
        Optional<Request.PendingDomain> pending = waiting.map(RecheckScheduler.Waiting::pending);

        writableZones.requireWritable(request.hostedZoneId());
        Optional<HostedZone> zone = zoneOf(domain, request.hostedZoneId()
                .or(() -> pending.flatMap(Request.PendingDomain::hostedZoneId).filter(writableZones::contains)));
        Optional<DkimTokens> tokens = state.flatMap(DkimState::tokens);
        List<DkimRecord> expected = tokens.map(found -> dkimTarget.recordSpecFor(domain).recordsFor(domain, found)).orElse(List.of());
        Optional<List<String>> recordsFound = zone.filter(found -> !expected.isEmpty()).map(found -> {
            List<DkimRecord> inZone = dns.dkimRecords(found, domain);
            return expected.stream().filter(record -> inZone.stream().anyMatch(record::sameAs)).map(DkimRecord::name).toList();
        });
        Optional<Instant> startedAt = pending.map(Request.PendingDomain::startedAt);
        return new Outcome.StatusReported(domain,
                request.tenantId().or(() -> pending.flatMap(Request.PendingDomain::tenantId)),
                state.map(DkimState::status),
                tokens.map(DkimTokens::values),
                zone.map(HostedZone::id),
                Optional.of(Outcome.Cname.allOf(expected)),
                recordsFound,
                Optional.ofNullable(reading.mailFromStates.get(domain))
                        .map(atSes -> Outcome.MailFromCheck.of(atSes.domain(), atSes.status(), Optional.empty())),
                waiting.map(next -> new Outcome.StatusReported.NextRecheck(next.at(), next.attempt())),
                startedAt,
                startedAt.map(start -> Duration.between(start, clock.instant()).truncatedTo(ChronoUnit.SECONDS)));
    }

    private Optional<HostedZone> zoneOf(Domain domain, Optional<String> hostedZoneId) {
        return dns.findZone(domain, hostedZoneId).filter(writableZones::contains);
    }
}
