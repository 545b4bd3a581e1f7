package dev.sesdkim.onboarding.handler;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import dev.sesdkim.onboarding.runtime.LambdaJavaRuntime;
import dev.sesdkim.onboarding.runtime.RuntimeApiServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code sam local invoke -e events/<file>} would do, without Docker: SAM's Java images run Lambda's Java runtime
 * client, so every sample event goes through that same client here (the runtime tier, {@link LambdaJavaRuntime}),
 * against moto, and answers what the table in docs/local-run.md says.
 */
@ExtendWith(MotoServerExtension.class)
class SampleEventsIT {

    private static final Path EVENTS = Path.of("target", "test-classes", "events");
    private static final Path JAR = Path.of("target", "dkim-onboarding-lambda.jar");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private LocalAws aws;

    static Stream<String> sampleEvents() throws IOException {
        try (Stream<Path> files = Files.list(EVENTS)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !name.endsWith(".schema.json"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @BeforeEach
    void setUp(MotoServer moto) {
        aws = new LocalAws(moto);
        aws.createPublicZone("example.com");
    }

    @Test
    void everySampleEventIsCovered() throws IOException {
        assertThat(sampleEvents()).contains("onboard.json", "onboard-batch.json", "recheck.json", "recheck-batch.json",
                "offboard.json", "status.json", "malformed.json", "verify.json");
    }

    @ParameterizedTest
    @MethodSource("sampleEvents")
    void deserialisesAsTheRuntimeDoesAndRunsThroughTheHandler(String file) throws IOException {
        SQSEvent event = LocalAws.event(file);
        assertThat(event.getRecords()).isNotEmpty().allSatisfy(record -> {
            assertThat(record.getMessageId()).isNotBlank();
            assertThat(record.getBody()).isNotBlank();
            assertThat(record.getEventSource()).isEqualTo("aws:sqs");
            assertThat(record.getAttributes()).containsEntry("MessageGroupId", "dkim-onboarding");
        });

        try (LambdaJavaRuntime runtime = LambdaJavaRuntime.start(JAR, aws.local.functionEnvironment(1000),
                LambdaJavaRuntime.Initialization.ON_DEMAND)) {
            if (file.equals("verify.json")) {
                // Only an onboarded domain can be verified.
                runtime.invoke(Files.readString(EVENTS.resolve("onboard.json")), TIMEOUT);
            }
            RuntimeApiServer.Answer answer = runtime.invoke(Files.readString(EVENTS.resolve(file)), TIMEOUT);

            assertThat(answer.error()).as(answer.payload() + "\n" + runtime.output()).isFalse();
            assertThat(LocalAws.readJson(answer.payload())).as("what sam local invoke prints")
                    .isEqualTo(LocalAws.readJson("{\"batchItemFailures\":[]}"));
        }
        List<String> deadLettered = aws.deadLetters().stream().map(message -> message.body()).toList();
        if (file.equals("malformed.json")) {
            assertThat(deadLettered).hasSameSizeAs(event.getRecords());
        } else {
            assertThat(deadLettered).isEmpty();
        }
    }
}
