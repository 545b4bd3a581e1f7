package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DeadLetters;
import dev.sesdkim.onboarding.InboundMessage;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Rejected input into the FIFO dead-letter queue: the original body untouched, the reason in the {@code rejectReason}
 * attribute. The source message id is the deduplication id, so a retried rejection is stored once.
 */
public final class SqsDeadLetters implements DeadLetters {

    public static final String REASON_ATTRIBUTE = "rejectReason";
    public static final String SOURCE_MESSAGE_ID_ATTRIBUTE = "sourceMessageId";

    private final Supplier<SqsClient> sqs;
    private final String queueUrl;
    private final String messageGroupId;

    public SqsDeadLetters(SqsClient sqs, String queueUrl, String messageGroupId) {
        this(() -> sqs, queueUrl, messageGroupId);
    }

    /** With the client built by {@code sqs} when the first message is rejected: most batches reject none. */
    public SqsDeadLetters(Supplier<SqsClient> sqs, String queueUrl, String messageGroupId) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.messageGroupId = messageGroupId;
    }

    @Override
    public void reject(InboundMessage message, String reason) {
        sqs.get().sendMessage(request -> request
                .queueUrl(queueUrl)
                .messageBody(message.body())
                .messageGroupId(messageGroupId)
                .messageDeduplicationId(message.messageId())
                .messageAttributes(Map.of(
                        REASON_ATTRIBUTE, text(reason),
                        SOURCE_MESSAGE_ID_ATTRIBUTE, text(message.messageId()))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
