package dev.sesdkim.onboarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import dev.sesdkim.onboarding.runtime.RuntimeJdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's pieces at tiny sizes, so the command keeps working: counts and shapes only, never a timing's value. The
 * cold start runs each variant once (the shaded jar through the runtime tier on demand and with SnapStart, the empty
 * handler, the Python peer); it runs after package.
 */
@ExtendWith(MotoServerExtension.class)
class BenchmarkIT {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Benchmark benchmark = new Benchmark(new PrintStream(printed, true, StandardCharsets.UTF_8),
            Path.of("target"), Path.of("src/tools/python/onboard_peer.py"));

    @Test
    void throughputCountsOneVerifyDomainDkimPerDomainAndSaysWhereTheTimeWent(MotoServer moto) {
        JsonNode unpaced = benchmark.throughput(moto, 3, Benchmark.UNPACED);

        assertThat(unpaced.path("verifyDomainDkimCalls").asInt()).isEqualTo(3);
        assertThat(unpaced.path("failedMessages").asInt()).isZero();
        assertThat(unpaced.path("awsCallsPerMessage").fieldNames()).toIterable()
                .contains("Ses VerifyDomainDkim", "Route53 ChangeResourceRecordSets", "Scheduler CreateSchedule", "EventBridge PutEvents");
        assertThat(unpaced.path("handlerCpuMillisPerMessage").asDouble()).isPositive();
    }

    @Test
    void theSesRequestsAreCountedWhereTheProxyInFrontOfTheEmulatorSeesThemAndRoute53RequestsPerDomainBesideSesCalls(MotoServer moto) {
        JsonNode unpaced = benchmark.throughput(moto, 3, Benchmark.UNPACED);

        assertThat(unpaced.path("sesRequestsAtProxy").asInt()).as("every VerifyDomainDkim, none of the warm-up").isEqualTo(3);
        assertThat(unpaced.path("minGapBetweenSesRequestsAtProxySeconds").isNumber()).isTrue();
        assertThat(unpaced.path("sesCallsPerDomain").asDouble()).isEqualTo(1.0);
        double route53CallsPerMessage = unpaced.path("awsCallsPerMessage").properties().stream()
                .filter(operation -> operation.getKey().startsWith("Route53 "))
                .mapToDouble(operation -> operation.getValue().path("calls").asDouble()).sum();
        assertThat(unpaced.path("route53RequestsPerDomain").asDouble()).as("moto never makes the SDK retry")
                .isPositive().isEqualTo(route53CallsPerMessage)
                .as("the warm-up listed the zones; each domain costs only its change").isLessThanOrEqualTo(1.2);
    }

    @Test
    void withMailFromEachDomainCostsTwoSesCallsAndThreeRoute53RequestsAllCountedAtTheProxy(MotoServer moto) {
        JsonNode unpaced = benchmark.throughput(moto, 3, Benchmark.UNPACED, Optional.of("bounce"));

        assertThat(unpaced.path("mailFromLabel").asText()).isEqualTo("bounce");
        assertThat(unpaced.path("failedMessages").asInt()).isZero();
        assertThat(unpaced.path("sesCallsPerDomain").asDouble()).isEqualTo(2.0);
        assertThat(unpaced.path("route53RequestsPerDomain").asDouble()).as("the MAIL FROM name read, the CNAMEs, the MX and TXT")
                .isEqualTo(3.0);
        assertThat(unpaced.path("sesRequestsAtProxy").asInt()).as("VerifyDomainDkim and SetIdentityMailFromDomain").isEqualTo(6);
    }

    @Test
    void withMailFromAWaveAsksForBothStatusesOnceAHundredDomains(MotoServer moto) {
        JsonNode wave = benchmark.verifiedWave(moto, 12, Optional.of("bounce"));

        assertThat(wave.path("failedMessages").asInt()).isZero();
        assertThat(wave.path("getIdentityDkimAttributesCalls").asInt()).isEqualTo(1);
        assertThat(wave.path("getIdentityMailFromDomainAttributesCalls").asInt()).isEqualTo(1);
    }

