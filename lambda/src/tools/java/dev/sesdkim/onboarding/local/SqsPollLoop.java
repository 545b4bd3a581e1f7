package dev.sesdkim.onboarding.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Lambda's SQS event source mapping does, on one queue: receive up to the batch size, build the {@link SQSEvent}
 * the way Lambda builds it, invoke the handler, delete what succeeded, and leave the reported failures (or the whole
 * batch, if the handler throws) to reappear after the visibility timeout, where the queue's redrive policy applies.
 */
public final class SqsPollLoop {

    /** What one poll did. */
    public record Poll(List<Message> received, Set<String> failedMessageIds, RuntimeException handlerError) {
        public boolean idle() {
            return received.isEmpty();
        }
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final int batchSize;
    private final RequestHandler<SQSEvent, SQSBatchResponse> handler;

    public SqsPollLoop(SqsClient sqs, String queueUrl, String queueArn, String region, int batchSize,
                       RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.batchSize = batchSize;
        this.handler = handler;
    }

    public Poll pollOnce() {
        return pollOnce(received -> {
        });
    }

    /** As {@link #pollOnce()}, telling {@code beforeInvoke} what was received before the handler runs. */
    public Poll pollOnce(java.util.function.Consumer<List<Message>> beforeInvoke) {
        List<Message> messages = sqs.receiveMessage(request -> request
                .queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
                .waitTimeSeconds(0)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (messages.isEmpty()) {
            return new Poll(messages, Set.of(), null);
        }
        beforeInvoke.accept(messages);
        Set<String> failed;
        RuntimeException handlerError = null;
        try {
            SQSBatchResponse response = handler.handleRequest(toEvent(messages), null);
            failed = response.getBatchItemFailures() == null ? Set.of() : response.getBatchItemFailures().stream()
                    .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                    .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            failed = messages.stream().map(Message::messageId).collect(Collectors.toSet());
            handlerError = e;
        }
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return new Poll(messages, failed, handlerError);
    }

    /** The event Lambda would pass: the same field names and attribute names as a real SQS trigger. */
    SQSEvent toEvent(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(this::toRecord).toList());
        return event;
    }

    private SQSEvent.SQSMessage toRecord(Message message) {
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId(message.messageId());
        record.setReceiptHandle(message.receiptHandle());
        record.setBody(message.body());
        record.setMd5OfBody(message.md5OfBody());
        record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
        Map<String, String> attributes = new LinkedHashMap<>();
        message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
        record.setAttributes(attributes);
        Map<String, SQSEvent.MessageAttribute> messageAttributes = new LinkedHashMap<>();
        message.messageAttributes().forEach((name, value) -> messageAttributes.put(name, toAttribute(value)));
        record.setMessageAttributes(messageAttributes);
        record.setEventSource("aws:sqs");
        record.setEventSourceArn(queueArn);
        record.setAwsRegion(region);
        return record;
    }

    private static SQSEvent.MessageAttribute toAttribute(MessageAttributeValue value) {
        SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
        attribute.setDataType(value.dataType());
        attribute.setStringValue(value.stringValue());
        return attribute;
    }
}
