package dev.sesdkim.onboarding;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory stand-ins for the ports, recording every call in one journal so tests can check order. */
final class Fakes {

    static final String DKIM_DOMAIN = "dkim.amazonses.com";
    static final long TTL = 1800;

    final List<String> journal = new ArrayList<>();
    final Map<String, DkimTokens> identities = new LinkedHashMap<>();
    /** DKIM status by identity; an identity SES knows without an entry here is Pending, as it is right after onboarding. */
    final Map<String, DkimStatus> dkimStatuses = new HashMap<>();
    final List<List<Domain>> statusCalls = new ArrayList<>();
    final Map<String, HostedZone> zonesById = new HashMap<>();
    /** Records by zone id and name, like {@code "Z1 tok._domainkey.mail.example.com"}. */
    final Map<String, DkimRecord> records = new LinkedHashMap<>();
    final Map<String, Instant> schedules = new LinkedHashMap<>();
    final Map<String, Request.Recheck> scheduledRechecks = new LinkedHashMap<>();
    final List<Outcome> events = new ArrayList<>();
    final Map<String, String> deadLetters = new LinkedHashMap<>();
    /** What the deployment may write; every zone unless a test narrows it. */
    WritableZones writableZones = WritableZones.EVERY_ZONE;
    RuntimeException failNextSesCall;
    RuntimeException failNextStatusCall;
    RuntimeException failNextPublish;
    RuntimeException failNextSchedule;
    /** SES fails with a throttling error for this domain. */
    String throttledDomain;
    /** SES fails with a throttling error when asked to delete this domain's identity. */
    String throttledDeletion;

    final DkimIdentities ses = new DkimIdentities() {
        @Override
        public DkimTokens verifyDomainDkim(Domain domain) {
            journal.add("ses:verify " + domain);
            failIfAsked();
            if (domain.name().equals(throttledDomain)) {
                throw new IllegalStateException("Throttling");
            }
            return identities.computeIfAbsent(domain.name(), name -> new DkimTokens(List.of(
                    token(name, 'a'), token(name, 'b'), token(name, 'c'))));
        }

        @Override
        public Map<Domain, DkimState> statuses(List<Domain> domains) {
            journal.add("ses:statuses " + domains.size());
            failIfAsked();
            if (failNextStatusCall != null) {
                RuntimeException failure = failNextStatusCall;
                failNextStatusCall = null;
                throw failure;
            }
            if (domains.size() > MAX_IDENTITIES_PER_STATUS_CALL) {
                throw new IllegalArgumentException("too many identities for one call: " + domains.size());
            }
            statusCalls.add(List.copyOf(domains));
            Map<Domain, DkimState> states = new HashMap<>();
            for (Domain domain : domains) {
                DkimTokens tokens = identities.get(domain.name());
                if (tokens != null) {
                    states.put(domain, new DkimState(dkimStatuses.getOrDefault(domain.name(), DkimStatus.PENDING), Optional.of(tokens)));
                }
            }
            return states;
        }

        @Override
        public void deleteIdentity(Domain domain) {
            journal.add("ses:delete " + domain);
            failIfAsked();
            if (domain.name().equals(throttledDeletion)) {
                throw new IllegalStateException("Throttling");
            }
            identities.remove(domain.name());
            dkimStatuses.remove(domain.name());
        }

        private void failIfAsked() {
            if (failNextSesCall != null) {
                RuntimeException failure = failNextSesCall;
                failNextSesCall = null;
                throw failure;
            }
        }
    };

