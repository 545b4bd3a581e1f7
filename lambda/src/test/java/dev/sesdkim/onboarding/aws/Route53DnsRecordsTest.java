package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DkimRecord;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.HostedZone;
import dev.sesdkim.onboarding.RejectedInputException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.GetHostedZoneRequest;
import software.amazon.awssdk.services.route53.model.GetHostedZoneResponse;
import software.amazon.awssdk.services.route53.model.HostedZoneConfig;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameRequest;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.Route53Exception;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parts of the Route 53 adapter moto cannot show: records vanishing between read and delete, paging, what a zone
 * look-up costs in requests, and which refusals are worth retrying.
 */
class Route53DnsRecordsTest {

    private static final HostedZone ZONE = new HostedZone("Z1", "example.com");

    /** Record values by name, as the zone holds them. */
    private final Map<String, String> zone = new HashMap<>();
    private final List<List<String>> deleteBatches = new ArrayList<>();
    private final List<ListResourceRecordSetsRequest> listRequests = new ArrayList<>();
    private final List<ListResourceRecordSetsResponse> pages = new ArrayList<>();

    /** The account's hosted zones in Route 53's order, and the ListHostedZonesByName requests made. */
    private final List<software.amazon.awssdk.services.route53.model.HostedZone> accountZones = new ArrayList<>();
    private final List<ListHostedZonesByNameRequest> zoneListings = new ArrayList<>();
    private final List<String> zoneReads = new ArrayList<>();
    /** What the next ChangeResourceRecordSets throws instead of changing anything. */
    private RuntimeException failNextChange;
    private Instant now = Instant.parse("2026-11-23T08:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private final Route53Client route53 = new Route53Client() {
        @Override
        public ListHostedZonesByNameResponse listHostedZonesByName(ListHostedZonesByNameRequest request) {
            zoneListings.add(request);
            int from = 0;
            if (request.hostedZoneId() != null) {
                String next = request.hostedZoneId();
                while (!accountZones.get(from).id().equals("/hostedzone/" + next)) {
                    from++;
                }
            }
            int pageSize = Integer.parseInt(request.maxItems());
            int to = Math.min(accountZones.size(), from + pageSize);
            ListHostedZonesByNameResponse.Builder page = ListHostedZonesByNameResponse.builder()
                    .hostedZones(accountZones.subList(from, to)).isTruncated(to < accountZones.size());
            if (to < accountZones.size()) {
                page.nextDNSName(accountZones.get(to).name()).nextHostedZoneId(accountZones.get(to).id().substring("/hostedzone/".length()));
            }
            return page.build();
        }

        @Override
        public GetHostedZoneResponse getHostedZone(GetHostedZoneRequest request) {
            zoneReads.add(request.id());
            return GetHostedZoneResponse.builder().hostedZone(accountZones.stream()
                    .filter(zone -> zone.id().equals("/hostedzone/" + request.id())).findFirst().orElseThrow()).build();
        }

        @Override
        public ChangeResourceRecordSetsResponse changeResourceRecordSets(ChangeResourceRecordSetsRequest request) {
            if (failNextChange != null) {
                RuntimeException failure = failNextChange;
                failNextChange = null;
                throw failure;
            }
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

    private final Route53DnsRecords dns = new Route53DnsRecords(route53, clock);

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

    private void accountHas(String id, String name, boolean privateZone) {
        accountZones.add(software.amazon.awssdk.services.route53.model.HostedZone.builder()
                .id("/hostedzone/" + id).name(name + ".").callerReference(id)
                .config(HostedZoneConfig.builder().privateZone(privateZone).build()).build());
    }

    private Optional<HostedZone> find(String domain) {
        return dns.findZone(Domain.parse(domain), Optional.empty());
    }

    @Test
    void findsTheLongestPublicZoneFromOneListingOfTheAccountForEveryDomain() {
        accountHas("ZCOM", "example.com", false);
        accountHas("ZMAIL", "mail.example.com", false);
        accountHas("ZORG", "example.org", false);

        assertThat(find("a.mail.example.com")).contains(new HostedZone("ZMAIL", "mail.example.com"));
        assertThat(find("news.example.com")).contains(new HostedZone("ZCOM", "example.com"));
        IntStream.range(0, 50).forEach(i -> assertThat(find("d" + i + ".example.org")).contains(new HostedZone("ZORG", "example.org")));
        assertThat(dns.findZone(Domain.parse("x.example.org"), Optional.of("ZORG"))).contains(new HostedZone("ZORG", "example.org"));

        assertThat(zoneListings).singleElement().satisfies(request -> {
            assertThat(request.dnsName()).isNull();
            assertThat(request.maxItems()).isEqualTo("100");
        });
    }

    @Test
    void listsTheZonesAgainOnceTheListingIsFiveMinutesOld() {
        accountHas("ZMAIL", "mail.example.org", false);
        find("mail.example.org");

        now = now.plus(Route53DnsRecords.DIRECTORY_TTL);
        find("mail.example.org");
        assertThat(zoneListings).hasSize(1);

        now = now.plusSeconds(1);
        find("mail.example.org");
        assertThat(zoneListings).hasSize(2);
    }

    @Test
    void aDomainNoListedZoneCoversListsAgainOnlyIfTheListingIsOverAMinuteOld() {
        assertThat(find("mail.example.com")).isEmpty();
        accountHas("ZCOM", "example.com", false);
        assertThat(find("mail.example.com")).isEmpty();
        assertThat(zoneListings).hasSize(1);

        now = now.plus(Route53DnsRecords.MISS_RELOAD_AFTER).plusSeconds(1);

        assertThat(find("mail.example.com")).contains(new HostedZone("ZCOM", "example.com"));
        assertThat(zoneListings).hasSize(2);
    }

    @Test
    void aZoneMadeForTheDomainSinceTheListingTakesItsRecordsRatherThanTheParentOnceTheListingIsAMinuteOld() {
        accountHas("ZCOM", "example.com", false);
        assertThat(find("mail.eu.example.com")).contains(new HostedZone("ZCOM", "example.com"));
        accountHas("ZEU", "eu.example.com", false);

        assertThat(find("news.eu.example.com")).as("a listing under a minute old is trusted")
                .contains(new HostedZone("ZCOM", "example.com"));
        now = now.plus(Route53DnsRecords.MISS_RELOAD_AFTER).plusSeconds(1);

        assertThat(find("mail.eu.example.com")).contains(new HostedZone("ZEU", "eu.example.com"));
        assertThat(zoneListings).hasSize(2);
    }

    @Test
    void pagesThroughEveryZoneSoManyPrivateZonesOfOneNameCannotHideThePublicOne() {
        IntStream.range(0, 120).forEach(i -> accountHas("ZPRIV" + i, "example.com", true));
        accountHas("ZPUBLIC", "example.com", false);

        assertThat(find("mail.example.com")).contains(new HostedZone("ZPUBLIC", "example.com"));
        assertThat(zoneListings).hasSize(2);
        assertThat(zoneListings.get(1).dnsName()).isEqualTo("example.com.");
        assertThat(zoneListings.get(1).hostedZoneId()).isEqualTo("ZPRIV100");
    }

    @Test
    void aZoneGoneSinceItWasListedDropsTheListingAndIsRetriedNotRejected() {
        accountHas("ZORG", "example.org", false);
        HostedZone zone = find("mail.example.org").orElseThrow();
        failNextChange = NoSuchHostedZoneException.builder().statusCode(404)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("NoSuchHostedZone").errorMessage("No hosted zone found").build())
                .build();

        assertThatThrownBy(() -> dns.upsert(zone, List.of(record("aaa"))))
                .isNotInstanceOf(RejectedInputException.class)
                .hasMessageContaining("ZORG (example.org) no longer exists");

        accountZones.clear();
        assertThat(find("mail.example.org")).isEmpty();
        assertThat(zoneListings).hasSize(2);
    }

    @Test
    void messagesThatNameTheirZoneReadItOnceAndNeverListTheAccount() {
        accountHas("ZORG", "example.org", false);

        IntStream.range(0, 20).forEach(i -> assertThat(dns.findZone(Domain.parse("d" + i + ".example.org"), Optional.of("ZORG")))
                .contains(new HostedZone("ZORG", "example.org")));
        assertThat(zoneReads).containsExactly("ZORG");
        assertThat(zoneListings).isEmpty();

        now = now.plus(Route53DnsRecords.DIRECTORY_TTL).plusSeconds(1);
        dns.findZone(Domain.parse("late.example.org"), Optional.of("ZORG"));
        assertThat(zoneReads).containsExactly("ZORG", "ZORG");
    }

    @Test
    void accessDeniedOnTheZoneIsRejected() {
        failNextChange = forbidden("AccessDenied");

        assertThatThrownBy(() -> dns.upsert(ZONE, List.of(record("aaa"))))
                .isInstanceOf(RejectedInputException.class)
                .hasMessageContaining("may not change records in zone Z1 (example.com) (AccessDenied)");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ExpiredToken", "InvalidClientTokenId", "SignatureDoesNotMatch",
            "IncompleteSignature", "MissingAuthenticationToken"})
    void credentialAndSignatureRefusalsAreRetriedNotRejected(String errorCode) {
        failNextChange = forbidden(errorCode);

        assertThatThrownBy(() -> dns.upsert(ZONE, List.of(record("aaa"))))
                .isInstanceOf(Route53Exception.class)
                .isNotInstanceOf(RejectedInputException.class);
    }