    @Test
    void domainsOnboardedTogetherAreRecheckedInOneStatusCallPerHundredEveryWaveUntilTheyTimeOut(MotoServer moto) {
        JsonNode recheck = benchmark.recheck(moto, 12);

        assertThat(recheck.path("onboarding").path("verifyDomainDkimCalls").asInt()).isEqualTo(12);
        assertThat(recheck.path("waves")).hasSize(16).allSatisfy(wave -> {
            assertThat(wave.path("domainsDue").asInt()).isEqualTo(12);
            assertThat(wave.path("getIdentityDkimAttributesCalls").asInt()).isEqualTo(1);
        });
        assertThat(recheck.path("waves").get(15).path("putEventsCalls").asInt()).as("12 domains timed out, announced 10 to a request").isEqualTo(2);
        assertThat(recheck.path("lifecycle").path("sesCallsPerDomainUntilTimeout").asDouble()).isEqualTo((12 + 16) / 12.0);
    }

    @Test
    void aWaveThatVerifiesEveryDomainAnnouncesThemTenToAPutEventsRequest(MotoServer moto) {
        JsonNode wave = benchmark.verifiedWave(moto, 12);

        assertThat(wave.path("failedMessages").asInt()).isZero();
        assertThat(wave.path("getIdentityDkimAttributesCalls").asInt()).isEqualTo(1);
        assertThat(wave.path("putEventsCalls").asInt()).isEqualTo(2);
        assertThat(wave.path("waveWallSeconds").asDouble()).isPositive();
    }

    @Test
    void theColdStartRunsTheJarThroughLambdasRuntimeOnDemandAndWithSnapStartBesideTheFloorAndThePythonPeer(MotoServer moto) {
        JsonNode coldStart = benchmark.coldStart(moto, 1);

        assertThat(coldStart.path("notRun").size()).as(coldStart.path("notRun").toString()).isZero();
        for (String variant : List.of("runtime-on-demand", "runtime-snapstart", "runtime-empty-handler", "python-boto3")) {
            JsonNode median = coldStart.path("medians").path(variant);
            assertThat(median.path("failedRuns").asInt()).as(variant + ": " + median).isZero();
            assertThat(median.path("initMillis").asDouble()).as(variant).isPositive();
            assertThat(median.path("spawnToFirstBatchDoneMillis").asDouble()).as(variant)
                    .isGreaterThanOrEqualTo(median.path("firstBatchMillis").asDouble());
        }
        assertThat(coldStart.path("medians").path("runtime-snapstart").path("firstBatchMillis").asDouble()).isPositive();
        assertThat(coldStart.path("medians").path("runtime-on-demand").path("version").asText())
                .contains("aws-lambda-java-runtime-interface-client");
        assertThat(coldStart.path("runs")).hasSize(4).allSatisfy(run -> assertThat(run.path("failures").asInt()).isZero());
        assertThat(coldStart.path("ratios").fieldNames()).toIterable()
                .contains("runtime-snapstart/python-boto3, primed first batch");
    }

    /** Without the runtime's JDK, the section says why and measures what it can instead of failing the benchmark. */
    @Test
    void withoutTheRuntimesJdkTheRuntimeVariantsAreReportedNotRunAndThePeerStillRuns(MotoServer moto) {
        System.setProperty(RuntimeJdk.SETTING, "target/no-such-jdk");
        try {
            JsonNode coldStart = benchmark.coldStart(moto, 1, name -> name.equals("runtime-on-demand") || name.equals("python-boto3"));

            assertThat(coldStart.path("notRun").path("runtime-on-demand").asText()).contains(RuntimeJdk.SETTING);
            assertThat(coldStart.path("medians").path("python-boto3").path("failedRuns").asInt()).isZero();
            assertThat(coldStart.path("medians").has("runtime-on-demand")).isFalse();
        } finally {
            System.clearProperty(RuntimeJdk.SETTING);
        }
    }

    @Test
    void theArtifactSectionAttributesTheJarToItsRuntimeDependencies() {
        ObjectNode artifact = benchmark.artifact();

        assertThat(artifact.path("bytes").asLong()).isPositive();
        assertThat(artifact.path("contributionsKilobytes").fieldNames()).toIterable().anyMatch(name -> name.startsWith("ses-"));
        assertThat(artifact.path("dependencyTree").asText()).contains("software.amazon.awssdk:ses");
    }
}
