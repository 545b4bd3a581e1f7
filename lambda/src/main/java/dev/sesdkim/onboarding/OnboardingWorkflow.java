package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;

/**
 * What happens to a batch of queue messages. Onboard and offboard messages are handled in order; the domains onboarded
 * get their first re-check together, in one schedule, once the batch's onboard and offboard messages are done, and only
 * then are their outcomes published, so a redelivery never announces a domain twice (a domain offboarded later in the
 * batch gets neither). Re-check messages are collected and handled together after them, so SES is asked about all their
 * domains in as few calls as possible; {@link Rechecking} says why that order is safe. Input that can never succeed is
 * rejected: its body goes to the dead-letter queue with the reason, a rejection event is published, and it is
 * acknowledged.
 * <p>
 * Any other failure is transient. That message is reported as failed, so the queue delivers it again, and so is every
 * later message of the batch about its domain, so a domain's messages still take effect in the order they were
 * sent. Messages about other domains go on and are acknowledged: on a FIFO queue every message of a failed batch is
 * received again and counted, so failing them all would let one message that keeps failing carry the messages behind
 * it to the dead-letter queue unprocessed. Re-check messages are independent of order and are neither held back nor
 * hold anything back. If the first re-checks cannot be scheduled, every domain onboarded in the batch is redelivered
 * (they share the schedule); a transient failure of the joint re-check fails every re-check message of the batch and
 * nothing else.
 * <p>
 * No batch outlives the function's timeout. Work that grows with the data asks a {@link TimeBudget} before each step
 * and stops once less than the reserve is left: the onboard and offboard messages not yet started are redelivered; the
 * offboards share one reading of the schedule group, and one that cannot finish it in time is redelivered
 * ({@link Offboarding}); the joint re-check carries forward, to a new re-check, the domains it did not reach
 * ({@link Rechecking}). The reserve is for the step under way and for the steps that must follow.
 */
public final class OnboardingWorkflow {

    /**
     * Time a batch keeps, beyond {@value Settings#SES_CALLS_PER_STEP} SES pacing intervals, before the function's
     * timeout: once less is left it starts nothing that can wait. It covers what may still run then: the step under way
     * (its Route 53 calls, and its SES calls' waits for the pacer, which are the intervals added), then the steps that
     * cannot be left for later: the first re-check of the domains onboarded (one schedule, up to {@value Request.Recheck#MAX_DOMAINS} onboarded
     * again by re-checks in another) and their announcements, and the re-checks of whatever was carried forward (one
     * schedule per {@value Request.Recheck#MAX_DOMAINS} domains, ten at most). The function's timeout
     * (DeploymentSettings.functionTimeout) is derived with the same figure.
     */
    public static final Duration RESERVE = Duration.ofSeconds(Settings.RESERVE_SECONDS);

    private static final Logger log = LoggerFactory.getLogger(OnboardingWorkflow.class);

    private final MessageCodec codec;
    private final Onboarding onboarding;
    private final Rechecking rechecking;
    private final Offboarding offboarding;
    private final StatusReporting statusReporting;
    private final Verifying verifying;
    private final DeadLetters deadLetters;
    private final OutcomeEvents events;
    private final Duration reserve;
    private final OnboardingMetrics metrics;

    private OnboardingWorkflow(MessageCodec codec, Onboarding onboarding, Rechecking rechecking, Offboarding offboarding,
                               StatusReporting statusReporting, Verifying verifying, Ports ports, Duration reserve,
                               OnboardingMetrics metrics) {
        this.codec = codec;
        this.onboarding = onboarding;
        this.rechecking = rechecking;
        this.offboarding = offboarding;
        this.statusReporting = statusReporting;
        this.verifying = verifying;
        this.deadLetters = ports.deadLetters();
        this.events = ports.events();
        this.reserve = reserve;
        this.metrics = metrics;
    }

