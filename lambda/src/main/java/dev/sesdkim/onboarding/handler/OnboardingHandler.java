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
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

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

    private final OnboardingWorkflow workflow;
    private final Runnable priming;

    public OnboardingHandler() {
        this(Settings.fromEnvironment());
    }

    private OnboardingHandler(Settings settings) {
        this(AwsWorkflowFactory.create(settings, credentials(settings), Pacer.realTime(settings.sesCallsPerSecond()),
                Clock.systemUTC(), AwsWorkflowFactory.Options.DEFAULT, Optional.of(new EmfMetrics(settings.metricsNamespace()))),
                () -> SnapStartPriming.prime(settings));
        // The runtime holds this handler for the life of the environment; the CRaC context only holds it weakly.
        Core.getGlobalContext().register(this);
    }

    public OnboardingHandler(OnboardingWorkflow workflow) {
        this(workflow, () -> {
        });
    }

    private OnboardingHandler(OnboardingWorkflow workflow, Runnable priming) {
        this.workflow = workflow;
        this.priming = priming;
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
            List<InboundMessage> batch = event.getRecords() == null ? List.of() : event.getRecords().stream()
                    .map(record -> new InboundMessage(record.getMessageId(), record.getBody()))
                    .toList();
            List<SQSBatchResponse.BatchItemFailure> failures = workflow.process(batch, () -> context == null ? Long.MAX_VALUE : context.getRemainingTimeInMillis()).stream()
                    .map(SQSBatchResponse.BatchItemFailure::new)
                    .toList();
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        });
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        priming.run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: no connection was opened before the snapshot and credentials are fetched when first used.
    }
}
