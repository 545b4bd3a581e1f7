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
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.time.Clock;
import java.util.List;

/**
 * The Lambda entry point for the onboarding queue's event source mapping (with {@code ReportBatchItemFailures}).
 * The runtime uses the no-argument constructor, which reads the settings and builds the AWS clients once per
 * execution environment; tests pass a workflow of their own.
 */
public final class OnboardingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private final OnboardingWorkflow workflow;

    public OnboardingHandler() {
        this(fromEnvironment());
    }

    public OnboardingHandler(OnboardingWorkflow workflow) {
        this.workflow = workflow;
    }

    private static OnboardingWorkflow fromEnvironment() {
        Settings settings = Settings.fromEnvironment();
        return AwsWorkflowFactory.create(settings, EnvironmentVariableCredentialsProvider.create(),
                Pacer.realTime(settings.sesCallsPerSecond()), Clock.systemUTC());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            List<InboundMessage> batch = event.getRecords() == null ? List.of() : event.getRecords().stream()
                    .map(record -> new InboundMessage(record.getMessageId(), record.getBody()))
                    .toList();
            List<SQSBatchResponse.BatchItemFailure> failures = workflow.process(batch).stream()
                    .map(SQSBatchResponse.BatchItemFailure::new)
                    .toList();
            return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
        });
    }
}
