package dev.sesdkim.onboarding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory stand-ins for the ports, recording every call in one journal so tests can check order. */
final class Fakes {

    final List<String> journal = new ArrayList<>();
    final Map<String, DkimTokens> identities = new LinkedHashMap<>();
    final Map<String, HostedZone> zonesById = new HashMap<>();
    final Map<String, DkimRecord> records = new LinkedHashMap<>();
    final Map<String, Instant> schedules = new LinkedHashMap<>();
    final Map<String, Request.Recheck> scheduledRechecks = new LinkedHashMap<>();
    final List<Outcome> events = new ArrayList<>();
    final Map<String, String> deadLetters = new LinkedHashMap<>();
    RuntimeException failNextSesCall;

    final DkimIdentities ses = domain -> {
        journal.add("ses:verify " + domain);
        if (failNextSesCall != null) {
            RuntimeException failure = failNextSesCall;
            failNextSesCall = null;
            throw failure;
        }
        return identities.computeIfAbsent(domain.name(), name -> new DkimTokens(List.of(
                token(name, 'a'), token(name, 'b'), token(name, 'c'))));
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
    };

    final RecheckScheduler scheduler = (recheck, at) -> {
        journal.add("schedule " + recheck.scheduleName());
        schedules.putIfAbsent(recheck.scheduleName(), at);
        scheduledRechecks.putIfAbsent(recheck.scheduleName(), recheck);
    };

    final OutcomeEvents outcomes = outcome -> {
        journal.add("event " + outcome.type().detailType());
        events.add(outcome);
    };

    final DeadLetters dlq = (message, reason) -> {
        journal.add("dlq " + message.messageId());
        deadLetters.putIfAbsent(message.messageId(), reason);
    };

    HostedZone addZone(String id, String name) {
        HostedZone zone = new HostedZone(id, name);
        zonesById.put(id, zone);
        return zone;
    }

    long sesCalls() {
        return journal.stream().filter(call -> call.startsWith("ses:")).count();
    }

    private static String token(String name, char suffix) {
        return Integer.toHexString(name.hashCode() & 0x7fffffff) + "tok" + suffix;
    }
}
