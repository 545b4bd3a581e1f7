package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Everything that happens to re-check messages. All re-checks of a batch are handled together: their domains are
 * de-duplicated and SES is asked about them {@value DkimIdentities#MAX_IDENTITIES_PER_STATUS_CALL} at a time (each call
 * paced like every SES call). Per domain:
 * <ul>
 *     <li>{@code Success}: {@code DKIM Verified}.</li>
 *     <li>{@code Failed}: {@code DKIM Verification Failed}, naming the records SES looks for and which of them are in
 *     the hosted zone.</li>
 *     <li>{@code Pending} or {@code TemporaryFailure}: asked again later, following {@link RecheckSchedule}; once
 *     the schedule has no later check, {@code DKIM Verification Timed Out}. Domains due for the same attempt at the same
 *     instant share one schedule (split at {@value Request.Recheck#MAX_DOMAINS} domains).</li>
 *     <li>{@code NotStarted}, or an identity SES does not know: onboarded again, once; the next time it is a failure.</li>
 * </ul>
 * Re-checks only read SES and write idempotent schedules and events, so handling them after the batch's other messages,
 * or redelivering them in another order, ends in the same state. The one exception is a domain offboarded in the same
 * batch: it is left out, else a re-check queued before its offboard would find no identity and onboard it again.
 * <p>
 * A batch of re-checks can hold a thousand domains (ten messages of a hundred), and what they cost grows with them: a status
 * call per hundred, a schedule or an event each, two Route 53 reads for each failed one, a paced SES call and Route 53
 * calls for each one onboarded again. So every step asks the time budget first, cheapest first (status calls,
 * schedules, events, failure diagnoses, onboarding again), and once it is spent the domains not yet handled are
 * <em>carried forward</em>: scheduled as they came, same attempt, in a re-check due {@link #CARRY_FORWARD_DELAY} later,
 * which a later invocation handles. Nothing about them has been announced, so nothing is announced twice, and a domain
 * onboarded again is announced once its first re-check is scheduled, as always. At most
 * {@value #MAX_ONBOARDED_AGAIN} domains are onboarded again per invocation, so scheduling and announcing them fits the
 * reserve the budget keeps.
 */
public final class Rechecking {

    /** How soon domains carried forward are asked again: this invocation ends first, and the queue delivers in order. */
    static final Duration CARRY_FORWARD_DELAY = Duration.ofMinutes(1);

    /** The most domains one invocation onboards again: their first re-checks take one schedule. */
    static final int MAX_ONBOARDED_AGAIN = Request.Recheck.MAX_DOMAINS;

    /**
     * Outcomes published together: a domain's outcome waits for at most this many others' before the bus is asked, so
     * few are built and not yet announced when time runs short, and a wave costs one {@code PutEvents} request per ten.
     */
    static final int ANNOUNCED_TOGETHER = Request.Recheck.MAX_DOMAINS;

    private static final Logger log = LoggerFactory.getLogger(Rechecking.class);

    private final DkimIdentities identities;
    private final DnsRecords dns;
    private final RecheckScheduler scheduler;
    private final OutcomeEvents events;
    private final Onboarding onboarding;
    private final Clock clock;
    private final RecheckSchedule recheckSchedule;
    private final DkimTarget dkimTarget;
    private final PublicDns publicDns;
    private final DnsDiagnosis dnsDiagnosis;
    private final MailFromPolicy mailFromPolicy;

    Rechecking(Ports ports, Onboarding onboarding, Clock clock, RecheckSchedule recheckSchedule, DkimTarget dkimTarget,
               MailFromPolicy mailFromPolicy) {
        this.identities = ports.identities();
        this.dns = ports.dns();
        this.scheduler = ports.scheduler();
        this.events = ports.events();
        this.onboarding = onboarding;
        this.clock = clock;
        this.recheckSchedule = recheckSchedule;
        this.dkimTarget = dkimTarget;
        this.publicDns = ports.publicDns();
        this.dnsDiagnosis = new DnsDiagnosis(ports.dns());
        this.mailFromPolicy = mailFromPolicy;
    }

    /**
     * One domain as this re-check sees it: {@code attempt} is the number of the re-check that is running now, and
     * {@code carriedForward} how often it was carried forward to get here.
     */
    private record Check(Request.PendingDomain pending, int attempt, int carriedForward) {
        Domain domain() {
            return pending.domain();
        }
    }

    /** When still-pending domains are asked next, and as which attempt: domains with the same one share a schedule. */
    private record NextCheck(Instant at, int attempt) {
    }

    /**
     * What SES says about a domain: its DKIM state and, for a domain with a custom MAIL FROM domain, that domain's
     * status.
     */
    private record SesSays(DkimState dkim, Optional<MailFromStatus> mailFrom) {

        /** True while SES still has something to verify: DKIM, or a MAIL FROM domain it has not given up on yet. */
        boolean stillVerifying() {
            return dkim.status() == DkimStatus.PENDING || dkim.status() == DkimStatus.TEMPORARY_FAILURE
                    || mailFrom.filter(status -> !status.isFinal()).isPresent();
        }
    }

    /** A domain SES is still verifying, due for its next check at {@code at}. */
    private record Due(Check check, SesSays ses, Instant at) {
    }

    /** A domain whose re-check ends in an outcome; building it may read Route 53 (a failed domain's diagnosis). */
    private record Settled(Check check, Supplier<Outcome> outcome) {
    }

    /**
     * Re-checks every domain of {@code rechecks} except those in {@code offboardedInBatch}, within {@code budget}; what
     * the budget does not reach is carried forward.
     */
    public void recheck(List<Request.Recheck> rechecks, Set<Domain> offboardedInBatch, TimeBudget budget) {
        List<Check> checks = latestCheckPerDomain(rechecks, offboardedInBatch);
        if (checks.isEmpty()) {
            return;
        }
        List<Check> carried = new ArrayList<>();
        Map<Domain, DkimState> states = new HashMap<>();
        Map<Domain, MailFromState> mailFromStates = new HashMap<>();
        List<Check> asked = new ArrayList<>();
        for (List<Check> chunk : Chunks.of(checks, DkimIdentities.MAX_IDENTITIES_PER_STATUS_CALL)) {
            if (budget.spent()) {
                carried.addAll(chunk);
                continue;
            }
            states.putAll(identities.statuses(chunk.stream().map(Check::domain).toList()));
            List<Domain> withMailFrom = chunk.stream().filter(check -> check.pending().mailFrom().isPresent())
                    .map(Check::domain).toList();
            if (!withMailFrom.isEmpty()) {
                mailFromStates.putAll(identities.mailFromStates(withMailFrom));
            }
            asked.addAll(chunk);
        }
        Instant now = clock.instant();
        DnsCheck dnsCheck = new DnsCheck(publicDns);

        List<Due> dueChecks = new ArrayList<>();
        Map<NextCheck, List<Check>> stillPending = new TreeMap<>(
                Comparator.comparing(NextCheck::at).thenComparingInt(NextCheck::attempt));
        List<Settled> settled = new ArrayList<>();
        List<Settled> failed = new ArrayList<>();
        List<Check> notStarted = new ArrayList<>();
        for (Check check : asked) {
            DkimState state = states.getOrDefault(check.domain(), DkimState.UNKNOWN);
            SesSays ses = new SesSays(state, check.pending().mailFrom()
                    .map(name -> MailFromState.statusOf(name, Optional.ofNullable(mailFromStates.get(check.domain())))));
            switch (state.status()) {
                case FAILED -> failed.add(new Settled(check, () -> failed(check, ses, now, dnsCheck)));
                case NOT_STARTED -> notStarted.add(check);
                case SUCCESS, PENDING, TEMPORARY_FAILURE -> {
                    Optional<Instant> next = ses.stillVerifying()
                            ? recheckSchedule.nextCheck(check.attempt() + 1, check.pending().startedAt(), now)
                            : Optional.empty();
                    if (next.isPresent()) {
                        dueChecks.add(new Due(check, ses, next.get()));
                    } else if (state.status() == DkimStatus.SUCCESS) {
                        settled.add(new Settled(check, () -> verified(check, ses, now, dnsCheck)));
                    } else {
                        settled.add(new Settled(check, () -> timedOut(check, ses, now, dnsCheck)));
                    }
                }
            }
        }
        settled.addAll(failed);

        for (Due pending : dueChecks) {
            if (budget.spent()) {
                carried.add(pending.check());
            } else {
                Check checked = checkRecords(pending.check(), pending.ses(), dnsCheck);
                stillPending.computeIfAbsent(new NextCheck(pending.at(), checked.attempt() + 1), key -> new ArrayList<>())
                        .add(checked);
            }
        }

        stillPending.forEach((next, due) -> Chunks.of(due, Request.Recheck.MAX_DOMAINS).forEach(chunk -> {
            if (budget.spent()) {
                carried.addAll(chunk);
            } else {
                scheduler.schedule(new Request.Recheck(next.attempt(), pendingOf(chunk)), next.at());
            }
        }));
        int announced = 0;
        List<Outcome> outcomes = new ArrayList<>();
        for (Settled done : settled) {
            if (budget.spent()) {
                carried.add(done.check());
                continue;
            }
            Outcome outcome;
            try {
                outcome = done.outcome().get();
            } catch (RuntimeException e) {
                // One domain's diagnosis failing (its zone unreadable for now) must not redeliver, and so announce again,
                // every other domain of the batch: this one is asked again shortly.
                log.warn("could not settle {} now; it is carried forward: {}", done.check().domain(), e.toString());
                carried.add(done.check());
                continue;
            }
            outcomes.add(outcome);
            announced++;
            if (outcomes.size() == ANNOUNCED_TOGETHER) {
                announce(outcomes);
            }
        }
        announce(outcomes);
        List<Onboarding.Result> onboardedAgain = new ArrayList<>();
        for (Check check : notStarted) {
            if (budget.spent() || onboardedAgain.size() == MAX_ONBOARDED_AGAIN) {
                carried.add(check);
            } else {
                try {
                    onboardAgainOrFail(check, now, outcomes).ifPresent(onboardedAgain::add);
                } catch (RuntimeException e) {
                    // As for a diagnosis: one domain's onboarding failing for now (SES or Route 53 throttling past the
                    // SDK's retries) must not redeliver the re-check, which would announce the batch's other outcomes
                    // again and leave the domains onboarded so far unannounced. It alone is asked again shortly.
                    log.warn("could not onboard {} again now; it is carried forward: {}", check.domain(), e.toString());
                    carried.add(check);
                }
            }
        }
        onboarding.scheduleFirstChecks(onboardedAgain.stream().map(Onboarding.Result::pending).toList());
        onboardedAgain.forEach(result -> outcomes.add(result.outcome()));
        announce(outcomes);
        carryForward(carried);
        log.info("re-checked {} domain(s): {} still pending, due in {} group(s); {} outcome(s) announced; {} not started, {} "
                        + "onboarded again; {} carried forward; {} DNS question(s)", checks.size(), stillPending.values().stream().mapToInt(List::size).sum(),
                stillPending.size(), announced, notStarted.size(), onboardedAgain.size(), carried.size(), dnsCheck.questionsAsked());
    }

    /**
     * Schedules the domains the budget did not reach, as they came, in re-checks due soon: by attempt, sorted by name,
     * {@value Request.Recheck#MAX_DOMAINS} to a schedule. Each counts one more carrying forward than any of its
     * domains had, so its name differs from that of every schedule their messages came from.
     */
    private void carryForward(List<Check> carried) {
        if (carried.isEmpty()) {
            return;
        }
        Instant at = clock.instant().plus(CARRY_FORWARD_DELAY);
        Map<Integer, List<Check>> byAttempt = new TreeMap<>();
        carried.stream()
                .sorted(Comparator.comparing(check -> check.domain().name()))
                .forEach(check -> byAttempt.computeIfAbsent(check.attempt(), attempt -> new ArrayList<>()).add(check));
        byAttempt.forEach((attempt, due) -> Chunks.of(due, Request.Recheck.MAX_DOMAINS).forEach(chunk -> {
            int times = 1 + chunk.stream().mapToInt(Check::carriedForward).max().orElse(0);
            scheduler.schedule(new Request.Recheck(attempt, pendingOf(chunk), times), at);
        }));
        log.warn("ran short of time: {} domain(s) carried forward to a re-check at {}", carried.size(), at);
    }

    private static List<Request.PendingDomain> pendingOf(List<Check> checks) {
        return checks.stream().map(Check::pending).toList();
    }

    /**
     * One check per domain, sorted by name so a redelivered batch builds the same schedules. A domain can be in two
     * messages (a redelivered re-check next to its successor); the later attempt is the one that counts.
     */
    private static List<Check> latestCheckPerDomain(List<Request.Recheck> rechecks, Set<Domain> offboardedInBatch) {
        Comparator<Check> later = Comparator.comparingInt(Check::attempt)
                .thenComparing(check -> check.pending().reonboarded());
        return rechecks.stream()
                .flatMap(recheck -> recheck.domains().stream()
                        .map(pending -> new Check(pending, recheck.attempt(), recheck.carriedForward())))
                .filter(check -> !offboardedInBatch.contains(check.domain()))
                .collect(Collectors.toMap(Check::domain, Function.identity(),
                        (one, other) -> later.compare(one, other) >= 0 ? one : other, HashMap::new))
                .values().stream()
                .sorted(Comparator.comparing(check -> check.domain().name()))
                .toList();
    }

    /**
     * Publishes the outcomes together and clears the list. Any the bus did not take fail the re-check, so its messages
     * are redelivered and nothing is lost; the domains announced already are announced again then (events are at least
     * once).
     */
    private void announce(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<Integer> notAccepted = events.publishAll(List.copyOf(outcomes));
        if (!notAccepted.isEmpty()) {
            throw new IllegalStateException("EventBridge did not accept " + notAccepted.size() + " of " + outcomes.size()
                    + " outcome event(s), the first of " + outcomes.get(notAccepted.get(0)).domainName().orElse("no domain"));
        }
        outcomes.clear();
    }

    /**
     * The domain onboarded once more, for its first re-check to be scheduled; empty if it failed instead, its failure
     * added to {@code failures} to announce.
     */
    private Optional<Onboarding.Result> onboardAgainOrFail(Check check, Instant now, List<Outcome> failures) {
        Request.PendingDomain pending = check.pending();
        try (LogContext ignored = LogContext.ofDomain(pending.domain(), pending.tenantId())) {
            if (pending.reonboarded()) {
                failures.add(Outcome.VerificationFailed.builder(pending, check.attempt(), now)
                        .dkimStatus(DkimStatus.NOT_STARTED)
                        .reason("SES has no DKIM identity for " + pending.domain()
                                + " even after it was onboarded a second time; onboard it again once the cause is found")
                        .build());
                return Optional.empty();
            }
            log.info("SES has no DKIM identity for {}; onboarding it again", pending.domain());
            try {
                return Optional.of(onboarding.onboard(new Request.Onboard(pending.domain(), pending.hostedZoneId(),
                        pending.tenantId(), pending.mailFrom()), pending.startedAt(), true));
            } catch (RejectedInputException e) {
                failures.add(Outcome.VerificationFailed.builder(pending, check.attempt(), now)
                        .dkimStatus(DkimStatus.NOT_STARTED)
                        .reason("SES has no DKIM identity for " + pending.domain()
                                + " and onboarding it again was refused: " + e.reason())
                        .build());
                return Optional.empty();
            }
        }
    }

    /**
     * The DNS check of a domain SES still reports pending: a state other than the one its re-check carried is announced
     * ({@code DKIM Records Checked}) and carried on instead. An inconclusive check (DNS did not answer) changes nothing.
     */
    private Check checkRecords(Check check, SesSays ses, DnsCheck dnsCheck) {
        Request.PendingDomain pending = check.pending();
        List<DkimRecord> expected = expectedRecords(pending.domain(), ses.dkim());
        if (expected.isEmpty()) {
            return check;
        }
        List<MailFromRecord> mailFromExpected = mailFromRecords(pending);
        DnsDiagnosis.Findings findings;
        try (LogContext ignored = LogContext.ofDomain(pending.domain(), pending.tenantId())) {
            findings = dnsDiagnosis.check(pending.domain(), pending.hostedZoneId(), expected, mailFromExpected, dnsCheck);
            if (!findings.conclusive()) {
                log.debug("the DNS check of {} was not conclusive: {}", pending.domain(), findings.records());
                return check;
            }
            String now = findings.state();
            String before = pending.dnsState().orElseGet(() -> asOnboarded(pending, expected, mailFromExpected));
            if (before.equals(now)) {
                return check;
            }
            log.info("the DNS records of {} changed from {} to {}", pending.domain(), before, now);
            events.publish(Outcome.RecordsChecked.of(pending, check.attempt(), ses.dkim().status(), findings.records(),
                    findings.delegation(), mailFromCheck(pending, ses, findings.records(), MailFromFindings.Moment.ONGOING)));
            return new Check(pending.withDnsState(now), check.attempt(), check.carriedForward());
        }
    }

    /**
     * The state before the first check, as onboarding left the domain: its records written into a Route 53 zone (all
     * {@code ok}), or announced for manual DNS (all {@code missing}). The first check announces only a difference from
     * that, so a domain whose DNS is as expected gets no event beyond the one its onboarding already sent.
     */
    private static String asOnboarded(Request.PendingDomain pending, List<DkimRecord> expected,
                                      List<MailFromRecord> mailFromExpected) {
        RecordState state = pending.hostedZoneId().isPresent() ? RecordState.OK : RecordState.MISSING;
        List<RecordCheck> records = new ArrayList<>(expected.stream().map(record -> RecordCheck.of(record, state)).toList());
        mailFromExpected.forEach(record -> records.add(RecordCheck.of(record, state)));
        return DnsCheck.state(records, Optional.empty());
    }

    /** The MX and TXT records of the domain's custom MAIL FROM domain; none without one. */
    private List<MailFromRecord> mailFromRecords(Request.PendingDomain pending) {
        return pending.mailFrom().map(mailFromPolicy::recordsOf).orElse(List.of());
    }

    /** What SES says about the identity; a failure to read it leaves it out rather than failing the re-check. */
    private Optional<IdentityDiagnosis> sesDiagnosis(Domain domain) {
        try {
            return identities.diagnosis(domain);
        } catch (RuntimeException e) {
            log.warn("could not read SES's diagnosis of {}: {}", domain, e.toString());
            return Optional.empty();
        }
    }

    /** The wait is over: what public DNS and SES say about the records goes into the event. */
    private Outcome timedOut(Check check, SesSays ses, Instant now, DnsCheck dnsCheck) {
        Request.PendingDomain pending = check.pending();
        List<DkimRecord> expected = expectedRecords(pending.domain(), ses.dkim());
        Optional<DnsDiagnosis.Findings> findings = expected.isEmpty() ? Optional.empty()
                : Optional.of(dnsDiagnosis.check(pending.domain(), pending.hostedZoneId(), expected, mailFromRecords(pending),
                dnsCheck));
        List<RecordCheck> dnsRecords = findings.map(DnsDiagnosis.Findings::records).orElse(List.of());
        return Outcome.TimedOut.of(pending, check.attempt(), now, ses.dkim().status(), expected, recheckSchedule.maxWait(),
                dnsRecords, findings.flatMap(DnsDiagnosis.Findings::delegation), sesDiagnosis(pending.domain()),
                mailFromCheck(pending, ses, dnsRecords, MailFromFindings.Moment.DOMAIN_ENDED));
    }

    /**
     * SES verified the DKIM records, and the custom MAIL FROM domain, if there is one, is final or its wait is over. The
     * records' states are those of the last DNS check; a MAIL FROM domain SES has not verified gets a fresh check of its
     * records, to say what to change.
     */
    private Outcome verified(Check check, SesSays ses, Instant now, DnsCheck dnsCheck) {
        Request.PendingDomain pending = check.pending();
        List<DkimRecord> expected = expectedRecords(pending.domain(), ses.dkim());
        List<MailFromRecord> mailFromExpected = mailFromRecords(pending);
        Optional<List<RecordCheck>> lastChecked = pending.dnsState()
                .flatMap(last -> DnsCheck.fromState(last, expected, mailFromExpected));
        if (ses.mailFrom().filter(status -> status != MailFromStatus.SUCCESS).isEmpty()) {
            return Outcome.Verified.of(pending, check.attempt(), now, lastChecked, mailFromCheck(pending, ses, List.of(), MailFromFindings.Moment.WAIT_OVER));
        }
        List<RecordCheck> records = new ArrayList<>(lastChecked.map(last -> RecordCheck.filter(last, true)).orElse(List.of()));
        records.addAll(dnsCheck.records(pending.domain(), List.of(), mailFromExpected));
        records.sort(DnsCheck.BY_NAME_THEN_TYPE);
        return Outcome.Verified.of(pending, check.attempt(), now, Optional.of(records),
                mailFromCheck(pending, ses, records, MailFromFindings.Moment.WAIT_OVER));
    }

    /**
     * What the event says about the domain's custom MAIL FROM domain, if it has one: SES's status, and for one SES has
     * not verified, what public DNS says is wrong with its MX and TXT records among {@code dnsRecords}.
     */
    private Optional<Outcome.MailFromCheck> mailFromCheck(Request.PendingDomain pending, SesSays ses,
                                                          List<RecordCheck> dnsRecords, MailFromFindings.Moment moment) {
        return pending.mailFrom().flatMap(mailFrom -> ses.mailFrom().map(status -> MailFromFindings.check(pending.domain(),
                mailFrom, status, mailFromPolicy.recordsOf(mailFrom), dnsRecords, moment, recheckSchedule.maxWait())));
    }

    /** A failure event that says what to check: the records SES looks for, and whether the zone we wrote to has them. */
    private Outcome failed(Check check, SesSays ses, Instant now, DnsCheck dnsCheck) {
        Request.PendingDomain pending = check.pending();
        List<DkimRecord> expected = expectedRecords(pending.domain(), ses.dkim());
        Outcome.VerificationFailed.Builder failure = Outcome.VerificationFailed.builder(pending, check.attempt(), now)
                .dkimStatus(ses.dkim().status())
                .records(expected);
        Optional<String> dnsSays = Optional.empty();
        List<RecordCheck> dnsRecords = List.of();
        if (!expected.isEmpty()) {
            DnsDiagnosis.Findings findings = dnsDiagnosis.check(pending.domain(), pending.hostedZoneId(), expected,
                    mailFromRecords(pending), dnsCheck);
            dnsRecords = findings.records();
            failure.dnsRecords(findings.records()).delegation(findings.delegation());
            dnsSays = DnsFindings.whatIsWrong(RecordCheck.filter(findings.records(), true), findings.delegation());
        }
        failure.mailFrom(mailFromCheck(pending, ses, dnsRecords, MailFromFindings.Moment.DOMAIN_ENDED));
        failure.sesDiagnosis(sesDiagnosis(pending.domain()));
        String notFound = "SES could not find the DKIM records of " + pending.domain() + " in public DNS"
                + dnsSays.map(wrong -> " (" + wrong + ")").orElse("");
        String restart = ", then onboard the domain again, which restarts verification";
        if (expected.isEmpty()) {
            return failure.reason(notFound + " and returned no DKIM tokens to say which records it looks for" + restart)
                    .build();
        }
        if (pending.hostedZoneId().isEmpty()) {
            return failure.reason(notFound + ": check that these " + expected.size()
                    + " CNAME records exist at the domain's DNS provider with exactly these values" + restart).build();
        }
        String zoneId = pending.hostedZoneId().get();
        List<DkimRecord> inZone;
        try {
            inZone = dns.findZone(pending.domain(), pending.hostedZoneId())
                    .map(found -> dns.dkimRecords(found, pending.domain())).orElse(List.of());
        } catch (RejectedInputException e) {
            return failure.reason(notFound + ", and hosted zone " + zoneId + " can no longer be read (" + e.reason() + ")"
                    + restart).build();
        }
        List<String> found = expected.stream()
                .filter(record -> inZone.stream().anyMatch(record::sameAs))
                .map(DkimRecord::name)
                .toList();
        List<String> missing = expected.stream().map(DkimRecord::name).filter(name -> !found.contains(name)).toList();
        String reason = missing.isEmpty()
                ? notFound + " although all " + expected.size() + " are in hosted zone " + zoneId
                        + ": check that the domain's NS records delegate to that zone" + restart
                : notFound + ", and hosted zone " + zoneId + " lacks " + missing.size() + " of the " + expected.size()
                        + " (" + String.join(", ", missing) + "): onboard the domain again, which writes them and restarts verification";
        return failure.recordsFound(found).reason(reason).build();
    }

    private List<DkimRecord> expectedRecords(Domain domain, DkimState state) {
        return state.tokens()
                .map(tokens -> dkimTarget.recordSpecFor(domain).recordsFor(domain, tokens))
                .orElse(List.of());
    }
}
