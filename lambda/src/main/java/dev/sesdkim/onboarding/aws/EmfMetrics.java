package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.OnboardingMetrics;
import dev.sesdkim.onboarding.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * {@link #pacingWait}. The Metrics table in docs/operations.md lists every metric; the stack's dashboard and alarms use
 * these names.
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
    /** 1 in the first batch of an execution environment, and in the first after a SnapStart restore. */
    public static final String COLD_START = "ColdStart";
    /** Metrics Powertools refused to write (logged, never thrown: a metric never fails a message). */
    public static final String METRICS_ERRORS = "MetricsErrors";

    /**
     * The one dimension of the counts without a dimension of their own, {@code Service}: the stack's
     * {@code POWERTOOLS_SERVICE_NAME}, set here so that no environment (Lambda's own default dimensions among them)
     * changes what the dashboard and alarms look up.
     */
    public static final String SERVICE = "dkim-onboarding";

    /** Dimension of {@link #REJECTED}: {@link RejectionClass#dimensionValue()}. */
    public static final String REASON_CLASS = "ReasonClass";
    /**
     * Dimension of {@link #THROTTLES} and {@link #RETRIES}: the SDK's service id as a {@link #dimensionValue}, such as
     * {@code SES} or {@code Route53} (the SDK says {@code Route 53}).
     */
    public static final String AWS_SERVICE = "AwsService";

    private static final String SES_SERVICE_ID = "SES";
    private static final int MAX_DIMENSION_VALUE_LENGTH = 1024;
    private static final Logger log = LoggerFactory.getLogger(EmfMetrics.class);

    /** A count with one dimension, summed over the batch. */
    private record Dimensioned(String metric, String dimension, String value) {
    }

    private final Metrics metrics;
    private final String namespace;
    private final Map<Dimensioned, Double> dimensionedCounts = new LinkedHashMap<>();
    private boolean anyUndimensioned;
    private int metricsErrors;

    public EmfMetrics(String namespace) {
        this(namespace, powertools(namespace));
    }

    /** Writing through {@code metrics}, for tests that make Powertools refuse. */
    EmfMetrics(String namespace, Metrics metrics) {
        this.namespace = namespace;
        this.metrics = metrics;
    }

    private static Metrics powertools(String namespace) {
        // Standard output in every environment, as in Lambda: never the CloudWatch agent's socket, which the library
        // would try outside Lambda.
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Lambda);
        return MetricsBuilder.builder().withNamespace(namespace).withService(SERVICE).withRaiseOnEmptyMetrics(false).build();
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
                        dimensionValue(RejectionClass.of(((Outcome.Rejected) outcome).reason()).dimensionValue())), 1);
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
        String service = dimensionValue(call.metricValues(CoreMetric.SERVICE_ID).stream().findFirst().orElse("Unknown"));
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

    /** This batch is the execution environment's first, or the first after a restore from a snapshot. */
    public synchronized void coldStart() {
        count(COLD_START);
    }

    /**
     * Writes out what the batch counted, and starts counting afresh. What Powertools refuses is logged and counted in
     * {@link #METRICS_ERRORS} (with this batch's metrics, or the next batch's when the write itself was refused): a
     * metric never fails the batch it describes.
     */
    @Override
    public synchronized void batchDone() {
        dimensionedCounts.forEach((key, sum) -> guarded(() -> metrics.flushSingleMetric(key.metric(), sum,
                MetricUnit.COUNT, namespace, DimensionSet.of(key.dimension(), key.value()))));
        dimensionedCounts.clear();
        if (metricsErrors > 0) {
            int errors = metricsErrors;
            metricsErrors = 0;
            add(METRICS_ERRORS, errors, MetricUnit.COUNT);
        }
        if (anyUndimensioned) {
            anyUndimensioned = false;
            guarded(metrics::flush);
        }
    }

    /**
     * {@code value} as CloudWatch and Powertools accept a dimension value: ASCII without white space or control
     * characters, 1 to 1,024 characters ({@code Unknown} when nothing is left).
     */
    public static String dimensionValue(String value) {
        StringBuilder valid = new StringBuilder();
        value.codePoints().filter(c -> c > ' ' && c < 0x7f).forEach(valid::appendCodePoint);
        if (valid.isEmpty()) {
            return "Unknown";
        }
        return valid.length() > MAX_DIMENSION_VALUE_LENGTH ? valid.substring(0, MAX_DIMENSION_VALUE_LENGTH) : valid.toString();
    }

    private void count(String metric) {
        add(metric, 1, MetricUnit.COUNT);
    }

    private void add(String metric, double value, MetricUnit unit) {
        if (guarded(() -> metrics.addMetric(metric, value, unit))) {
            anyUndimensioned = true;
        }
    }

    private void count(Dimensioned key, double value) {
        dimensionedCounts.merge(key, value, Double::sum);
    }

    /** Runs one call into Powertools; true if it went through. */
    private boolean guarded(Runnable write) {
        try {
            write.run();
            return true;
        } catch (RuntimeException e) {
            metricsErrors++;
            log.warn("a metric was not written: {}", e.toString());
            return false;
        }
    }
}