    /**
     * The workflow on {@code ports}, the one way it is put together, for AWS and for tests alike: DKIM records as
     * {@code recordSpec} says, written only into {@code writableZones}, re-checks on the {@link RecheckSchedule#DEFAULT}
     * back-off, time from {@code clock}. {@code sesPacingInterval} is how far apart the SES calls are paced: the time
     * reserve covers one more wait for the pacer.
     */
    public static OnboardingWorkflow assemble(Ports ports, RecordSpec recordSpec, WritableZones writableZones, Clock clock,
                                              Duration sesPacingInterval) {
        return assemble(ports, DkimTarget.fixed(recordSpec), writableZones, clock, sesPacingInterval, OnboardingMetrics.NONE);
    }

    /**
     * As {@link #assemble(Ports, RecordSpec, WritableZones, Clock, Duration)}, the records pointing where
     * {@code dkimTarget} answers, telling {@code metrics} what happens.
     */
    public static OnboardingWorkflow assemble(Ports measuredPorts, DkimTarget dkimTarget, WritableZones writableZones,
                                              Clock clock, Duration sesPacingInterval, OnboardingMetrics metrics) {
        return assemble(measuredPorts, dkimTarget, MailFromPolicy.NONE, writableZones, clock, sesPacingInterval, metrics);
    }

    /** As above, setting up custom MAIL FROM domains as {@code mailFromPolicy} says. */
    public static OnboardingWorkflow assemble(Ports measuredPorts, DkimTarget dkimTarget, MailFromPolicy mailFromPolicy,
                                              WritableZones writableZones, Clock clock, Duration sesPacingInterval,
                                              OnboardingMetrics metrics) {
        // Every outcome goes through this port, whoever publishes it: counted here, once the bus has accepted it.
        OutcomeEvents events = measuredPorts.events();
        OutcomeEvents counted = new OutcomeEvents() {
            @Override
            public void publish(Outcome outcome) {
                events.publish(outcome);
                metrics.published(outcome);
            }

            /** Still in as few requests as the bus allows; only the outcomes it accepted are counted. */
            @Override
            public List<Integer> publishAll(List<Outcome> outcomes) {
                List<Integer> notAccepted = events.publishAll(outcomes);
                for (int i = 0; i < outcomes.size(); i++) {
                    if (!notAccepted.contains(i)) {
                        metrics.published(outcomes.get(i));
                    }
                }
                return notAccepted;
            }
        };
        Ports ports = new Ports(measuredPorts.identities(), measuredPorts.dns(), measuredPorts.scheduler(), counted,
                measuredPorts.deadLetters(), measuredPorts.publicDns());
        Onboarding onboarding = new Onboarding(ports, writableZones, clock, RecheckSchedule.DEFAULT, dkimTarget, mailFromPolicy);
        Rechecking rechecking = new Rechecking(ports, onboarding, clock, RecheckSchedule.DEFAULT, dkimTarget, mailFromPolicy);
        Offboarding offboarding = new Offboarding(ports, writableZones, dkimTarget, mailFromPolicy);
        StatusReporting statusReporting = new StatusReporting(ports.identities(), ports.dns(), ports.scheduler(),
                writableZones, dkimTarget, clock);
        Verifying verifying = new Verifying(ports, writableZones, dkimTarget, mailFromPolicy);
        return new OnboardingWorkflow(new MessageCodec(), onboarding, rechecking, offboarding, statusReporting, verifying,
                ports, RESERVE.plus(sesPacingInterval.multipliedBy(Settings.SES_CALLS_PER_STEP)), metrics);
    }

    /** A domain onboarded by a message of the batch, waiting for its first re-check. */
    private record Onboarded(String messageId, Request.Onboard request, Onboarding.Result result) {
        Domain domain() {
            return result.pending().domain();
        }
    }

    /** A status message of the batch, answered once the batch's onboardings are scheduled. */
    private record CollectedStatus(InboundMessage message, Request.Status status) {
    }

