package dev.sesdkim.onboarding.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.Optional;

/**
 * How a platform publishes onboarding requests with the AWS SDK for Java v2 (quoted in the README). Build the body
 * with a JSON library, never by string concatenation, and always send with the one message group id.
 */
public final class ProducerExample {

    public static final String MESSAGE_GROUP_ID = "dkim-onboarding";

    private final SqsClient sqs;
    private final String queueUrl;
    private final ObjectMapper json = new ObjectMapper();

    public ProducerExample(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Asks for {@code domain} to be onboarded; returns the SQS message id. */
    public String onboard(String domain, Optional<String> tenantId, Optional<String> hostedZoneId) {
        ObjectNode body = json.createObjectNode().put("action", "onboard").put("domain", domain);
        tenantId.ifPresent(id -> body.put("tenantId", id));
        hostedZoneId.ifPresent(id -> body.put("hostedZoneId", id));
        return send(body);
    }

    /** Asks for {@code domain}'s DKIM records, pending re-checks and SES identity to be removed. */
    public String offboard(String domain) {
        return send(json.createObjectNode().put("action", "offboard").put("domain", domain));
    }

    private String send(ObjectNode body) {
        return sqs.sendMessage(request -> request
                .queueUrl(queueUrl)
                .messageGroupId(MESSAGE_GROUP_ID)
                .messageBody(body.toString())).messageId();
    }
}
