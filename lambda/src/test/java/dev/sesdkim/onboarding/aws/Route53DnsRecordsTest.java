package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DkimRecord;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.HostedZone;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of the Route 53 adapter moto cannot show: records vanishing between read and delete, and paging. */
class Route53DnsRecordsTest {

    private static final HostedZone ZONE = new HostedZone("Z1", "example.com");

    /** Record values by name, as the zone holds them. */
    private final Map<String, String> zone = new HashMap<>();
    private final List<List<String>> deleteBatches = new ArrayList<>();
    private final List<ListResourceRecordSetsRequest> listRequests = new ArrayList<>();
    private final List<ListResourceRecordSetsResponse> pages = new ArrayList<>();

    private final Route53Client route53 = new Route53Client() {
        @Override
        public ChangeResourceRecordSetsResponse changeResourceRecordSets(ChangeResourceRecordSetsRequest request) {
            List<String> names = request.changeBatch().changes().stream().map(change -> change.resourceRecordSet().name()).toList();
            deleteBatches.add(names);
            for (Change change : request.changeBatch().changes()) {
                String name = change.resourceRecordSet().name();
                String value = change.resourceRecordSet().resourceRecords().get(0).value();
                if (!zone.containsKey(name)) {
                    throw refused("[Tried to delete resource record set [name='" + name + ".', type='CNAME'] but it was not found]");
                }
                if (!zone.get(name).equals(value)) {
                    throw refused("[Tried to delete resource record set [name='" + name + ".', type='CNAME'] but the values provided do not match the current values]");
                }
            }
            names.forEach(zone::remove);
            return ChangeResourceRecordSetsResponse.builder().build();
        }

        @Override
        public ListResourceRecordSetsResponse listResourceRecordSets(ListResourceRecordSetsRequest request) {
            listRequests.add(request);
            return pages.remove(0);
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
        }
    };

    private final Route53DnsRecords dns = new Route53DnsRecords(route53);

    private static InvalidChangeBatchException refused(String message) {
        return InvalidChangeBatchException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidChangeBatch").errorMessage(message).build())
                .statusCode(400)
                .build();
    }

    private static DkimRecord record(String token) {
        return new DkimRecord(token + "._domainkey.mail.example.com", token + ".dkim.amazonses.com", 1800);
    }

    private void inZone(DkimRecord... records) {
        for (DkimRecord record : records) {
            zone.put(record.name(), record.value());
        }
    }

    @Test
    void deletesEveryRecordInOneChange() {
        inZone(record("aaa"), record("bbb"), record("ccc"));

        dns.delete(ZONE, List.of(record("aaa"), record("bbb"), record("ccc")));

        assertThat(zone).isEmpty();
        assertThat(deleteBatches).hasSize(1);
    }

    @Test
    void aRecordAlreadyGoneCountsAsDeletedAndTheOthersAreStillDeleted() {
        inZone(record("aaa"), record("ccc"));

        dns.delete(ZONE, List.of(record("aaa"), record("bbb"), record("ccc")));

        assertThat(zone).isEmpty();
        assertThat(deleteBatches).hasSize(4);
    }

    @Test
    void aRecordChangedSinceItWasReadIsNotDeletedAndTheMessageIsRetried() {
        inZone(record("aaa"));
        zone.put(record("bbb").name(), "changed.example.net");

        assertThatThrownBy(() -> dns.delete(ZONE, List.of(record("aaa"), record("bbb"))))
                .isInstanceOf(InvalidChangeBatchException.class)
                .hasMessageContaining("do not match");
        assertThat(zone).containsKey(record("bbb").name());
    }

    @Test
    void readsTheDomainsDkimCnamesFromItsPlaceInTheZoneAndStopsAfterTheDomain() {
        pages.add(ListResourceRecordSetsResponse.builder()
                .resourceRecordSets(
                        cname("aaa._domainkey.mail.example.com.", "aaa.dkim.amazonses.com"),
                        cname("selector1._domainkey.mail.example.com.", "selector1.other.example.net"),
                        set("x._domainkey.mail.example.com.", RRType.TXT, "\"v=DKIM1\""),
                        cname("a.b._domainkey.mail.example.com.", "ab.dkim.amazonses.com"),
                        cname("www.mail.example.com.", "mail.example.com"),
                        cname("news.example.com.", "mail.example.com"))
                .isTruncated(true).nextRecordName("news.example.com.").nextRecordType(RRType.CNAME)
                .build());

        List<DkimRecord> found = dns.dkimRecords(ZONE, Domain.parse("mail.example.com"));

        assertThat(found).containsExactly(
                new DkimRecord("aaa._domainkey.mail.example.com", "aaa.dkim.amazonses.com", 1800),
                new DkimRecord("selector1._domainkey.mail.example.com", "selector1.other.example.net", 1800));
        assertThat(listRequests).singleElement().satisfies(request -> {
            assertThat(request.hostedZoneId()).isEqualTo("Z1");
            assertThat(request.startRecordName()).isEqualTo("_domainkey.mail.example.com.");
        });
    }

    private static ResourceRecordSet cname(String name, String value) {
        return set(name, RRType.CNAME, value);
    }

    private static ResourceRecordSet set(String name, RRType type, String value) {
        return ResourceRecordSet.builder().name(name).type(type).ttl(1800L)
                .resourceRecords(ResourceRecord.builder().value(value).build()).build();
    }
}