    /** A re-check message of the batch, waiting for the joint re-check. */
    private record CollectedRecheck(String messageId, Request.Recheck recheck) {
    }

    /**
     * What the batch has done so far and what it leaves to do once its onboard and offboard messages are done; the
     * {@link BatchLedger} keeps which of its messages are redelivered.
     */
    private static final class BatchState {
        final BatchLedger ledger;
        final Offboarding.Batch offboards;
        final List<CollectedRecheck> rechecks = new ArrayList<>();
        final List<CollectedStatus> statuses = new ArrayList<>();
        final Set<Domain> offboarded = new HashSet<>();
        final List<Onboarded> onboarded = new ArrayList<>();

        BatchState(BatchLedger ledger, Offboarding.Batch offboards) {
            this.ledger = ledger;
            this.offboards = offboards;
        }
    }

    /** Handles the batch and returns the ids of the messages the queue must deliver again, in batch order. */
    public List<String> process(List<InboundMessage> batch) {
        return process(batch, () -> Long.MAX_VALUE);
    }

    /**
     * As {@link #process(List)}, within the invocation's time ({@code remainingMillis}, as Lambda's context reports
     * it): once less than the reserve ({@link #RESERVE} and three SES pacing intervals) is left, the remaining onboard and
     * offboard messages are not started but redelivered, and the re-checks carry forward what they do not reach (see
     * {@link Rechecking}), re-check messages not yet read included, so the batch ends before Lambda's timeout would
     * redeliver (and count) every message of it.
     */
    public List<String> process(List<InboundMessage> batch, LongSupplier remainingMillis) {
        TimeBudget budget = new TimeBudget(remainingMillis, reserve);
        BatchState state = new BatchState(new BatchLedger(batch), offboarding.batch(budget));
        for (InboundMessage message : batch) {
            try (MDC.MDCCloseable ignored = MDC.putCloseable("messageId", message.messageId())) {
                if (!budget.spent()) {
                    handle(message, state);
                } else if (!collectedAsRecheck(message, state)) {
                    log.warn("less than {} left in this invocation: message {} is not started and will be redelivered",
                            reserve, message.messageId());
                    state.ledger.redeliver(message.messageId());
                }
            }
        }
        finishOnboarded(state);
        reportStatuses(state, budget);
        recheck(state, budget);
        metrics.batchDone();
        return state.ledger.redelivered();
    }

    /** Once time is short, a re-check message is still collected: the joint re-check carries its domains forward. */
    private boolean collectedAsRecheck(InboundMessage message, BatchState state) {
        try {
            if (codec.parse(message.body()) instanceof Request.Recheck recheck) {
                state.rechecks.add(new CollectedRecheck(message.messageId(), recheck));
                return true;
            }
        } catch (RuntimeException e) {
            // Rejecting it takes AWS calls: it is redelivered instead, and rejected then.
        }
        return false;
    }

    private void handle(InboundMessage message, BatchState state) {
        Request request;
        try {
            request = codec.parse(message.body());
        } catch (RejectedInputException e) {
            if (!reject(message, e.reason())) {
                state.ledger.redeliver(message.messageId());
            }
            return;
        } catch (RuntimeException e) {
            log.error("could not read message {}; it will be redelivered: {}", message.messageId(), e.toString());
            state.ledger.redeliver(message.messageId());
            return;
        }
        if (request instanceof Request.Recheck recheck) {
            // Re-checks are independent of order (see Rechecking): collected, never held back, never holding back.
            state.rechecks.add(new CollectedRecheck(message.messageId(), recheck));
        } else if (request instanceof Request.ForDomain forDomain) {
            handle(message, forDomain, state);
        }
    }

