package dev.sesdkim.onboarding.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import dev.sesdkim.onboarding.local.SqsPollLoop;
import dev.sesdkim.onboarding.runtime.LambdaJavaRuntime.Initialization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime tier: the shaded jar as Lambda runs it ({@link LambdaJavaRuntime}: extracted task root, Lambda's Java
 * runtime client on JDK 25, the stack's handler string and JVM options, Powertools' EMF metrics as deployed), against
 * moto, initialised both ways Lambda does it: on demand, and for SnapStart (hooks, restore, container credentials).
 */
@ExtendWith(MotoServerExtension.class)
class LambdaRuntimeIT {

    static final Path JAR = Path.of("target", "dkim-onboarding-lambda.jar");
    private static final Path EVENTS = Path.of("target", "test-classes", "events");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final WireMockExtension FAULTS = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private LocalAws aws;
    private String zoneId;

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
        zoneId = aws.createPublicZone("example.com");
    }

    @ParameterizedTest
    @EnumSource(Initialization.class)
    void everyActionRunsOnLambdasOwnRuntime(Initialization initialization) {
        try (LambdaJavaRuntime runtime = LambdaJavaRuntime.start(JAR, aws.local.functionEnvironment(1000), initialization)) {
            assertNoFailures(runtime, "onboard.json");
            assertThat(aws.cnames(zoneId)).as(runtime.output()).hasSize(3);
            assertThat(aws.schedules()).as("the re-check is scheduled").hasSize(1);

            assertNoFailures(runtime, "recheck.json");
            assertNoFailures(runtime, "verify.json");
            assertNoFailures(runtime, "status.json");
            assertThat(aws.capturedEvents()).extracting(event -> event.path("detail-type").asText())
                    .contains("DKIM Records Published", "DKIM Verified", "DKIM Status Reported");

            assertNoFailures(runtime, "malformed.json");
            assertThat(aws.deadLetters()).as("each malformed message goes to the dead-letter queue")
                    .hasSize(event("malformed.json").path("Records").size());

            assertNoFailures(runtime, "offboard.json");
            assertThat(aws.cnames(zoneId)).as("offboarding deletes the records").isEmpty();

            assertThat(runtime.output()).as("Log4j found everything it loads in the task root")
                    .doesNotContain("StatusLogger").doesNotContain("ClassNotFoundException")
                    .doesNotContain("NoClassDefFoundError").doesNotContain("\"level\":\"ERROR\"");
            assertThat(runtime.output()).as("metrics in embedded metric format, as deployed")
                    .contains("\"Namespace\":\"DkimOnboarding\"").contains("\"RecordsPublished\"");
        }
    }

    @Test
    void snapStartRunsTheHooksAsksToBeRestoredAndUsesContainerCredentials() {
        try (LambdaJavaRuntime runtime = LambdaJavaRuntime.start(JAR, aws.local.functionEnvironment(1000),
                Initialization.SNAP_START)) {
            assertThat(runtime.api().restoreRequested()).as(runtime.output()).isDone();
            assertThat(runtime.api().restoreErrors()).isEmpty();
            assertThat(runtime.output()).as("the handler primed its hot path before the snapshot")
                    .contains("SnapStart priming done");

            assertNoFailures(runtime, "onboard.json");

            assertThat(runtime.api().credentialFetches()).as("credentials come from the container endpoint").isPositive();
            assertThat(aws.cnames(zoneId)).hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Initialization.class)
    void theFirstInvocationIsTheColdStartInLogsAndMetrics(Initialization initialization) {
        try (LambdaJavaRuntime runtime = LambdaJavaRuntime.start(JAR, aws.local.functionEnvironment(1000), initialization)) {
            int before = runtime.output().length();
            assertNoFailures(runtime, "status.json");
            String first = runtime.output().substring(before);
            before = runtime.output().length();
            assertNoFailures(runtime, "status.json");
            String second = runtime.output().substring(before);

            assertThat(logLines(first)).as(runtime.output()).isNotEmpty()
                    .allSatisfy(line -> assertThat(line.path("cold_start").asBoolean()).as(line.toString()).isTrue());
            assertThat(logLines(second)).isNotEmpty()
                    .allSatisfy(line -> assertThat(line.path("cold_start").asBoolean()).as(line.toString()).isFalse());
            assertThat(first).contains("\"ColdStart\"");
            assertThat(second).doesNotContain("\"ColdStart\"");
        }
    }

    /** The tools that stand in for the event source mapping (local run, reliability suite) drive the same runtime. */
    @Test
    void thePollLoopDeliversQueueMessagesThroughTheRuntime() {
        try (LambdaJavaRuntime runtime = LambdaJavaRuntime.start(JAR, aws.local.functionEnvironment(1000),
                Initialization.ON_DEMAND)) {
            aws.local.send("{\"action\":\"onboard\",\"domain\":\"mail.example.com\"}");
            aws.local.send("{\"action\":\"onboard\",\"domain\":\"*.example.com\"}");

            SqsPollLoop.Poll poll = aws.local.pollLoop(new InvokedThroughRuntime(runtime, TIMEOUT)).pollOnce();

            assertThat(poll.received()).hasSize(2);
            assertThat(poll.failedMessageIds()).isEmpty();
            assertThat(poll.handlerError()).isNull();
            assertThat(aws.cnames(zoneId)).hasSize(3);
            assertThat(aws.deadLetters()).hasSize(1);
        }
    }

    /** A Route 53 call the SDK retries is counted by service; its metric must not fail the batch. */
    @Test
    void aRetriedRoute53CallIsCountedAndTheBatchSucceeds(MotoServer moto) {
        FAULTS.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        FAULTS.stubFor(post(urlMatching("/2013-04-01/hostedzone/.*/rrset/?")).atPriority(1).inScenario("503 once")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody("<ErrorResponse><Error><Code>ServiceUnavailable</Code>"
                        + "<Message>try again</Message></Error></ErrorResponse>"))
                .willSetStateTo("answered"));
        Map<String, String> environment = new HashMap<>(aws.local.functionEnvironment(1000));
        environment.put("AWS_ENDPOINT_URL", FAULTS.baseUrl());

        try (LambdaJavaRuntime runtime = LambdaJavaRuntime.start(JAR, environment, Initialization.ON_DEMAND)) {
            assertNoFailures(runtime, "onboard.json");

            assertThat(aws.cnames(zoneId)).hasSize(3);
            assertThat(runtime.output()).contains("\"Retries\"").contains("\"AwsService\":\"Route53\"");
        }
    }

    private static void assertNoFailures(LambdaJavaRuntime runtime, String file) {
        RuntimeApiServer.Answer answer = runtime.invoke(event(file).toString(), TIMEOUT);
        assertThat(answer.error()).as(file + ": " + answer.payload() + "\n" + runtime.output()).isFalse();
        assertThat(LocalAws.readJson(answer.payload()).path("batchItemFailures")).as(file + "\n" + runtime.output()).isEmpty();
    }

    static JsonNode event(String file) {
        try {
            return LocalAws.readJson(Files.readString(EVENTS.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> logLines(String output) {
        return output.lines().filter(line -> line.startsWith("{\"level\""))
                .map(LocalAws::readJson).toList();
    }
}
