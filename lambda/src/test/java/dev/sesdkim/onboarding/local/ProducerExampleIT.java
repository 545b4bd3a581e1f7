package dev.sesdkim.onboarding.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sesdkim.onboarding.aws.MotoServer;
import dev.sesdkim.onboarding.aws.MotoServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The producer code README quotes, sending to the onboarding queue as deployed (FIFO, content-based deduplication). */
@ExtendWith(MotoServerExtension.class)
class ProducerExampleIT {

    private LocalEnvironment local;
    private ProducerExample producer;

    @BeforeEach
    void setUp(MotoServer moto) {
        local = new LocalEnvironment(moto.endpoint(), LocalEnvironment.QueueOptions.AS_DEPLOYED);
        producer = new ProducerExample(local.sqs, local.queueUrl);
    }

    @Test
    void sendsOnboardAndOffboardBodiesWithTheOneMessageGroup() throws Exception {
        producer.onboard("mail.acme.com", Optional.of("acme"), Optional.of("Z0123"));
        producer.offboard("old.acme.com");

        List<Message> received = receiveAll();
        assertThat(received).hasSize(2);
        assertThat(received).allSatisfy(message -> assertThat(message.attributes()
                .get(MessageSystemAttributeName.MESSAGE_GROUP_ID)).isEqualTo("dkim-onboarding"));
        assertThat(new ObjectMapper().readTree(received.get(0).body()).toString())
                .isEqualTo("{\"action\":\"onboard\",\"domain\":\"mail.acme.com\",\"tenantId\":\"acme\",\"hostedZoneId\":\"Z0123\"}");
        assertThat(received.get(1).body()).isEqualTo("{\"action\":\"offboard\",\"domain\":\"old.acme.com\"}");
    }

    @Test
    void theSameRequestSentTwiceIsDeliveredOnce() {
        producer.onboard("mail.acme.com", Optional.empty(), Optional.empty());
        producer.onboard("mail.acme.com", Optional.empty(), Optional.empty());
        producer.onboard("news.acme.com", Optional.empty(), Optional.empty());

        assertThat(receiveAll()).extracting(Message::body).containsExactly(
                "{\"action\":\"onboard\",\"domain\":\"mail.acme.com\"}",
                "{\"action\":\"onboard\",\"domain\":\"news.acme.com\"}");
    }

    @Test
    void aHostileDomainStaysOneStringValueInTheBody() throws Exception {
        String hostile = "mail.acme.com\",\"action\":\"offboard";

        producer.onboard(hostile, Optional.empty(), Optional.empty());

        JsonNode body = new ObjectMapper().readTree(receiveAll().get(0).body());
        assertThat(body.path("action").asText()).isEqualTo("onboard");
        assertThat(body.path("domain").asText()).isEqualTo(hostile);
        assertThat(body.size()).isEqualTo(2);
    }

    private List<Message> receiveAll() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = local.sqs.receiveMessage(r -> r.queueUrl(local.queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
            batch.forEach(message -> local.sqs.deleteMessage(d -> d.queueUrl(local.queueUrl).receiptHandle(message.receiptHandle())));
        }
    }
}