    final DnsRecords dns = new DnsRecords() {
        @Override
        public Optional<HostedZone> findZone(Domain domain, Optional<String> hostedZoneId) {
            journal.add("dns:find " + domain);
            if (hostedZoneId.isPresent()) {
                HostedZone zone = zonesById.get(hostedZoneId.get());
                if (zone == null || !domain.isWithin(zone.name())) {
                    throw new RejectedInputException("hostedZoneId " + hostedZoneId.get() + " does not cover " + domain);
                }
                return Optional.of(zone);
            }
            return domain.selfAndParents().stream()
                    .flatMap(name -> zonesById.values().stream().filter(zone -> zone.name().equals(name)))
                    .findFirst();
        }

        @Override
        public void upsert(HostedZone zone, List<DkimRecord> upserted) {
            journal.add("dns:upsert " + zone.id() + " " + upserted.size());
            upserted.forEach(record -> records.put(zone.id() + " " + record.name(), record));
        }

        @Override
        public List<DkimRecord> dkimRecords(HostedZone zone, Domain domain) {
            journal.add("dns:read " + zone.id() + " " + domain);
            String suffix = "._domainkey." + domain.name();
            return records.entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith(zone.id() + " "))
                    .map(Map.Entry::getValue)
                    .filter(record -> record.name().endsWith(suffix)
                            && record.name().indexOf('.') == record.name().length() - suffix.length())
                    .toList();
        }

        @Override
        public void delete(HostedZone zone, List<DkimRecord> deleted) {
            journal.add("dns:delete " + zone.id() + " " + deleted.size());
            deleted.forEach(record -> records.remove(zone.id() + " " + record.name()));
        }
    };

    final RecheckScheduler scheduler = new RecheckScheduler() {
        @Override
        public void schedule(Request.Recheck recheck, Instant at) {
            journal.add("schedule " + recheck.scheduleName());
            if (failNextSchedule != null) {
                RuntimeException failure = failNextSchedule;
                failNextSchedule = null;
                throw failure;
            }
            schedules.putIfAbsent(recheck.scheduleName(), at);
            scheduledRechecks.putIfAbsent(recheck.scheduleName(), recheck);
        }

        @Override
        public int cancel(Domain domain) {
            journal.add("cancel " + domain);
            int held = 0;
            for (String name : List.copyOf(scheduledRechecks.keySet())) {
                Request.Recheck recheck = scheduledRechecks.get(name);
                List<Request.PendingDomain> others = recheck.domains().stream()
                        .filter(pending -> !pending.domain().equals(domain)).toList();
                if (others.size() == recheck.domains().size()) {
                    continue;
                }
                held++;
                if (others.isEmpty()) {
                    scheduledRechecks.remove(name);
                    schedules.remove(name);
                } else {
                    scheduledRechecks.put(name, new Request.Recheck(recheck.attempt(), others));
                }
            }
            return held;
        }
    };

    final OutcomeEvents outcomes = outcome -> {
        journal.add("event " + outcome.type().detailType());
        if (failNextPublish != null) {
            RuntimeException failure = failNextPublish;
            failNextPublish = null;
            throw failure;
        }
        events.add(outcome);
    };

    final DeadLetters dlq = (message, reason) -> {
        journal.add("dlq " + message.messageId());
        deadLetters.putIfAbsent(message.messageId(), reason);
    };

    /** The workflow on these fakes, with the default back-off, the SES DKIM domain of most regions and a 30 min TTL. */
    OnboardingWorkflow workflow(Clock clock) {
        Onboarding onboarding = new Onboarding(ses, dns, writableZones, scheduler, clock, RecheckSchedule.DEFAULT, DKIM_DOMAIN, TTL);
        return new OnboardingWorkflow(new MessageCodec(), onboarding,
                new Rechecking(ses, dns, scheduler, outcomes, onboarding, clock, RecheckSchedule.DEFAULT, DKIM_DOMAIN, TTL),
                new Offboarding(ses, dns, writableZones, scheduler, outcomes, DKIM_DOMAIN),
                dlq, outcomes);
    }

    HostedZone addZone(String id, String name) {
        HostedZone zone = new HostedZone(id, name);
        zonesById.put(id, zone);
        return zone;
    }

    void addRecord(String zoneId, String name, String value) {
        records.put(zoneId + " " + name, new DkimRecord(name, value, TTL));
    }

    long sesCalls() {
        return journal.stream().filter(call -> call.startsWith("ses:")).count();
    }

    List<Outcome> events(Outcome.Type type) {
        return events.stream().filter(event -> event.type() == type).toList();
    }

    private static String token(String name, char suffix) {
        return Integer.toHexString(name.hashCode() & 0x7fffffff) + "tok" + suffix;
    }
}
