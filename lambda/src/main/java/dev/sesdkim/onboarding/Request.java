package dev.sesdkim.onboarding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What one queue message asks for. See {@code events/message.schema.json} for the JSON contract. */
public sealed interface Request permits Request.ForDomain, Request.Recheck {

    /**
     * A request about one domain, named by the producer: its messages take effect in the order they were sent, and a
     * failed one holds back the later ones of its batch. {@code hostedZoneId} is the zone the producer names, if any;
     * {@code tenantId} is echoed in its outcome.
     */
    sealed interface ForDomain extends Request permits Onboard, Offboard, Status, Verify {
        Domain domain();

        Optional<String> hostedZoneId();

        Optional<String> tenantId();
    }

    /**
     * Create the SES identity, publish its DKIM records and start re-checking. {@code mailFrom} is the custom MAIL FROM
     * domain the message asks for, if any (without one, the deployment's default label applies, if it has one).
     */
    record Onboard(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId,
                   Optional<MailFromDomain> mailFrom) implements ForDomain {

        public Onboard {
            java.util.Objects.requireNonNull(mailFrom, "mailFrom");
        }

        /** An onboard that asks for no MAIL FROM domain of its own. */
        public Onboard(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId) {
            this(domain, hostedZoneId, tenantId, Optional.empty());
        }
    }

    /**
     * Ask SES again for the DKIM status of domains that were pending; {@code attempt} counts re-checks so far plus this
     * one. {@code carriedForward} counts how often an invocation that ran short of time passed these domains on to a new
     * re-check instead of finishing them (0 for a re-check that follows the back-off); it keeps the schedule of such a
     * re-check apart from the one whose message the domains came in, which may not have deleted itself yet.
     */
    record Recheck(int attempt, List<PendingDomain> domains, int carriedForward) implements Request {
        /** The most domains one re-check carries: GetIdentityDkimAttributes answers for at most 100 identities. */
        public static final int MAX_DOMAINS = 100;

        public Recheck {
            domains = List.copyOf(domains);
            if (carriedForward < 0) {
                throw new IllegalArgumentException("carriedForward must not be negative: " + carriedForward);
            }
        }

        /** A re-check that follows the back-off. */
        public Recheck(int attempt, List<PendingDomain> domains) {
            this(attempt, domains, 0);
        }

        /** The same re-check for other domains. */
        public Recheck withDomains(List<PendingDomain> others) {
            return new Recheck(attempt, others, carriedForward);
        }
    }

    /** Remove the domain's DKIM records, its pending re-checks and its SES identity; {@code tenantId} is echoed in the event. */
    record Offboard(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId) implements ForDomain {
    }

    /**
     * Report the domain's current state as {@code DKIM Status Reported}: changes nothing. {@code hostedZoneId} names the
     * zone to read the records in, if the producer knows it; {@code tenantId} is echoed in the event.
     */
    record Status(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId) implements ForDomain {
    }

    /**
     * Check the domain now, once: one SES status call, the DNS check of its records, and the event that results
     * ({@code DKIM Verified}, else {@code DKIM Records Checked}). It starts no re-checks; a domain SES has no DKIM
     * identity for is rejected.
     */
    record Verify(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId) implements ForDomain {
    }

    /**
     * A domain waiting for SES to see its records. {@code hostedZoneId} is empty when its records had to be created by hand;
     * {@code reonboarded} is set once a re-check has run onboarding again for it, so that happens at most once.
     * {@code dnsState} is what the last conclusive DNS check of its records found ({@link DnsCheck#state}), so the next
     * re-check announces a change and nothing else; empty before the first. {@code mailFrom} is the custom MAIL FROM
     * domain its onboarding set up, if any: re-checks wait for SES to verify it too, and onboarding again sets it again.
     */
    record PendingDomain(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId, Instant startedAt,
                         boolean reonboarded, Optional<String> dnsState, Optional<MailFromDomain> mailFrom) {

        public PendingDomain {
            java.util.Objects.requireNonNull(dnsState, "dnsState");
            java.util.Objects.requireNonNull(mailFrom, "mailFrom");
        }

        /** A domain without a MAIL FROM domain. */
        public PendingDomain(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId, Instant startedAt,
                             boolean reonboarded, Optional<String> dnsState) {
            this(domain, hostedZoneId, tenantId, startedAt, reonboarded, dnsState, Optional.empty());
        }

        /** A domain without a MAIL FROM domain that no DNS check has looked at yet. */
        public PendingDomain(Domain domain, Optional<String> hostedZoneId, Optional<String> tenantId, Instant startedAt,
                             boolean reonboarded) {
            this(domain, hostedZoneId, tenantId, startedAt, reonboarded, Optional.empty());
        }

        /** The same domain, its records last found in {@code state}. */
        public PendingDomain withDnsState(String state) {
            return new PendingDomain(domain, hostedZoneId, tenantId, startedAt, reonboarded, Optional.of(state), mailFrom);
        }

        /** The same domain with {@code mailFrom} as its custom MAIL FROM domain. */
        public PendingDomain withMailFrom(Optional<MailFromDomain> mailFrom) {
            return new PendingDomain(domain, hostedZoneId, tenantId, startedAt, reonboarded, dnsState, mailFrom);
        }
    }
}
