package dev.sesdkim.onboarding.handler;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sesdkim.onboarding.aws.LocalAws;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code sam local invoke -e events/<file>} would do, without Docker: every sample event is deserialised the
 * way the Lambda runtime does it (aws-lambda-java-serialization, through EventLoader) and handled against moto.
 */
@ExtendWith(MotoServerExtension.class)
class SampleEventsIT {

    private static final Path EVENTS = Path.of("target", "test-classes", "events");

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
    void deserialisesAsTheRuntimeDoesAndRunsThroughTheHandler(String file) {
        SQSEvent event = LocalAws.event(file);

        assertThat(event.getRecords()).isNotEmpty().allSatisfy(record -> {
            assertThat(record.getMessageId()).isNotBlank();
            assertThat(record.getBody()).isNotBlank();
            assertThat(record.getEventSource()).isEqualTo("aws:sqs");
            assertThat(record.getAttributes()).containsEntry("MessageGroupId", "dkim-onboarding");
        });

        if (file.equals("verify.json")) {
            // Only an onboarded domain can be verified.
            aws.handler(Clock.systemUTC()).handleRequest(LocalAws.event("onboard.json"), null);
        }
        SQSBatchResponse response = aws.handler(Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC))
                .handleRequest(event, null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        List<String> deadLettered = aws.deadLetters().stream().map(message -> message.body()).toList();
        if (file.equals("malformed.json")) {
            assertThat(deadLettered).hasSameSizeAs(event.getRecords());
        } else {
            assertThat(deadLettered).isEmpty();
        }
    }
}
