package dev.sesdkim.onboarding.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sesdkim.onboarding.InboundMessage;
import dev.sesdkim.onboarding.OnboardingWorkflow;
import dev.sesdkim.onboarding.Pacer;
import dev.sesdkim.onboarding.Settings;
import dev.sesdkim.onboarding.aws.AwsWorkflowFactory;
import dev.sesdkim.onboarding.aws.EmfMetrics;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.MDC;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Lambda entry point for the onboarding queue's event source mapping (with {@code ReportBatchItemFailures}).
 * The runtime uses the no-argument constructor, which reads the settings and builds the AWS clients once per
 * execution environment; tests pass a workflow of their own.
 * <p>
 * With SnapStart, Lambda calls {@link #beforeCheckpoint} before it snapshots the initialised function: the handler then
 * primes its hot path, running one onboard and one re-check message through the real workflow on canned AWS responses
 * ({@link SnapStartPriming}), so what the first batch would load and initialise is in the snapshot already. Nothing is
 * sent to AWS. Without SnapStart the hook never runs and the first batch does that work.
 */
public final class OnboardingHandler implements RequestHandler<SQSEvent, SQSBatchResponse>, Resource {

    /** Powertools' MDC key for the {@code cold_start} field of every log line. */
    static final String COLD_START_KEY = "cold_start";

    private final OnboardingWorkflow workflow;
    private final Runnable priming;
    private final Runnable coldStartMetric;
    /** True until the first batch after construction or after a restore from a snapshot has begun. */
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    public OnboardingHandler() {
        this(Settings.fromEnvironment());
    }

    private OnboardingHandler(Settings settings) {
        this(settings, new EmfMetrics(settings.metricsNamespace()));
    }

    private OnboardingHandler(Settings settings, EmfMetrics metrics) {
        this(AwsWorkflowFactory.create(settings, credentials(settings), Pacer.realTime(settings.sesCallsPerSecond()),
                Clock.systemUTC(), AwsWorkflowFactory.Options.DEFAULT, Optional.of(metrics)),
                () -> SnapStartPriming.prime(settings), metrics::coldStart);
        // The runtime holds this handler for the life of the environment; the CRaC context only holds it weakly.
        Core.getGlobalContext().register(this);
    }

    public OnboardingHandler(OnboardingWorkflow workflow) {
        this(workflow, () -> {
        }, () -> {
        });
    }

    private OnboardingHandler(OnboardingWorkflow workflow, Runnable priming, Runnable coldStartMetric) {
        this.workflow = workflow;
        this.priming = priming;
        this.coldStartMetric = coldStartMetric;
    }

    /** A SnapStart function gets container credentials, any other the access key variables; no chain is searched. */
    private static AwsCredentialsProvider credentials(Settings settings) {
        return settings.containerCredentials()
                ? ContainerCredentialsProvider.builder().build()
                : EnvironmentVariableCredentialsProvider.create();
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            markColdStart();
            List<InboundMessage> batch = event.getRecords() == null ? List.of() : event.getRecords().stream()
                    .map(record -> new InboundMessage(record.getMessageId(), record.getBody()))
                    .toList();
            List<SQSBatchResponse.BatchItemFailure> failures = workflow.process(batch, () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis()).stream()
                    .map(SQSBatchResponse.BatchItemFailure::new)
                    .toList();
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        });
    }

    /**
     * Powertools decides cold starts once per JVM, from the initialisation type: the priming batch before a snapshot
     * would take it, and a SnapStart environment never has one. Here the first batch after construction or restore is
     * the cold start, in the log lines and the {@code ColdStart} metric.
     */
    private void markColdStart() {
        boolean first = coldStart.getAndSet(false);
        MDC.put(COLD_START_KEY, Boolean.toString(first));
        if (first) {
            coldStartMetric.run();
        }
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        priming.run();
    }

    /** The environment starts from the snapshot: its first batch is a cold start again. */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: no connection was opened before the snapshot and credentials are fetched when first used.
        coldStart.set(true);
    }
}
