package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The onboard action: find the hosted zone, get the DKIM tokens from SES, write the three CNAMEs, schedule the first
 * re-check, announce the outcome. Every step is idempotent, so a redelivered message ends in the same state.
 */
public final class Onboarding {

    private static final Logger log = LoggerFactory.getLogger(Onboarding.class);

    private final DkimIdentities identities;
    private final DnsRecords dns;
    private final RecheckScheduler scheduler;
    private final OutcomeEvents events;
    private final Clock clock;
    private final RecheckSchedule recheckSchedule;
    private final String dkimTargetDomain;
    private final long recordTtlSeconds;

    public Onboarding(DkimIdentities identities, DnsRecords dns, RecheckScheduler scheduler, OutcomeEvents events,
                      Clock clock, RecheckSchedule recheckSchedule, String dkimTargetDomain, long recordTtlSeconds) {
        this.identities = identities;
        this.dns = dns;
        this.scheduler = scheduler;
        this.events = events;
        this.clock = clock;
        this.recheckSchedule = recheckSchedule;
        this.dkimTargetDomain = dkimTargetDomain;
        this.recordTtlSeconds = recordTtlSeconds;
    }

    public void onboard(Request.Onboard request) {
        onboard(request, clock.instant(), false);
    }

    /**
     * Onboards a domain whose clock started at {@code startedAt}; {@code reonboarded} marks a second onboarding run
     * from a re-check, so the re-check that follows does not run onboarding yet again.
     */
    void onboard(Request.Onboard request, Instant startedAt, boolean reonboarded) {
        Domain domain = request.domain();
        // The zone is resolved before SES is called: input that will be rejected must never create an SES identity.
        Optional<HostedZone> zone = dns.findZone(domain, request.hostedZoneId());
        DkimTokens tokens = identities.verifyDomainDkim(domain);
        List<DkimRecord> records = DkimRecord.forDomain(domain, tokens, dkimTargetDomain, recordTtlSeconds);
        zone.ifPresent(found -> dns.upsert(found, records));

        Instant now = clock.instant();
        Request.PendingDomain pending = new Request.PendingDomain(domain, zone.map(HostedZone::id), request.tenantId(),
                startedAt, reonboarded);
        scheduler.schedule(new Request.Recheck(1, List.of(pending)), now.plus(recheckSchedule.delayBefore(1)));

        events.publish(zone
                .map(found -> Outcome.recordsPublished(domain, request.tenantId(), found, records, startedAt))
                .orElseGet(() -> Outcome.manualDnsRequired(domain, request.tenantId(), records, startedAt)));
        log.info("onboarded {}: {}, records {}", domain, zone.map(found -> "in zone " + found.id()).orElse("for manual DNS"),
                records.stream().map(DkimRecord::name).toList());
    }
}
