package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.OnboardingMetrics.RejectionClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollector;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.internal.Validator;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Metrics as Powertools writes them, with its own validation: nothing the function counts can fail a batch. */
class EmfMetricsTest {

    private static final String NAMESPACE = "DkimOnboardingTest";

    /** The SDK's service ids of the clients the function builds, as each reports them with every call. */
    @ParameterizedTest
    @ValueSource(strings = {"SES", "SESv2", "Route 53", "Scheduler", "EventBridge", "SQS"})
    void everyServiceIdBecomesADimensionValuePowertoolsAccepts(String serviceId) {
        assertThatCode(() -> Validator.validateDimension(EmfMetrics.AWS_SERVICE, EmfMetrics.dimensionValue(serviceId)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @EnumSource(RejectionClass.class)
    void everyReasonClassIsADimensionValuePowertoolsAccepts(RejectionClass reasonClass) {
        assertThatCode(() -> Validator.validateDimension(EmfMetrics.REASON_CLASS,
                EmfMetrics.dimensionValue(reasonClass.dimensionValue()))).doesNotThrowAnyException();
    }

    @Test
    void anyTextAtAllBecomesADimensionValuePowertoolsAccepts() {
        Random random = new Random(20261208);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(i % 100 == 0 ? 3_000 : 40);
            for (int j = 0; j < length; j++) {
                text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x3000) : random.nextInt(0x80));
            }
            String value = EmfMetrics.dimensionValue(text.toString());
            assertThatCode(() -> Validator.validateDimension("AwsService", value)).as(text.toString()).doesNotThrowAnyException();
        }
        assertThat(EmfMetrics.dimensionValue("Route 53")).isEqualTo("Route53");
        assertThat(EmfMetrics.dimensionValue(" \t")).isEqualTo("Unknown");
    }

    @Test
    void aRetriedRoute53CallIsWrittenUnderAValidDimension() {
        List<String> written = new ArrayList<>();
        EmfMetrics metrics = new EmfMetrics(NAMESPACE, recording(written, new AtomicBoolean(false)));
        MetricCollector call = MetricCollector.create("ApiCall");
        call.reportMetric(CoreMetric.SERVICE_ID, "Route 53");
        call.reportMetric(CoreMetric.RETRY_COUNT, 1);
        call.createChild("ApiCallAttempt").reportMetric(CoreMetric.ERROR_TYPE, "Throttling");
        call.createChild("ApiCallAttempt");
        metrics.sdkCalls().publish(call.collect());

        assertThatCode(metrics::batchDone).doesNotThrowAnyException();

        assertThat(written).contains("flushSingleMetric Retries {AwsService=Route53}", "flushSingleMetric Throttles {AwsService=Route53}")
                .doesNotContain("flush");
    }

    @Test
    void aMetricPowertoolsRefusesIsLoggedAndCountedNeverThrown() {
        List<String> written = new ArrayList<>();
        EmfMetrics metrics = new EmfMetrics(NAMESPACE, recording(written, new AtomicBoolean(true)));

        metrics.coldStart();
        assertThatCode(metrics::batchDone).doesNotThrowAnyException();
        metrics.coldStart();
        metrics.batchDone();

        assertThat(written).as("the refusal is counted in the batch it happened in").containsExactly("addMetric MetricsErrors", "flush", "addMetric ColdStart", "flush");
    }

    /**
     * Powertools' own Metrics, which validates as in Lambda, with each call that went through written down; with
     * {@code refuseNext} set, the next addMetric is refused as Powertools refuses an invalid one.
     */
    private static Metrics recording(List<String> written, AtomicBoolean refuseNext) {
        Metrics real = MetricsBuilder.builder().withNamespace(NAMESPACE).withService(EmfMetrics.SERVICE)
                .withRaiseOnEmptyMetrics(false).build();
        return (Metrics) Proxy.newProxyInstance(Metrics.class.getClassLoader(), new Class<?>[]{Metrics.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("addMetric") && refuseNext.getAndSet(false)) {
                        throw new IllegalArgumentException("refused by Powertools");
                    }
                    Object result = invoke(method, real, args);
                    switch (method.getName()) {
                        case "addMetric" -> written.add("addMetric " + args[0]);
                        case "flushSingleMetric" -> written.add("flushSingleMetric " + args[0] + " "
                                + ((DimensionSet) args[4]).getDimensions());
                        case "flush" -> written.add("flush");
                        default -> {
                        }
                    }
                    return result;
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
