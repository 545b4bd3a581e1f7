package dev.sesdkim.onboarding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** What one queue message asks for. See {@code events/message.schema.json} for the JSON contract. */
public sealed interface Request permits Request.Onboard, Request.Recheck, Request.Offboard {

    /** Create the SES identity, publish its DKIM records and start re-checking. */
    record Onboard(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId) implements Request {
    }

    /** Ask SES again for the DKIM status of domains that were pending; {@code attempt} counts re-checks so far plus this one. */
    record Recheck(int attempt, List<PendingDomain> domains) implements Request {
        private static final int MAX_SCHEDULE_NAME_LENGTH = 64;

        public Recheck {
            domains = List.copyOf(domains);
        }

        /**
         * A schedule name that is the same whenever the same domains are due for the same attempt, so a redelivered
         * message schedules nothing new: readable prefix, hash for uniqueness, at most 64 characters. A re-onboarded
         * domain starts again at attempt 1, so the flag is part of the hash: else its first re-check would be taken for
         * the original one, which may not have deleted itself yet, and never be scheduled.
         */
        public String scheduleName() {
            List<String> names = domains.stream().map(pending -> pending.domain().name()).sorted().toList();
            String hashed = domains.stream()
                    .map(pending -> pending.domain().name() + (pending.reonboarded() ? "+reonboarded" : ""))
                    .sorted()
                    .collect(Collectors.joining(","));
            String hash = sha256Hex(attempt + "|" + hashed).substring(0, 16);
            String prefix = "dkim-" + attempt + "-";
            int room = MAX_SCHEDULE_NAME_LENGTH - prefix.length() - 1 - hash.length();
            String first = names.get(0);
            return prefix + first.substring(0, Math.min(room, first.length())) + "-" + hash;
        }

        private static String sha256Hex(String text) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
    }

    /** Remove the domain's DKIM records, its pending re-checks and its SES identity; {@code tenantId} is echoed in the event. */
    record Offboard(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId) implements Request {
    }

    /**
     * A domain waiting for SES to see its records. {@code hostedZoneId} is empty when its records had to be created by hand;
     * {@code reonboarded} is set once a re-check has run onboarding again for it, so that happens at most once.
     */
    record PendingDomain(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId, Instant startedAt,
                         boolean reonboarded) {
    }
}