    @Test
    void throttlingIsRetriedNotRejected() {
        failNextChange = Route53Exception.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded").build()).build();

        assertThatThrownBy(() -> dns.upsert(ZONE, List.of(record("aaa")))).isNotInstanceOf(RejectedInputException.class);
    }

    private static Route53Exception forbidden(String errorCode) {
        return (Route53Exception) Route53Exception.builder().statusCode(403)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(errorCode).errorMessage(errorCode).build()).build();
    }

    private static ResourceRecordSet cname(String name, String value) {
        return set(name, RRType.CNAME, value);
    }

    private static ResourceRecordSet set(String name, RRType type, String value) {
        return ResourceRecordSet.builder().name(name).type(type).ttl(1800L)
                .resourceRecords(ResourceRecord.builder().value(value).build()).build();
    }

    @Test
    void theMailFromNamesMxAndTxtAreReadFromWhereItsSetsStartAndSomeoneElsesRoutingSetsShowAsNotOurs() {
        pages.add(ListResourceRecordSetsResponse.builder().isTruncated(false).resourceRecordSets(
                ResourceRecordSet.builder().name("bounce.mail.example.com.").type(RRType.A).ttl(300L)
                        .resourceRecords(ResourceRecord.builder().value("192.0.2.1").build()).build(),
                ResourceRecordSet.builder().name("bounce.mail.example.com.").type(RRType.MX).ttl(300L)
                        .resourceRecords(ResourceRecord.builder().value("10 feedback-smtp.us-east-1.amazonses.com").build(),
                                ResourceRecord.builder().value("20 backup.example.net").build()).build(),
                ResourceRecordSet.builder().name("bounce.mail.example.com.").type(RRType.TXT).ttl(60L).setIdentifier("eu")
                        .weight(1L).resourceRecords(ResourceRecord.builder().value("\"v=spf1 -all\"").build()).build(),
                ResourceRecordSet.builder().name("x.bounce.mail.example.com.").type(RRType.TXT).ttl(60L)
                        .resourceRecords(ResourceRecord.builder().value("\"below it\"").build()).build()).build());

        List<dev.sesdkim.onboarding.MailFromRecord> found = dns.mailFromRecords(ZONE, "bounce.mail.example.com");

        assertThat(listRequests).singleElement().satisfies(request ->
                assertThat(request.startRecordName()).isEqualTo("bounce.mail.example.com."));
        assertThat(found).containsExactly(
                new dev.sesdkim.onboarding.MailFromRecord("bounce.mail.example.com", "MX", "10 feedback-smtp.us-east-1.amazonses.com", 300),
                new dev.sesdkim.onboarding.MailFromRecord("bounce.mail.example.com", "MX", "20 backup.example.net", 300),
                new dev.sesdkim.onboarding.MailFromRecord("bounce.mail.example.com", "TXT", "(a routing policy or alias record set)", 60));
    }
}