    /**
     * A request about one domain is held back behind an earlier failed message about it, or else carried out; if it
     * fails, it is redelivered and holds back the later messages of the batch about its domain.
     */
    private void handle(InboundMessage message, Request.ForDomain request, BatchState state) {
        Domain domain = request.domain();
        if (state.ledger.isHeld(domain)) {
            log.warn("message {} is held back behind an earlier failed message about {}; it will be redelivered",
                    message.messageId(), domain);
            state.ledger.redeliver(message.messageId());
            return;
        }
        try (LogContext ignored = LogContext.of(message.messageId(), request)) {
            carryOut(message, request, state);
        } catch (RejectedInputException e) {
            if (!reject(message, e.reason())) {
                state.ledger.redeliverAndHold(message.messageId(), domain);
            }
        } catch (RuntimeException e) {
            log.warn("transient failure on message {}; it and any later message about {} will be redelivered: {}",
                    message.messageId(), domain, e.toString());
            state.ledger.redeliverAndHold(message.messageId(), domain);
        }
    }

    /** What each action about one domain does in a batch: a new one is added here and nowhere else in this class. */
    private void carryOut(InboundMessage message, Request.ForDomain request, BatchState state) {
        String messageId = message.messageId();
        if (request instanceof Request.Onboard onboard) {
            state.onboarded.add(new Onboarded(messageId, onboard, onboarding.onboard(onboard)));
        } else if (request instanceof Request.Offboard offboard) {
            state.offboards.offboard(offboard);
            state.offboarded.add(offboard.domain());
            state.onboarded.removeIf(onboarded -> onboarded.domain().equals(offboard.domain()));
        } else if (request instanceof Request.Status status) {
            // Answered after the batch's onboardings are scheduled, so a domain onboarded just before shows its re-check.
            state.statuses.add(new CollectedStatus(message, status));
        } else if (request instanceof Request.Verify verify) {
            events.publish(verifying.verify(verify));
        } else {
            throw new IllegalStateException("no action is defined for " + request.getClass().getSimpleName());
        }
    }

