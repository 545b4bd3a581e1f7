package dev.sesdkim.infra;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.events.BaseArchiveProps;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.lambda.Code;
import software.constructs.Construct;

import java.util.List;

/**
 * The whole onboarding workflow: the queues, the function, recheck scheduling, the outcome bus and the alarms.
 * The account comes from the deploying credentials, and the region too unless the CDK CLI named it at synthesis, so
 * it synthesises without either.
 */
public final class DkimOnboardingStack extends Stack {

    /**
     * @param settings     what the deployer chose
     * @param functionCode the lambda module's shaded jar
     */
    public record Props(DeploymentSettings settings, Code functionCode) {
    }

    private final OnboardingQueues queues;
    private final OnboardingFunction function;
    private final OnboardingAlarms alarms;

    public DkimOnboardingStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        DeploymentSettings settings = props.settings();

        this.queues = new OnboardingQueues(this, "Queues", new OnboardingQueues.Props(settings.functionTimeout()));
        RecheckScheduling scheduling = new RecheckScheduling(this, "RecheckScheduling",
                new RecheckScheduling.Props(queues.onboarding()));

        EventBus outcomeBus = EventBus.Builder.create(this, "OutcomeBus")
                .description("Outcomes of SES DKIM onboarding (source " + OnboardingFunction.EVENT_SOURCE + ")")
                .build();
        settings.outcomeArchiveDays().ifPresent(days -> outcomeBus.archive("OutcomeArchive", BaseArchiveProps.builder()
                .description("Replayable history of onboarding outcomes")
                .eventPattern(EventPattern.builder().source(List.of(OnboardingFunction.EVENT_SOURCE)).build())
                .retention(Duration.days(days))
                .build()));

        this.function = new OnboardingFunction(this, "Onboarding", new OnboardingFunction.Props(props.functionCode(),
                settings, queues, scheduling, outcomeBus));
        this.alarms = new OnboardingAlarms(this, "Alarms", new OnboardingAlarms.Props(queues.onboarding(),
                queues.deadLetters(), function.function(), scheduling.group(), scheduling.deadLetters(),
                settings.alarmEmail(), OnboardingFunction.METRICS_NAMESPACE, settings.verificationFailureAlarmPercent(),
                settings.verificationTimeoutAlarmPercent()));
        OnboardingDashboard dashboard = new OnboardingDashboard(this, "Dashboard", new OnboardingDashboard.Props(
                queues.onboarding(), queues.deadLetters(), scheduling.deadLetters(), function.function(), scheduling.group(),
                OnboardingFunction.METRICS_NAMESPACE));

        if (settings.hostedZoneIds().isEmpty() && !settings.allHostedZones()) {
            Annotations.of(this).addWarningV2("dev.sesdkim:noHostedZones", "No hostedZoneIds given: the function may "
                    + "not write DKIM records anywhere. Deploy with -c hostedZoneIds=Z1,Z2 (or -c allHostedZones=true).");
        }

        output("OnboardingQueueUrl", queues.onboarding().getQueueUrl(), "Send onboarding requests here (FIFO)");
        output("DeadLetterQueueUrl", queues.deadLetters().getQueueUrl(), "Rejected input and repeated failures");
        output("OutcomeBusName", outcomeBus.getEventBusName(), "Onboarding outcomes are published here");
        output("FunctionAliasArn", function.alias().getFunctionArn(), "The SnapStart alias the queue invokes");
        output("FunctionLogGroup", function.logGroup().getLogGroupName(), "The function's logs");
        output("ScheduleGroupName", scheduling.group().getScheduleGroupName(), "Pending DKIM rechecks");
        output("RecheckDeadLetterQueueUrl", scheduling.deadLetters().getQueueUrl(),
                "Rechecks Scheduler could not deliver; replay them to the onboarding queue (docs/operations.md, When a re-check cannot be delivered)");
        output("DashboardName", dashboard.dashboard().getDashboardName(), "Queue, outcomes, verification time, SES pacing");
        alarms.topic().ifPresent(topic -> output("AlarmTopicArn", topic.getTopicArn(), "Alarm notifications"));
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    public OnboardingQueues queues() {
        return queues;
    }

    public OnboardingFunction function() {
        return function;
    }

    public OnboardingAlarms alarms() {
        return alarms;
    }
}
