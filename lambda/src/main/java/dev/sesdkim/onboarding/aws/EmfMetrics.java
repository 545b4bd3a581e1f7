package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.OnboardingMetrics;
import dev.sesdkim.onboarding.Outcome;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The function's metrics as CloudWatch embedded metric format, written by Powertools to standard output at the end of
 * each batch, where Lambda's log group turns them into metrics. One document per batch holds the counts without a
 * dimension of their own and every value of the distributions (time to verified, pacing wait, re-check backlog); each
 * count with a dimension (rejections by reason class, throttles and retries by AWS service) is one more document.
 * Besides Powertools' {@code Service} dimension, the only dimensions are those two, each with a handful of values:
 * never a domain or a tenant.
 * <p>
 * The SDK clients report each API call through {@link #sdkCalls()}, the pacing interceptor each wait through
 * {@link #pacingWait}. The README's Metrics table lists every metric; the stack's dashboard and alarms use these names.
 */
public final class EmfMetrics implements OnboardingMetrics {

    public static final String ONBOARDED = "Onboarded";
    public static final String RECORDS_PUBLISHED = "RecordsPublished";
    public static final String MANUAL_DNS_REQUIRED = "ManualDnsRequired";
    public static final String VERIFIED = "Verified";
    public static final String VERIFICATION_FAILED = "VerificationFailed";
    public static final String VERIFICATION_TIMED_OUT = "VerificationTimedOut";
    public static final String REJECTED = "Rejected";
    public static final String OFFBOARDED = "Offboarded";
    public static final String STATUS_REPORTED = "StatusReported";
    public static final String TIME_TO_VERIFIED_MINUTES = "TimeToVerifiedMinutes";
    public static final String RECHECK_BACKLOG = "RecheckBacklog";
    public static final String SES_CALLS = "SesCalls";
    public static final String SES_PACING_WAIT = "SesPacingWait";
    public static final String THROTTLES = "Throttles";
    public static final String RETRIES = "Retries";

    /**
     * The one dimension of the counts without a dimension of their own, {@code Service}: the stack's
     * {@code POWERTOOLS_SERVICE_NAME}, set here so that no environment (Lambda's own default dimensions among them)
     * changes what the dashboard and alarms look up.
     */
    public static final String SERVICE = "dkim-onboarding";

    /** Dimension of {@link #REJECTED}: {@link RejectionClass#dimensionValue()}. */
    public static final String REASON_CLASS = "ReasonClass";
    /** Dimension of {@link #THROTTLES} and {@link #RETRIES}: the SDK's service id, such as {@code SES} or {@code Route 53}. */
    public static final String AWS_SERVICE = "AwsService";

    private static final String SES_SERVICE_ID = "SES";

    /** A count with one dimension, summed over the batch. */
    private record Dimensioned(String metric, String dimension, String value) {
    }

    private final Metrics metrics;
    private final String namespace;
    private final Map<Dimensioned, Double> dimensionedCounts = new LinkedHashMap<>();
    private boolean anyUndimensioned;

    public EmfMetrics(String namespace) {
        // Standard output in every environment, as in Lambda: never the CloudWatch agent's socket, which the library
        // would try outside Lambda.
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        this.namespace = namespace;
        this.metrics = MetricsBuilder.builder().withNamespace(namespace).withService(SERVICE).withRaiseOnEmptyMetrics(false)
                .build();
    }

    @Override
    public synchronized void published(Outcome outcome) {
        switch (outcome.type()) {
            case RECORDS_PUBLISHED -> {
                count(ONBOARDED);
                count(RECORDS_PUBLISHED);
            }
            case MANUAL_DNS_REQUIRED -> {
                count(ONBOARDED);
                count(MANUAL_DNS_REQUIRED);
            }
            case VERIFIED -> {
                count(VERIFIED);
                // A verify message's Verified knows no start, so it has no time to verified.
                ((Outcome.Verified) outcome).elapsed().ifPresent(elapsed ->
                        add(TIME_TO_VERIFIED_MINUTES, elapsed.toSeconds() / 60.0, MetricUnit.NONE));
            }
            case VERIFICATION_FAILED -> count(VERIFICATION_FAILED);
            case TIMED_OUT -> count(VERIFICATION_TIMED_OUT);
            case REJECTED -> {
                count(REJECTED);
                count(new Dimensioned(REJECTED, REASON_CLASS,
                        RejectionClass.of(((Outcome.Rejected) outcome).reason()).dimensionValue()), 1);
            }
            case OFFBOARDED -> count(OFFBOARDED);
            case STATUS_REPORTED -> count(STATUS_REPORTED);
        }
    }

    @Override
    public synchronized void recheckWave(int domains) {
        add(RECHECK_BACKLOG, domains, MetricUnit.COUNT);
    }

    /** An SES call waited this long for the pacer. */
    public synchronized void pacingWait(Duration waited) {
        add(SES_PACING_WAIT, waited.toNanos() / 1_000_000.0, MetricUnit.MILLISECONDS);
    }

    /** Counts each API call's attempts, throttled attempts and retries, by service, as the SDK reports them. */
    public MetricPublisher sdkCalls() {
        return new MetricPublisher() {
            @Override
            public void publish(MetricCollection call) {
                sdkCall(call);
            }

            @Override
            public void close() {
            }
        };
    }

    private synchronized void sdkCall(MetricCollection call) {
        String service = call.metricValues(CoreMetric.SERVICE_ID).stream().findFirst().orElse("unknown");
        long attempts = call.children().stream().filter(child -> "ApiCallAttempt".equals(child.name())).count();
        long throttled = call.children().stream()
                .filter(child -> child.metricValues(CoreMetric.ERROR_TYPE).contains("Throttling"))
                .count();
        int retries = call.metricValues(CoreMetric.RETRY_COUNT).stream().findFirst().orElse(0);
        if (SES_SERVICE_ID.equals(service)) {
            add(SES_CALLS, attempts, MetricUnit.COUNT);
        }
        if (throttled > 0) {
            count(new Dimensioned(THROTTLES, AWS_SERVICE, service), throttled);
        }
        if (retries > 0) {
            count(new Dimensioned(RETRIES, AWS_SERVICE, service), retries);
        }
    }

    /** Writes out what the batch counted, and starts counting afresh. */
    @Override
    public synchronized void batchDone() {
        dimensionedCounts.forEach((key, sum) -> metrics.flushSingleMetric(key.metric(), sum, MetricUnit.COUNT, namespace,
                DimensionSet.of(key.dimension(), key.value())));
        dimensionedCounts.clear();
        if (anyUndimensioned) {
            metrics.flush();
            anyUndimensioned = false;
        }
    }

    private void count(String metric) {
        add(metric, 1, MetricUnit.COUNT);
    }

    private void add(String metric, double value, MetricUnit unit) {
        metrics.addMetric(metric, value, unit);
        anyUndimensioned = true;
    }

    private void count(Dimensioned key, double value) {
        dimensionedCounts.merge(key, value, Double::sum);
    }
}