    /**
     * Schedules the first re-checks of the domains onboarded in the batch, then publishes their outcomes in batch order.
     * A domain a later message of the batch failed on is redelivered with it instead, so its messages keep their
     * order. If scheduling fails, every onboarded message is redelivered and nothing is announced; if one outcome
     * cannot be published, its message is redelivered, and so is any later one about the same domain.
     */
    private void finishOnboarded(BatchState state) {
        List<Onboarded> ready = new ArrayList<>();
        for (Onboarded onboarded : state.onboarded) {
            if (state.ledger.isHeld(onboarded.domain())) {
                log.warn("message {} is redelivered with a later failed message about {}", onboarded.messageId(), onboarded.domain());
                state.ledger.redeliver(onboarded.messageId());
            } else {
                ready.add(onboarded);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        try {
            onboarding.scheduleFirstChecks(ready.stream().map(onboarded -> onboarded.result().pending()).toList());
        } catch (RuntimeException e) {
            log.warn("transient failure while scheduling the first re-checks of {} domain(s); their messages will be "
                    + "redelivered: {}", ready.size(), e.toString());
            ready.forEach(onboarded -> state.ledger.redeliverAndHold(onboarded.messageId(), onboarded.domain()));
            return;
        }
        announce(ready, state.ledger);
    }

    /**
     * Publishes the outcomes of the domains onboarded, together, in as few requests as the bus allows. A domain onboarded
     * twice in the batch is announced in rounds, its second outcome only once its first was accepted: a message whose
     * outcome the bus did not take is redelivered, and so is every later one about its domain, unannounced.
     */
    private void announce(List<Onboarded> ready, BatchLedger ledger) {
        List<Onboarded> remaining = ready;
        while (!remaining.isEmpty()) {
            List<Onboarded> round = new ArrayList<>();
            List<Onboarded> later = new ArrayList<>();
            Set<Domain> inRound = new HashSet<>();
            for (Onboarded onboarded : remaining) {
                if (ledger.isHeld(onboarded.domain())) {
                    ledger.redeliver(onboarded.messageId());
                } else if (inRound.add(onboarded.domain())) {
                    round.add(onboarded);
                } else {
                    later.add(onboarded);
                }
            }
            List<Integer> notAccepted;
            try {
                notAccepted = events.publishAll(round.stream().map(onboarded -> onboarded.result().outcome()).toList());
            } catch (RuntimeException e) {
                log.warn("transient failure while announcing {} domain(s); their messages will be redelivered: {}",
                        round.size(), e.toString());
                notAccepted = IntStream.range(0, round.size()).boxed().toList();
            }
            for (int position : notAccepted) {
                Onboarded onboarded = round.get(position);
                log.warn("{} was not announced; message {} will be redelivered", onboarded.domain(), onboarded.messageId());
                ledger.redeliverAndHold(onboarded.messageId(), onboarded.domain());
            }
            remaining = later;
        }
    }

    /**
     * Publishes the status of the domains of the batch's status messages, read together (one SES call per 100 domains,
     * one reading of the schedule group). If the reading fails or runs out of time, they are all redelivered; a report
     * that fails is redelivered alone, and one whose hosted zone id is refused is rejected.
     */
    private void reportStatuses(BatchState state, TimeBudget budget) {
        if (state.statuses.isEmpty()) {
            return;
        }
        StatusReporting.Reading reading;
        try {
            budget.ensureLeft("reporting the status of " + state.statuses.size() + " domain(s)");
            reading = statusReporting.read(state.statuses.stream().map(collected -> collected.status().domain()).toList(),
                    budget);
        } catch (RuntimeException e) {
            log.warn("could not read the status of {} domain(s); their messages will be redelivered: {}",
                    state.statuses.size(), e.toString());
            state.statuses.forEach(collected -> state.ledger.redeliver(collected.message().messageId()));
            return;
        }
        for (CollectedStatus collected : state.statuses) {
            InboundMessage message = collected.message();
            try (LogContext ignored = LogContext.of(message.messageId(), collected.status())) {
                events.publish(statusReporting.report(collected.status(), reading));
            } catch (RejectedInputException e) {
                if (!reject(message, e.reason())) {
                    state.ledger.redeliver(message.messageId());
                }
            } catch (RuntimeException e) {
                log.warn("transient failure while reporting the status of {}; message {} will be redelivered: {}",
                        collected.status().domain(), message.messageId(), e.toString());
                state.ledger.redeliver(message.messageId());
            }
        }
    }

    /**
     * Re-checks the domains of the collected re-check messages together, carrying forward what the budget does not
     * reach; on a transient failure all are redelivered.
     */
    private void recheck(BatchState state, TimeBudget budget) {
        if (state.rechecks.isEmpty()) {
            return;
        }
        metrics.recheckWave((int) state.rechecks.stream()
                .flatMap(collected -> collected.recheck().domains().stream().map(Request.PendingDomain::domain))
                .distinct().count());
        try (LogContext ignored = LogContext.ofAction("recheck")) {
            rechecking.recheck(state.rechecks.stream().map(CollectedRecheck::recheck).toList(), state.offboarded, budget);
        } catch (RuntimeException e) {
            log.warn("transient failure while re-checking; the {} re-check message(s) will be redelivered: {}",
                    state.rechecks.size(), e.toString());
            state.rechecks.forEach(collected -> state.ledger.redeliver(collected.messageId()));
        }
    }

    /** Dead-letters the message with its reason and announces that; false if that failed and it must be redelivered. */
    private boolean reject(InboundMessage message, String reason) {
        log.warn("rejected message {}: {}", message.messageId(), reason);
        try {
            deadLetters.reject(message, reason);
            events.publish(Outcome.Rejected.of(message, codec.rawDomain(message.body()), reason));
            return true;
        } catch (RuntimeException e) {
            log.warn("transient failure while rejecting message {}; it will be redelivered: {}", message.messageId(), e.toString());
            return false;
        }
    }
}
