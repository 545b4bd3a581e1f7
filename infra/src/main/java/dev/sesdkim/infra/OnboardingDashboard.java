package dev.sesdkim.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.scheduler.IScheduleGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * One dashboard for running the service for months: the queue and its dead-letter queues, outcomes over time, how long
 * verification takes, SES pacing and throttles, the function, and Scheduler. The function's own metrics are read from
 * {@link OnboardingFunction#METRICS_NAMESPACE} by the names the function writes them under (its {@code EmfMetrics}).
 */
public final class OnboardingDashboard extends Construct {

    /** What the dashboard shows; {@code namespace} is where the function writes its metrics. */
    public record Props(IQueue onboardingQueue, IQueue deadLetterQueue, IQueue recheckDeadLetterQueue, IFunction function,
                        IScheduleGroup scheduleGroup, String namespace) {
    }

    static final Duration PERIOD = Duration.minutes(5);
    static final Duration SLOW_PERIOD = Duration.hours(1);

    private final Dashboard dashboard;

    public OnboardingDashboard(Construct scope, String id, Props props) {
        super(scope, id);
        String namespace = props.namespace();
        dashboard = Dashboard.Builder.create(this, "Dashboard").build();
        dashboard.addWidgets(
                graph("Onboarding queue: depth and oldest message (s)",
                        List.of(props.onboardingQueue().metricApproximateNumberOfMessagesVisible(max()),
                                props.onboardingQueue().metricApproximateNumberOfMessagesNotVisible(max())),
                        List.of(props.onboardingQueue().metricApproximateAgeOfOldestMessage(max()))),
                graph("Dead-letter queues: depth",
                        List.of(props.deadLetterQueue().metricApproximateNumberOfMessagesVisible(labelled("Maximum", "rejected or failed messages")),
                                props.recheckDeadLetterQueue().metricApproximateNumberOfMessagesVisible(labelled("Maximum", "undelivered re-checks"))),
                        List.of()));
        dashboard.addWidgets(
                graph("Outcomes", List.of(
                        count(namespace, MetricNames.ONBOARDED), count(namespace, MetricNames.RECORDS_PUBLISHED),
                        count(namespace, MetricNames.MANUAL_DNS_REQUIRED), count(namespace, MetricNames.VERIFIED),
                        count(namespace, MetricNames.VERIFICATION_FAILED), count(namespace, MetricNames.VERIFICATION_TIMED_OUT),
                        count(namespace, MetricNames.REJECTED), count(namespace, MetricNames.OFFBOARDED),
                        count(namespace, MetricNames.STATUS_REPORTED)), List.of()),
                graph("Rejections by reason class", List.of(MathExpression.Builder.create()
                        .expression("SEARCH('{" + namespace + "," + MetricNames.REASON_CLASS + "} MetricName=\"" + MetricNames.REJECTED
                                + "\"', 'Sum', 300)")
                        .label("")
                        .period(PERIOD)
                        .build()), List.of()));
        dashboard.addWidgets(
                graph("Time to verified (minutes)", List.of(
                        own(namespace, MetricNames.TIME_TO_VERIFIED_MINUTES, "p50", SLOW_PERIOD),
                        own(namespace, MetricNames.TIME_TO_VERIFIED_MINUTES, "p95", SLOW_PERIOD)), List.of()),
                graph("Re-check backlog per wave (domains)", List.of(
                        own(namespace, MetricNames.RECHECK_BACKLOG, "Maximum", PERIOD),
                        own(namespace, MetricNames.RECHECK_BACKLOG, "Sum", PERIOD)), List.of()));
        dashboard.addWidgets(
                graph("SES calls and pacing wait (ms)",
                        List.of(own(namespace, MetricNames.SES_CALLS, "Sum", PERIOD)),
                        List.of(own(namespace, MetricNames.SES_PACING_WAIT, "p50", PERIOD),
                                own(namespace, MetricNames.SES_PACING_WAIT, "Maximum", PERIOD))),
                graph("Throttles and retries (SES, Route 53)", List.of(
                        byService(namespace, MetricNames.THROTTLES, "SES"), byService(namespace, MetricNames.THROTTLES, "Route53"),
                        byService(namespace, MetricNames.RETRIES, "SES"), byService(namespace, MetricNames.RETRIES, "Route53")),
                        List.of()));
        dashboard.addWidgets(
                graph("Function: errors, throttles and duration (ms)",
                        List.of(props.function().metricErrors(sum()), props.function().metricThrottles(sum()),
                                props.function().metricInvocations(sum())),
                        List.of(props.function().metricDuration(stat("p50")), props.function().metricDuration(stat("p95")),
                                props.function().metricDuration(max()))),
                graph("Scheduler: re-checks dropped and failed deliveries",
                        List.of(props.scheduleGroup().metricDropped(sum()), props.scheduleGroup().metricTargetErrors(sum())),
                        List.of()));
    }

    public Dashboard dashboard() {
        return dashboard;
    }

    /** A count the function writes with only the Service dimension, summed per period. */
    static Metric count(String namespace, String name) {
        return own(namespace, name, "Sum", PERIOD);
    }

    static Metric own(String namespace, String name, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(namespace)
                .metricName(name)
                .dimensionsMap(Map.of(MetricNames.SERVICE_DIMENSION, OnboardingFunction.SERVICE_NAME))
                .statistic(statistic)
                .period(period)
                .label(name + ("Sum".equals(statistic) ? "" : " " + statistic))
                .build();
    }

    private static Metric byService(String namespace, String name, String service) {
        return Metric.Builder.create()
                .namespace(namespace)
                .metricName(name)
                .dimensionsMap(Map.of(MetricNames.AWS_SERVICE, service))
                .statistic("Sum")
                .period(PERIOD)
                .label(name + " " + service)
                .build();
    }

    private static GraphWidget graph(String title, List<? extends IMetric> left, List<? extends IMetric> right) {
        return GraphWidget.Builder.create().title(title).width(12).height(6)
                .left(List.copyOf(left)).right(List.copyOf(right)).build();
    }

    private static MetricOptions max() {
        return stat("Maximum");
    }

    private static MetricOptions sum() {
        return stat("Sum");
    }

    private static MetricOptions labelled(String statistic, String label) {
        return MetricOptions.builder().period(PERIOD).statistic(statistic).label(label).build();
    }

    private static MetricOptions stat(String statistic) {
        return MetricOptions.builder().period(PERIOD).statistic(statistic).build();
    }
}
