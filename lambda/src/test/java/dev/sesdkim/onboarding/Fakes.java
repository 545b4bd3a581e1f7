package dev.sesdkim.onboarding;

import dev.sesdkim.onboarding.aws.SchedulerRecheckScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * In-memory stand-ins for the ports, recording every call in one journal so tests can check order. On {@link FakeTime}
 * (see {@link #onTime}) every call takes as long as it would in AWS, so a test can see how long a batch takes without
 * waiting for it; otherwise calls take no time.
 */
final class Fakes {

    /** The records the workflow on these fakes builds: the SES DKIM domain of most regions, a 30 min TTL. */
    static final RecordSpec RECORDS = new RecordSpec("dkim.amazonses.com", 1800);

    /** The deployed function timeout at the default SES rate of one call per second (DeploymentSettings.functionTimeout). */
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(73);
    /** A Route 53 request: Route 53 allows five per second per account. */
    static final Duration ROUTE53_REQUEST = Duration.ofMillis(200);
    /** Any other AWS request (SES once paced, Scheduler, EventBridge, SQS) within the region. */
    static final Duration AWS_REQUEST = Duration.ofMillis(20);
    /** ListSchedules returns at most this many schedules a page. */
    static final int SCHEDULES_PER_PAGE = 100;

    /**
     * A clock that moves only when a fake AWS call takes time (or the test moves it): SES calls wait for their pacer
     * slot on it, so a batch's SES calls take the pacing interval each, as they would, without sleeping.
     */
    static final class FakeTime extends Clock {
        private final Instant origin;
        private long nanos;

        FakeTime(Instant origin) {
            this.origin = origin;
        }

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        /** Moves the clock forward to {@code instant}, if that is later. */
        void advanceTo(Instant instant) {
            nanos = Math.max(nanos, Duration.between(origin, instant).toNanos());
        }

        long nanoTime() {
            return nanos;
        }

        @Override
        public Instant instant() {
            return origin.plusNanos(nanos);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private FakeTime time;
    private Pacer sesPacer;
    /** ListSchedules and GetSchedule requests the scheduler would have made reading the schedule group. */
    int scheduleListRequests;
    int scheduleGetRequests;

    final List<String> journal = new ArrayList<>();
    final Map<String, DkimTokens> identities = new LinkedHashMap<>();
    /** DKIM status by identity; an identity SES knows without an entry here is Pending, as it is right after onboarding. */
    final Map<String, DkimStatus> dkimStatuses = new HashMap<>();
    final List<List<Domain>> statusCalls = new ArrayList<>();
    final Map<String, HostedZone> zonesById = new HashMap<>();
    /** Records by zone id and name, like {@code "Z1 tok._domainkey.mail.example.com"}. */
    final Map<String, DkimRecord> records = new LinkedHashMap<>();
    /** MX and TXT record sets by {@code "<zone id> <name> <type>"}, each with its values. */
    final Map<String, List<MailFromRecord>> mailRecords = new LinkedHashMap<>();
    /** The custom MAIL FROM domain SES has for an identity, by domain name. */
    final Map<String, MailFromDomain> mailFromDomains = new LinkedHashMap<>();
    /** SES's status of an identity's MAIL FROM domain, by domain name; Pending without an entry. */
    final Map<String, MailFromStatus> mailFromStatuses = new HashMap<>();
    /** The domains of each GetIdentityMailFromDomainAttributes call. */
    final List<List<Domain>> mailFromCalls = new ArrayList<>();
    final Map<String, Instant> schedules = new LinkedHashMap<>();
    final Map<String, Request.Recheck> scheduledRechecks = new LinkedHashMap<>();
    final List<Outcome> events = new ArrayList<>();
    final Map<String, String> deadLetters = new LinkedHashMap<>();
    /** What the deployment may write; every zone unless a test narrows it. */
    WritableZones writableZones = WritableZones.EVERY_ZONE;
    /** No default MAIL FROM label unless a test sets one. */
    MailFromPolicy mailFromPolicy = MailFromPolicy.NONE;
    RuntimeException failNextSesCall;
    RuntimeException failNextStatusCall;
    RuntimeException failNextPublish;
    /** The bus never accepts an outcome event about these domains. */
    final java.util.Set<String> eventsRefusedFor = new java.util.HashSet<>();
    /** PutEvents requests made, ten entries to a request. */
    int putEventsRequests;
    RuntimeException failNextSchedule;
    /** What reading a zone's records throws, for as long as it is set. */
    RuntimeException failRecordReads;
    /** SES fails with a throttling error for this domain. */
    String throttledDomain;
    /** SES fails with a throttling error when asked to delete this domain's identity. */
    String throttledDeletion;

    final DkimIdentities ses = new DkimIdentities() {
        @Override
        public DkimTokens verifyDomainDkim(Domain domain) {
            journal.add("ses:verify " + domain);
            sesRequest();
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
            sesRequest();
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
        public void setMailFromDomain(Domain domain, MailFromDomain mailFrom) {
            journal.add("ses:setMailFrom " + domain + " " + mailFrom);
            sesRequest();
            failIfAsked();
            if (!identities.containsKey(domain.name())) {
                throw new IllegalStateException("no identity " + domain);
            }
            mailFromDomains.put(domain.name(), mailFrom);
        }

        @Override
        public Map<Domain, MailFromState> mailFromStates(List<Domain> domains) {
            journal.add("ses:getMailFrom " + domains.stream().map(Domain::name).collect(java.util.stream.Collectors.joining(",")));
            sesRequest();
            failIfAsked();
            if (domains.size() > MAX_IDENTITIES_PER_STATUS_CALL) {
                throw new IllegalArgumentException("too many identities for one call: " + domains.size());
            }
            mailFromCalls.add(List.copyOf(domains));
            Map<Domain, MailFromState> states = new HashMap<>();
            for (Domain domain : domains) {
                MailFromDomain name = mailFromDomains.get(domain.name());
                if (name != null && identities.containsKey(domain.name())) {
                    states.put(domain, new MailFromState(name, mailFromStatuses.getOrDefault(domain.name(), MailFromStatus.PENDING)));
                }
            }
            return states;
        }

        @Override
        public void deleteIdentity(Domain domain) {
            journal.add("ses:delete " + domain);
            sesRequest();
            failIfAsked();
            if (domain.name().equals(throttledDeletion)) {
                throw new IllegalStateException("Throttling");
            }
            identities.remove(domain.name());
            mailFromDomains.remove(domain.name());
            dkimStatuses.remove(domain.name());
        }

        @Override
        public Optional<IdentityDiagnosis> diagnosis(Domain domain) {
            journal.add("ses:diagnosis " + domain);
            sesRequest();
            return Optional.ofNullable(diagnoses.get(domain.name()));
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
                takes(ROUTE53_REQUEST);
                HostedZone zone = zonesById.get(hostedZoneId.get());
                if (zone == null || !domain.isWithin(zone.name())) {
                    throw new RejectedInputException("hostedZoneId " + hostedZoneId.get() + " does not cover " + domain);
                }
                return Optional.of(zone);
            }
            for (String name : domain.selfAndParents()) {
                takes(ROUTE53_REQUEST);
                Optional<HostedZone> zone = zonesById.values().stream().filter(candidate -> candidate.name().equals(name)).findFirst();
                if (zone.isPresent()) {
                    return zone;
                }
            }
            return Optional.empty();
        }

        @Override
        public void upsert(HostedZone zone, List<DkimRecord> upserted, List<MailFromRecord> mailFromRecords) {
            journal.add("dns:upsert " + zone.id() + " " + upserted.size()
                    + (mailFromRecords.isEmpty() ? "" : "+" + mailFromRecords.size()));
            takes(ROUTE53_REQUEST);
            upserted.forEach(record -> records.put(zone.id() + " " + record.name(), record));
            Map<String, List<MailFromRecord>> sets = new LinkedHashMap<>();
            mailFromRecords.forEach(record -> sets.computeIfAbsent(zone.id() + " " + record.name() + " " + record.type(),
                    key -> new java.util.ArrayList<>()).add(record));
            mailRecords.putAll(sets);
        }

        @Override
        public List<MailFromRecord> mailFromRecords(HostedZone zone, String name) {
            journal.add("dns:readMailFrom " + zone.id() + " " + name);
            takes(ROUTE53_REQUEST);
            return mailRecords.entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith(zone.id() + " " + name + " "))
                    .flatMap(entry -> entry.getValue().stream())
                    .toList();
        }

        @Override
        public void deleteMailFromRecords(HostedZone zone, List<MailFromRecord> deleted) {
            journal.add("dns:deleteMailFrom " + zone.id() + " " + deleted.size());
            takes(ROUTE53_REQUEST);
            deleted.forEach(record -> mailRecords.remove(zone.id() + " " + record.name() + " " + record.type()));
        }

        @Override
        public List<DkimRecord> dkimRecords(HostedZone zone, Domain domain) {
            journal.add("dns:read " + zone.id() + " " + domain);
            takes(ROUTE53_REQUEST);
            if (failRecordReads != null) {
                throw failRecordReads;
            }
            String suffix = "._domainkey." + domain.name();
            return records.entrySet().stream()
                    .filter(entry -> entry.getKey().startsWith(zone.id() + " "))
                    .map(Map.Entry::getValue)
                    .filter(record -> record.name().endsWith(suffix)
                            && record.name().indexOf('.') == record.name().length() - suffix.length())
                    .toList();
        }

        @Override
        public List<String> nameServers(HostedZone zone) {
            journal.add("dns:nameServers " + zone.id());
            takes(ROUTE53_REQUEST);
            return zoneNameServers(zone.id());
        }

        @Override
        public void delete(HostedZone zone, List<DkimRecord> deleted) {
            journal.add("dns:delete " + zone.id() + " " + deleted.size());
            takes(ROUTE53_REQUEST);
            deleted.forEach(record -> records.remove(zone.id() + " " + record.name()));
        }
    };

    final RecheckScheduler scheduler = new RecheckScheduler() {
        @Override
        public void schedule(Request.Recheck recheck, Instant at) {
            journal.add("schedule " + SchedulerRecheckScheduler.nameFor(recheck));
            takes(AWS_REQUEST);
            if (failNextSchedule != null) {
                RuntimeException failure = failNextSchedule;
                failNextSchedule = null;
                throw failure;
            }
            schedules.putIfAbsent(SchedulerRecheckScheduler.nameFor(recheck), at);
            scheduledRechecks.putIfAbsent(SchedulerRecheckScheduler.nameFor(recheck), recheck);
        }

        @Override
        public PendingRechecks pendingRechecks(TimeBudget budget) {
            journal.add("rechecks:read");
            readScheduleGroup(budget);
            return new PendingRechecks() {
                @Override
                public int cancel(Domain domain) {
                    return cancelFromSchedules(domain);
                }

                @Override
                public Optional<Waiting> next(Domain domain) {
                    return scheduledRechecks.entrySet().stream()
                            .flatMap(entry -> entry.getValue().domains().stream()
                                    .filter(pending -> pending.domain().equals(domain))
                                    .map(pending -> new Waiting(schedules.get(entry.getKey()), entry.getValue().attempt(), pending)))
                            .min(java.util.Comparator.comparing(Waiting::at));
                }
            };
        }

        private int cancelFromSchedules(Domain domain) {
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
                takes(AWS_REQUEST);
                if (others.isEmpty()) {
                    scheduledRechecks.remove(name);
                    schedules.remove(name);
                } else {
                    scheduledRechecks.put(name, recheck.withDomains(others));
                }
            }
            return held;
        }
    };

    /**
     * The bus: outcomes published together go ten to a request, as PutEvents takes them, each request taking as long as
     * one AWS call. {@link #failNextPublish} drops the next entry (a single publish then throws it); entries about a
     * domain in {@link #eventsRefusedFor} are always dropped.
     */
    final OutcomeEvents outcomes = new OutcomeEvents() {
        @Override
        public void publish(Outcome outcome) {
            RuntimeException failure = failNextPublish;
            if (!publishAll(List.of(outcome)).isEmpty()) {
                throw failure != null ? failure : new IllegalStateException("the bus did not accept " + outcome.detailType());
            }
        }

        @Override
        public List<Integer> publishAll(List<Outcome> batch) {
            List<Integer> notAccepted = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Outcome outcome = batch.get(i);
                if (i % 10 == 0) {
                    putEventsRequests++;
                    takes(AWS_REQUEST);
                }
                journal.add("event " + outcome.type().detailType());
                if (failNextPublish != null || outcome.domainName().filter(eventsRefusedFor::contains).isPresent()) {
                    failNextPublish = null;
                    notAccepted.add(i);
                } else {
                    events.add(outcome);
                }
            }
            return notAccepted;
        }
    };

    final DeadLetters dlq = (message, reason) -> {
        journal.add("dlq " + message.messageId());
        takes(AWS_REQUEST);
        deadLetters.putIfAbsent(message.messageId(), reason);
    };

    /**
     * Where the records point, kept across {@link #workflow} calls as one execution environment keeps it: always
     * {@link #RECORDS}'s target unless a test gives SES a say.
     */
    DkimTarget dkimTarget = DkimTarget.fixed(RECORDS);
    /** What SES v2 says about identities, by name; none unless a test sets one. */
    final Map<String, IdentityDiagnosis> diagnoses = new HashMap<>();
    /** Public DNS answers by {@code "name TYPE"}, over what the zones hold; a name in neither does not exist. */
    final Map<String, DnsAnswer> publicAnswers = new HashMap<>();
    /** Public DNS does not answer at all: every question takes the resolver's whole timeout. */
    boolean resolverDown;
    int dnsQuestions;
    /** How long one question to public DNS takes when it is answered. */
    static final Duration DNS_QUESTION = Duration.ofMillis(5);

    /** Public DNS as the zones make it: every record in a fake zone resolves, so a zone is delegated unless a test says not. */
    final PublicDns publicDns = (name, type) -> {
        dnsQuestions++;
        journal.add("publicDns:" + type + " " + name);
        if (resolverDown) {
            takes(dev.sesdkim.onboarding.dns.ResolverPublicDns.QUESTION_TIMEOUT);
            return new DnsAnswer.Unresolved("timeout");
        }
        takes(DNS_QUESTION);
        DnsAnswer given = publicAnswers.get(name + " " + type);
        if (given != null) {
            return given;
        }
        if (type == PublicDns.Type.CNAME) {
            List<String> targets = records.values().stream().filter(record -> record.name().equals(name))
                    .map(DkimRecord::value).toList();
            if (!targets.isEmpty()) {
                return new DnsAnswer.Found(targets);
            }
        }
        if (type == PublicDns.Type.MX || type == PublicDns.Type.TXT) {
            // As a resolver gives them: an MX as written, a TXT as its text without the quotes Route 53 wants.
            List<String> values = mailRecords.values().stream().flatMap(List::stream)
                    .filter(record -> record.name().equals(name) && record.type().equals(type.name()))
                    .map(record -> type == PublicDns.Type.TXT ? record.value().replace("\"", "") : record.value())
                    .toList();
            if (!values.isEmpty()) {
                return new DnsAnswer.Found(values);
            }
        }
        if (type == PublicDns.Type.NS) {
            Optional<HostedZone> zone = zonesById.values().stream().filter(candidate -> candidate.name().equals(name)).findFirst();
            if (zone.isPresent()) {
                return new DnsAnswer.Found(zoneNameServers(zone.get().id()));
            }
        }
        return new DnsAnswer.NoSuchName();
    };

    /** The four name servers Route 53 gives a fake zone. */
    static List<String> zoneNameServers(String zoneId) {
        String id = zoneId.toLowerCase(java.util.Locale.ROOT);
        return List.of("ns-1." + id + ".awsdns-01.org", "ns-2." + id + ".awsdns-02.co.uk", "ns-3." + id + ".awsdns-03.com",
                "ns-4." + id + ".awsdns-04.net");
    }

    /**
     * The workflow on these fakes, assembled as on AWS, with the default back-off, {@link #RECORDS}, and the time
     * reserve of the SES rate (one call per second unless {@link #onTime} says otherwise).
     */
    OnboardingWorkflow workflow(Clock clock) {
        return OnboardingWorkflow.assemble(new Ports(ses, dns, scheduler, outcomes, dlq, publicDns), dkimTarget, mailFromPolicy,
                writableZones, clock, sesPacer == null ? Duration.ofSeconds(1) : sesPacer.interval(), OnboardingMetrics.NONE);
    }

    /** What one invocation on fake time did: the messages it left to be redelivered, and how long it took. */
    record Invocation(List<String> redelivered, Duration took) {
    }

    /**
     * Runs the batch as Lambda would on {@link #onTime fake time}: the workflow sees the {@link #FUNCTION_TIMEOUT}
     * count down as the calls take time.
     */
    Invocation invoke(List<InboundMessage> batch) {
        Instant start = time.instant();
        List<String> redelivered = workflow(time).process(batch,
                () -> FUNCTION_TIMEOUT.minus(Duration.between(start, time.instant())).toMillis());
        return new Invocation(redelivered, Duration.between(start, time.instant()));
    }

    /** From now on every call takes time on {@code time}, SES calls paced at {@code sesCallsPerSecond} as deployed. */
    Fakes onTime(FakeTime time, double sesCallsPerSecond) {
        this.time = time;
        this.sesPacer = new Pacer(sesCallsPerSecond, time::nanoTime, time::advance);
        return this;
    }

    private void takes(Duration duration) {
        if (time != null) {
            time.advance(duration);
        }
    }

    /** A paced SES request as the deployed client makes it: the slot is held until its answer is back. */
    private void sesRequest() {
        if (sesPacer == null) {
            takes(AWS_REQUEST);
            return;
        }
        try (Pacer.Slot ignored = sesPacer.acquire()) {
            takes(AWS_REQUEST);
        }
    }

    /**
     * What reading every schedule of the group costs: ListSchedules page by page, then GetSchedule for each, as long as
     * the budget lasts.
     */
    private void readScheduleGroup(TimeBudget budget) {
        int pages = Math.max(1, (scheduledRechecks.size() + SCHEDULES_PER_PAGE - 1) / SCHEDULES_PER_PAGE);
        for (int page = 0; page < pages; page++) {
            scheduleListRequests++;
            takes(AWS_REQUEST);
            for (int schedule = page * SCHEDULES_PER_PAGE; schedule < Math.min(scheduledRechecks.size(), (page + 1) * SCHEDULES_PER_PAGE); schedule++) {
                budget.ensureLeft("reading the re-check schedules");
                scheduleGetRequests++;
                takes(AWS_REQUEST);
            }
        }
    }

    HostedZone addZone(String id, String name) {
        HostedZone zone = new HostedZone(id, name);
        zonesById.put(id, zone);
        return zone;
    }

    void addRecord(String zoneId, String name, String value) {
        records.put(zoneId + " " + name, new DkimRecord(name, value, RECORDS.ttlSeconds()));
    }

    /** SES gives the domain its tokens and its three records are in the zone, as onboarding leaves them. */
    void publishRecords(String zoneId, Domain domain) {
        RECORDS.recordsFor(domain, ses.verifyDomainDkim(domain)).forEach(record -> addRecord(zoneId, record.name(), record.value()));
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
