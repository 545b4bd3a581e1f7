package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The offboard action: delete the domain's Easy DKIM CNAMEs (and its custom MAIL FROM domain's MX and TXT, while they
 * are still what onboarding wrote), its waiting re-checks and its SES identity, then announce it. Only CNAMEs named {@code <token>._domainkey.<domain>} that point at the SES DKIM domain are deleted; every other
 * record in the zone is left alone. Each step tolerates what an earlier, interrupted run already removed, so a
 * redelivered message ends in the same state.
 * <p>
 * Finding a domain's waiting re-checks means reading every schedule of the group, which grows with the number of
 * domains being re-checked. The offboards of a batch therefore share one reading ({@link Batch}), made when the first of
 * them needs it, so ten offboards cost one reading, not ten. It stops when the batch's time budget is spent, and then
 * the offboard that needed it is redelivered, having at most deleted its records, which its next run finds gone; it is
 * announced only once its re-checks are cancelled.
 */
public final class Offboarding {

    private static final Logger log = LoggerFactory.getLogger(Offboarding.class);

    private final DkimIdentities identities;
    private final DnsRecords dns;
    private final WritableZones writableZones;
    private final RecheckScheduler scheduler;
    private final OutcomeEvents events;
    private final DkimTarget dkimTarget;
    private final MailFromPolicy mailFromPolicy;

    Offboarding(Ports ports, WritableZones writableZones, DkimTarget dkimTarget, MailFromPolicy mailFromPolicy) {
        this.identities = ports.identities();
        this.dns = ports.dns();
        this.writableZones = writableZones;
        this.scheduler = ports.scheduler();
        this.events = ports.events();
        this.dkimTarget = dkimTarget;
        this.mailFromPolicy = mailFromPolicy;
    }

    /** The offboards of one batch, which share one reading of the waiting re-checks within {@code budget}. */
    public Batch batch(TimeBudget budget) {
        return new Batch(budget);
    }

    /** Offboards the messages of one batch, in the order they come. */
    public final class Batch {

        /** The share of a batch's time left that reading the schedule group may use. */
        static final double SCAN_SHARE = 0.5;

        private final TimeBudget budget;
        private RecheckScheduler.PendingRechecks pendingRechecks;
        private TimeBudget.SpentException scanRanOut;

        private Batch(TimeBudget budget) {
            this.budget = budget;
        }

        public void offboard(Request.Offboard request) {
            Domain domain = request.domain();
            // Records in a zone this deployment may not write are not ones it created.
            writableZones.requireWritable(request.hostedZoneId());
            Optional<HostedZone> zone = dns.findZone(domain, request.hostedZoneId()).filter(writableZones::contains);
            // Read before anything is changed: an offboard the group cannot be read for is redelivered untouched.
            RecheckScheduler.PendingRechecks waiting = pendingRechecks();
            List<DkimRecord> sesRecords = zone
                    .map(found -> {
                        String target = dkimTarget.recordSpecFor(domain).targetDomain();
                        return dns.dkimRecords(found, domain).stream().filter(record -> record.isEasyDkimRecordOf(domain, target)).toList();
                    })
                    .orElse(List.of());
            if (!sesRecords.isEmpty()) {
                dns.delete(zone.get(), sesRecords);
            }
            List<MailFromRecord> mailFromRecords = zone.map(found -> ourMailFromRecords(found, domain)).orElse(List.of());
            if (!mailFromRecords.isEmpty()) {
                dns.deleteMailFromRecords(zone.get(), mailFromRecords);
            }
            int cancelled = waiting.cancel(domain);
            // Deleting the identity also clears its MAIL FROM setting: SES keeps none for an identity it no longer has.
            identities.deleteIdentity(domain);

            List<String> deleted = java.util.stream.Stream.concat(sesRecords.stream().map(DkimRecord::name),
                    mailFromRecords.stream().map(MailFromRecord::name).distinct()).toList();
            events.publish(Outcome.Offboarded.of(request, zone, deleted, cancelled));
            log.info("offboarded {}: deleted records {}{}, cancelled {} re-check(s), deleted the SES identity", domain, deleted,
                    zone.map(found -> " in zone " + found.id()).orElse(" (no hosted zone)"), cancelled);
        }

        /**
         * The MX and TXT record sets at the identity's MAIL FROM domain (SES says which; a message may have named its
         * own) whose every value is one onboarding writes: a set someone added a value to, or replaced, is left alone.
         * A deployment without a MAIL FROM label never wrote any into a zone, so it spends no SES call on asking.
         */
        private List<MailFromRecord> ourMailFromRecords(HostedZone zone, Domain domain) {
            if (mailFromPolicy.defaultLabel().isEmpty()) {
                return List.of();
            }
            Optional<MailFromDomain> mailFrom = identities.mailFromState(domain)
                    .map(MailFromState::domain)
                    .filter(name -> name.name().endsWith("." + domain.name()));
            if (mailFrom.isEmpty()) {
                return List.of();
            }
            List<MailFromRecord> ours = mailFromPolicy.recordsOf(mailFrom.get());
            Map<String, List<MailFromRecord>> sets = dns.mailFromRecords(zone, mailFrom.get().name()).stream()
                    .collect(Collectors.groupingBy(MailFromRecord::type, java.util.LinkedHashMap::new, Collectors.toList()));
            return sets.values().stream()
                    .filter(set -> set.stream().allMatch(existing -> ours.stream().anyMatch(existing::sameAs)))
                    .flatMap(List::stream)
                    .toList();
        }

        /**
         * The group is read at most once per batch, and with at most half the time the batch has left: a group too
         * large to read in time then redelivers the offboards that need it (each redelivery counts towards the
         * dead-letter queue), not every message behind them too.
         */
        private RecheckScheduler.PendingRechecks pendingRechecks() {
            if (pendingRechecks == null) {
                if (scanRanOut != null) {
                    throw new TimeBudget.SpentException("the schedule group could not be read in time in this batch: "
                            + scanRanOut.getMessage());
                }
                try {
                    pendingRechecks = scheduler.pendingRechecks(budget.share(SCAN_SHARE));
                } catch (TimeBudget.SpentException e) {
                    scanRanOut = e;
                    throw e;
                }
            }
            return pendingRechecks;
        }
    }
}
