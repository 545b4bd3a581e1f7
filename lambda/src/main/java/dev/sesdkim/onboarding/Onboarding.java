package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The onboard action: find the hosted zone, get the DKIM tokens from SES (and set the custom MAIL FROM domain, when one is
 * asked), write the three CNAMEs (and the MAIL FROM domain's MX and TXT, in the same change), announce the outcome, and
 * schedule the first re-check. Domains onboarded together (one Lambda batch) share that first schedule, so their
 * first re-check costs one SES call per 100 of them instead of one each. Every step is idempotent, so a redelivered
 * message ends in the same state.
 */
public final class Onboarding {

    private static final Logger log = LoggerFactory.getLogger(Onboarding.class);

    private final DkimIdentities identities;
    private final DnsRecords dns;
    private final WritableZones writableZones;
    private final RecheckScheduler scheduler;
    private final Clock clock;
    private final RecheckSchedule recheckSchedule;
    private final DkimTarget dkimTarget;
    private final MailFromPolicy mailFromPolicy;

    Onboarding(Ports ports, WritableZones writableZones, Clock clock, RecheckSchedule recheckSchedule, DkimTarget dkimTarget,
               MailFromPolicy mailFromPolicy) {
        this.identities = ports.identities();
        this.dns = ports.dns();
        this.writableZones = writableZones;
        this.scheduler = ports.scheduler();
        this.clock = clock;
        this.recheckSchedule = recheckSchedule;
        this.dkimTarget = dkimTarget;
        this.mailFromPolicy = mailFromPolicy;
    }

    /**
     * A domain whose records are in place: pending SES, with the outcome to announce. Neither its first re-check nor its
     * outcome has happened yet: the caller schedules the first with {@link #scheduleFirstChecks(List)} for all domains
     * onboarded together and only then publishes the outcomes, so a redelivery caused by a failed schedule never
     * announces a domain twice.
     */
    public record Result(Request.PendingDomain pending, Outcome outcome) {
    }

    /** Onboards the domain, its 72 hours starting now. */
    public Result onboard(Request.Onboard request) {
        return onboard(request, clock.instant(), false);
    }

    /**
     * Onboards a domain whose clock started at {@code startedAt}; {@code reonboarded} marks a second onboarding run
     * from a re-check, so the re-check that follows does not run onboarding yet again.
     */
    Result onboard(Request.Onboard request, Instant startedAt, boolean reonboarded) {
        Domain domain = request.domain();
        // The zone is resolved before SES is called: input that will be rejected must never create an SES identity,
        // and a zone this deployment may not write is known to be someone else's before it costs one.
        writableZones.requireWritable(request.hostedZoneId());
        Optional<HostedZone> found = dns.findZone(domain, request.hostedZoneId());
        Optional<HostedZone> zone = found.filter(writableZones::contains);
        Optional<HostedZone> notWritable = found.filter(candidate -> !writableZones.contains(candidate));
        Optional<MailFromDomain> mailFrom = mailFromPolicy.mailFromOf(request);
        List<MailFromRecord> mailFromRecords = mailFrom.map(mailFromPolicy::recordsOf).orElse(List.of());
        // Also before SES: a MAIL FROM name that holds someone else's MX or TXT is refused, not overwritten.
        zone.ifPresent(writable -> mailFrom.ifPresent(name -> requireNoOtherMailRecords(writable, name, mailFromRecords)));
        DkimTokens tokens = identities.verifyDomainDkim(domain);
        mailFrom.ifPresent(name -> identities.setMailFromDomain(domain, name));
        List<DkimRecord> records = dkimTarget.recordSpecFor(domain).recordsFor(domain, tokens);
        zone.ifPresent(writable -> dns.upsert(writable, records, mailFromRecords));

        Optional<Outcome.MailFrom> announced = Outcome.MailFrom.of(mailFrom, mailFromRecords);
        Outcome outcome = zone
                .<Outcome>map(writable -> Outcome.RecordsPublished.of(request, writable, records, announced, startedAt))
                .orElseGet(() -> Outcome.ManualDnsRequired.of(request, records, announced, startedAt,
                        manualDnsReason(domain, notWritable, mailFrom)));
        log.info("onboarded {}{}: {}, records {}", domain, mailFrom.map(name -> " with MAIL FROM domain " + name).orElse(""), zone.map(writable -> "in zone " + writable.id())
                        .orElse(notWritable.map(other -> "for manual DNS (zone " + other.id() + " is not writable: "
                                + writableZones + ")").orElse("for manual DNS")),
                records.stream().map(DkimRecord::name).toList());
        return new Result(new Request.PendingDomain(domain, zone.map(HostedZone::id), request.tenantId(), startedAt, reonboarded)
                .withMailFrom(mailFrom), outcome);
    }

    /**
     * An MX or TXT record at the MAIL FROM name with another value than ours belongs to someone: an UPSERT would replace
     * the whole record set, so the onboarding is rejected instead. Our own records (a redelivery) are fine.
     */
    private void requireNoOtherMailRecords(HostedZone zone, MailFromDomain mailFrom, List<MailFromRecord> ours) {
        mailFromPolicy.requireWritable(mailFrom, zone);
        List<MailFromRecord> others = dns.mailFromRecords(zone, mailFrom.name()).stream()
                .filter(existing -> ours.stream().noneMatch(existing::sameAs))
                .toList();
        if (!others.isEmpty()) {
            throw new RejectedInputException("MAIL FROM domain " + mailFrom + " already has " + others.stream()
                    .map(other -> other.type() + " " + RejectedInputException.quote(other.value())).toList()
                    + " in hosted zone " + zone.id() + ", which onboarding will not overwrite; remove them, or choose"
                    + " another mailFrom, and onboard again");
        }
    }

    private String manualDnsReason(Domain domain, Optional<HostedZone> notWritable, Optional<MailFromDomain> mailFrom) {
        String what = mailFrom.isPresent() ? "these CNAME records and the MAIL FROM domain's MX and TXT records"
                : "these CNAME records";
        return notWritable
                .map(other -> "hosted zone " + other.id() + " (" + other.name() + ") covers " + domain.name()
                        + " but this deployment may not write it (" + writableZones + "); create " + what
                        + " in it, or add it to the stack's hostedZoneIds, deploy and onboard the domain again")
                .orElseGet(() -> "no public Route 53 hosted zone in this account covers " + domain.name()
                        + "; create " + what + " at the domain's DNS provider");
    }

    /**
     * Schedules the first re-check of domains onboarded together: one schedule per
     * {@value Request.Recheck#MAX_DOMAINS} domains, due at {@link RecheckSchedule#firstCheck}, which is rounded
     * to a slot, so the schedules of batches onboarded within the same few minutes fire together too. A domain onboarded
     * twice is checked once, as onboarded last.
     */
    public void scheduleFirstChecks(List<Request.PendingDomain> onboarded) {
        Map<Domain, Request.PendingDomain> lastPerDomain = new LinkedHashMap<>();
        for (Request.PendingDomain pending : onboarded) {
            lastPerDomain.remove(pending.domain());
            lastPerDomain.put(pending.domain(), pending);
        }
        List<Request.PendingDomain> domains = List.copyOf(lastPerDomain.values());
        Instant due = recheckSchedule.firstCheck(clock.instant());
        Chunks.of(domains, Request.Recheck.MAX_DOMAINS).forEach(chunk -> scheduler.schedule(new Request.Recheck(1, chunk), due));
    }
}
