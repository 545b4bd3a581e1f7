package dev.sesdkim.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.CreateAlarmOptions;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.scheduler.IScheduleGroup;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signs that onboarding needs a person: something reached the dead-letter queue, the function failed outright,
 * the queue stopped draining, or Scheduler could not deliver a recheck (a target error, a dropped invocation, a recheck
 * in the recheck dead-letter queue), or too many domains failed or timed out verification. With an alarm email they notify an SNS topic it subscribes to.
 */
public final class OnboardingAlarms extends Construct {

    /**
     * @param scheduleGroup          the group of the recheck schedules, whose Scheduler metrics are watched
     * @param recheckDeadLetterQueue where Scheduler parks rechecks it gave up delivering
     * @param alarmEmail             subscribed to a topic the alarms notify; without it there is no topic
     */
    public record Props(IQueue onboardingQueue, IQueue deadLetterQueue, IFunction function, IScheduleGroup scheduleGroup,
                        IQueue recheckDeadLetterQueue, Optional<String> alarmEmail, String metricsNamespace,
                        int verificationFailurePercent, int verificationTimeoutPercent) {
    }

    static final Duration PERIOD = Duration.minutes(5);

    /**
     * Far beyond how long a backlog takes to drain at the SES rate (a batch of 10 a minute), yet well inside the
     * queue's retention: a message this old means the function is not consuming.
     */
    static final Duration OLDEST_MESSAGE_AGE_LIMIT = Duration.minutes(30);

    /** The window of the verification rates: re-checks come in waves, and an hour holds several. */
    static final Duration RATE_PERIOD = Duration.hours(1);

    /** Fewer final outcomes in an hour than this say nothing about a rate: one failure of two is not 50 % of anything. */
    static final int RATE_MINIMUM_OUTCOMES = 5;

    private final List<Alarm> alarms;
    private final Optional<ITopic> topic;

    public OnboardingAlarms(Construct scope, String id, Props props) {
        super(scope, id);
        Alarm deadLetters = props.deadLetterQueue()
                .metricApproximateNumberOfMessagesVisible(maximum())
                .createAlarm(this, "DeadLetterQueueNotEmpty", atLeast(1,
                        "Onboarding messages reached the dead-letter queue: rejected input or repeated failures. "
                                + "Read the rejectReason attribute, fix, then redrive or delete."));
        Alarm errors = props.function()
                .metricErrors(MetricOptions.builder().period(PERIOD).statistic("Sum").build())
                .createAlarm(this, "FunctionErrors", atLeast(1,
                        "The onboarding function failed a whole invocation (crash, timeout or bad configuration); "
                                + "see its log group."));
        Alarm oldestMessage = props.onboardingQueue()
                .metricApproximateAgeOfOldestMessage(maximum())
                .createAlarm(this, "OldestMessageAge", atLeast(OLDEST_MESSAGE_AGE_LIMIT.toSeconds().intValue(),
                        "The onboarding queue is not draining: its oldest message is older than "
                                + OLDEST_MESSAGE_AGE_LIMIT.toMinutes().intValue() + " minutes."));
        Alarm undeliveredRechecks = props.recheckDeadLetterQueue()
                .metricApproximateNumberOfMessagesVisible(maximum())
                .createAlarm(this, "RecheckDeadLetterQueueNotEmpty", atLeast(1,
                        "Scheduler gave up delivering DKIM rechecks to the onboarding queue; they wait in the recheck "
                                + "dead-letter queue. Fix the cause, then replay them (docs/operations.md, When a re-check cannot be delivered)."));
        Alarm droppedRechecks = props.scheduleGroup()
                .metricDropped(sum())
                .createAlarm(this, "RecheckInvocationsDropped", atLeast(1,
                        "Scheduler stopped trying to deliver DKIM rechecks; see the recheck dead-letter queue "
                                + "(and its own alarm) for them."));
        Alarm recheckTargetErrors = props.scheduleGroup()
                .metricTargetErrors(sum())
                .createAlarm(this, "RecheckTargetErrors", atLeast(1,
                        "Scheduler could not send DKIM rechecks to the onboarding queue; it retries for up to 6 hours, "
                                + "then parks them in the recheck dead-letter queue."));
        Alarm failureRate = rateAlarm("VerificationFailureRate", props, "f", props.verificationFailurePercent(),
                "More than " + props.verificationFailurePercent() + " % of the domains that reached a final outcome in the "
                        + "last hour failed DKIM verification. Read the reason of the DKIM Verification Failed events "
                        + "(docs/operations.md, Runbook).");
        Alarm timeoutRate = rateAlarm("VerificationTimeoutRate", props, "t", props.verificationTimeoutPercent(),
                "More than " + props.verificationTimeoutPercent() + " % of the domains that reached a final outcome in the "
                        + "last hour timed out after 72 hours. Read the DKIM Verification Timed Out events (docs/operations.md, Runbook).");
        this.alarms = List.of(deadLetters, errors, oldestMessage, undeliveredRechecks, droppedRechecks, recheckTargetErrors,
                failureRate, timeoutRate);
        this.topic = props.alarmEmail().map(this::notifyByEmail);
    }

    /**
     * An alarm on the share, in percent, of the final outcomes of the last hour (verified, failed, timed out) that
     * {@code part} ({@code f} failed, {@code t} timed out) makes up, once there are at least
     * {@value #RATE_MINIMUM_OUTCOMES} of them.
     */
    private Alarm rateAlarm(String id, Props props, String part, int percent, String description) {
        String total = "(FILL(v,0)+FILL(f,0)+FILL(t,0))";
        MathExpression rate = MathExpression.Builder.create()
                .expression("IF(" + total + " >= " + RATE_MINIMUM_OUTCOMES + ", 100*FILL(" + part + ",0)/" + total + ", 0)")
                .usingMetrics(Map.of(
                        "v", OnboardingDashboard.own(props.metricsNamespace(), MetricNames.VERIFIED, "Sum", RATE_PERIOD),
                        "f", OnboardingDashboard.own(props.metricsNamespace(), MetricNames.VERIFICATION_FAILED, "Sum", RATE_PERIOD),
                        "t", OnboardingDashboard.own(props.metricsNamespace(), MetricNames.VERIFICATION_TIMED_OUT, "Sum", RATE_PERIOD)))
                .period(RATE_PERIOD)
                .label(id + " (%)")
                .build();
        return rate.createAlarm(this, id, CreateAlarmOptions.builder()
                .threshold(percent)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build());
    }

    private ITopic notifyByEmail(String email) {
        Topic topic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("SES DKIM onboarding alarms")
                .enforceSsl(true)
                .build();
        topic.addSubscription(new EmailSubscription(email));
        SnsAction notify = new SnsAction(topic);
        alarms.forEach(alarm -> {
            alarm.addAlarmAction(notify);
            alarm.addOkAction(notify);
        });
        return topic;
    }

    private static MetricOptions maximum() {
        return MetricOptions.builder().period(PERIOD).statistic("Maximum").build();
    }

    private static MetricOptions sum() {
        return MetricOptions.builder().period(PERIOD).statistic("Sum").build();
    }

    private static CreateAlarmOptions atLeast(Number threshold, String description) {
        return CreateAlarmOptions.builder()
                .threshold(threshold)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(1)
                // No data means an idle queue or function: healthy.
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
    }

    public List<Alarm> alarms() {
        return alarms;
    }

    public Optional<ITopic> topic() {
        return topic;
    }
}
