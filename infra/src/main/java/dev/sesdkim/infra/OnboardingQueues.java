package dev.sesdkim.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * The FIFO onboarding queue the function reads, and its FIFO dead-letter queue. FIFO because one message group keeps
 * the work serial, which is how the function stays within the SES call rate.
 */
public final class OnboardingQueues extends Construct {

    /** @param functionTimeout the consuming function's timeout; the visibility timeout is a multiple of it */
    public record Props(Duration functionTimeout) {
    }

    /** Lambda's guidance for SQS sources: six times the timeout, so a throttled or retried batch is not redelivered early. */
    static final int VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT = 6;

    /** Transient failures (throttling, Route 53 not yet in sync) get this many tries before a message is parked. */
    static final int MAX_RECEIVE_COUNT = 5;

    /** Longer than the onboarding queue's retention, so a message parked late is still there to inspect. */
    static final Duration DEAD_LETTER_RETENTION = Duration.days(14);

    static final Duration ONBOARDING_RETENTION = Duration.days(4);

    private final Queue onboarding;
    private final Queue deadLetters;

    public OnboardingQueues(Construct scope, String id, Props props) {
        super(scope, id);
        // The function writes rejected input here with an explicit deduplication id, so no content-based deduplication.
        this.deadLetters = Queue.Builder.create(this, "DeadLetterQueue")
                .fifo(true)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(DEAD_LETTER_RETENTION)
                .build();
        // Content-based deduplication because Scheduler's SQS target can set a message group id but no deduplication id.
        this.onboarding = Queue.Builder.create(this, "OnboardingQueue")
                .fifo(true)
                .contentBasedDeduplication(true)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .visibilityTimeout(Duration.seconds(props.functionTimeout().toSeconds().intValue() * VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT))
                .retentionPeriod(ONBOARDING_RETENTION)
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVE_COUNT).build())
                .build();
    }

    /** Onboarding requests and the rechecks Scheduler delivers. */
    public IQueue onboarding() {
        return onboarding;
    }

    /** Messages that failed {@value #MAX_RECEIVE_COUNT} times, and input the function rejected. */
    public IQueue deadLetters() {
        return deadLetters;
    }
}
