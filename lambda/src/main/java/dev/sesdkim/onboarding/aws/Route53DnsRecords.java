package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DkimRecord;
import dev.sesdkim.onboarding.DnsRecords;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.HostedZone;
import dev.sesdkim.onboarding.RejectedInputException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.InvalidInputException;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Hosted zone discovery and DKIM record changes in Route 53. Private zones are never used. */
public final class Route53DnsRecords implements DnsRecords {

    private static final int HTTP_FORBIDDEN = 403;
    private static final String ID_PREFIX = "/hostedzone/";

    private final Route53Client route53;

    public Route53DnsRecords(Route53Client route53) {
        this.route53 = route53;
    }

    @Override
    public Optional<HostedZone> findZone(Domain domain, Optional<String> hostedZoneId) {
        return hostedZoneId.isPresent() ? Optional.of(givenZone(domain, hostedZoneId.get())) : longestPublicZone(domain);
    }

    private HostedZone givenZone(Domain domain, String id) {
        software.amazon.awssdk.services.route53.model.HostedZone zone;
        try {
            zone = route53.getHostedZone(request -> request.id(id)).hostedZone();
        } catch (NoSuchHostedZoneException | InvalidInputException e) {
            throw new RejectedInputException("hostedZoneId " + id + " is not a hosted zone in this account", e);
        } catch (Route53Exception e) {
            throw refusedOrTransient(e, "read hosted zone " + id);
        }
        HostedZone found = toZone(zone);
        if (zone.config() != null && Boolean.TRUE.equals(zone.config().privateZone())) {
            throw new RejectedInputException("hosted zone " + id + " (" + found.name() + ") is private; DKIM records must be public");
        }
        if (!domain.isWithin(found.name())) {
            throw new RejectedInputException("hosted zone " + id + " is for " + found.name() + ", which does not cover " + domain);
        }
        return found;
    }

    /**
     * Walks from the domain towards its parents and takes the first (so longest) name with a public zone. Asking for
     * each name exactly also works on emulators that return only exact matches.
     */
    private Optional<HostedZone> longestPublicZone(Domain domain) {
        for (String name : domain.selfAndParents()) {
            List<HostedZone> publicZones = route53.listHostedZonesByName(request -> request.dnsName(name).maxItems("10"))
                    .hostedZones().stream()
                    .filter(zone -> zone.config() == null || !Boolean.TRUE.equals(zone.config().privateZone()))
                    .map(Route53DnsRecords::toZone)
                    .filter(zone -> zone.name().equals(name))
                    .toList();
            if (publicZones.size() > 1) {
                throw new RejectedInputException("there are " + publicZones.size() + " public hosted zones named " + name
                        + " (" + publicZones.stream().map(HostedZone::id).toList() + "); say which with hostedZoneId");
            }
            if (publicZones.size() == 1) {
                return Optional.of(publicZones.get(0));
            }
        }
        return Optional.empty();
    }

    @Override
    public void upsert(HostedZone zone, List<DkimRecord> records) {
        List<Change> changes = records.stream()
                .map(record -> Change.builder()
                        .action(ChangeAction.UPSERT)
                        .resourceRecordSet(set -> set.name(record.name()).type(RRType.CNAME).ttl(record.ttlSeconds())
                                .resourceRecords(value -> value.value(record.value())))
                        .build())
                .toList();
        try {
            route53.changeResourceRecordSets(request -> request.hostedZoneId(zone.id())
                    .changeBatch(batch -> batch.comment("SES Easy DKIM records").changes(changes)));
        } catch (InvalidChangeBatchException | NoSuchHostedZoneException e) {
            throw new RejectedInputException("Route 53 refused the DKIM records in zone " + zone.id() + " (" + zone.name()
                    + "): " + e.awsErrorDetails().errorMessage(), e);
        } catch (Route53Exception e) {
            throw refusedOrTransient(e, "change records in zone " + zone.id() + " (" + zone.name() + ")");
        }
    }

    /**
     * Route 53 lists a zone sorted by name with the labels reversed ({@code com.example.mail._domainkey.<token>}), so
     * the domain's names below it follow one another: start at {@code _domainkey.<domain>} and stop at the first name
     * outside the domain instead of reading the whole zone.
     */
    @Override
    public List<DkimRecord> dkimRecords(HostedZone zone, Domain domain) {
        String domainSuffix = "." + domain.name() + ".";
        String dkimSuffix = "._domainkey" + domainSuffix;
        List<DkimRecord> found = new ArrayList<>();
        try {
            for (ResourceRecordSet set : route53.listResourceRecordSetsPaginator(request -> request
                    .hostedZoneId(zone.id()).startRecordName("_domainkey." + domain.name() + ".")).resourceRecordSets()) {
                String name = set.name().toLowerCase(Locale.ROOT);
                if (!name.endsWith(domainSuffix)) {
                    break;
                }
                if (isSimpleCname(set) && name.endsWith(dkimSuffix) && name.indexOf('.') == name.length() - dkimSuffix.length()) {
                    found.add(new DkimRecord(name.substring(0, name.length() - 1), set.resourceRecords().get(0).value(), set.ttl()));
                }
            }
        } catch (NoSuchHostedZoneException e) {
            throw new RejectedInputException("hosted zone " + zone.id() + " (" + zone.name() + ") no longer exists", e);
        } catch (Route53Exception e) {
            throw refusedOrTransient(e, "read records in zone " + zone.id() + " (" + zone.name() + ")");
        }
        return found;
    }

    /**
     * One change deletes them all. If Route 53 refuses it because a record is already gone (another run got there
     * first), each record is deleted on its own and the missing ones count as deleted.
     */
    @Override
    public void delete(HostedZone zone, List<DkimRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            deleteExactly(zone, records);
        } catch (InvalidChangeBatchException e) {
            if (!isNotFound(e)) {
                throw e;
            }
            for (DkimRecord record : records) {
                try {
                    deleteExactly(zone, List.of(record));
                } catch (InvalidChangeBatchException single) {
                    if (!isNotFound(single)) {
                        throw single;
                    }
                }
            }
        }
    }

    private void deleteExactly(HostedZone zone, List<DkimRecord> records) {
        List<Change> changes = records.stream()
                .map(record -> Change.builder()
                        .action(ChangeAction.DELETE)
                        .resourceRecordSet(set -> set.name(record.name()).type(RRType.CNAME).ttl(record.ttlSeconds())
                                .resourceRecords(ResourceRecord.builder().value(record.value()).build()))
                        .build())
                .toList();
        try {
            route53.changeResourceRecordSets(request -> request.hostedZoneId(zone.id())
                    .changeBatch(batch -> batch.comment("Offboarded: SES Easy DKIM records").changes(changes)));
        } catch (NoSuchHostedZoneException e) {
            throw new RejectedInputException("hosted zone " + zone.id() + " (" + zone.name() + ") no longer exists", e);
        } catch (Route53Exception e) {
            throw refusedOrTransient(e, "delete records in zone " + zone.id() + " (" + zone.name() + ")");
        }
    }

    /** Route 53's words for a DELETE of a record that is not there: "Tried to delete resource record set [...] but it was not found". */
    private static boolean isNotFound(InvalidChangeBatchException e) {
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return message != null && message.contains("but it was not found");
    }

    /** We only ever write plain CNAMEs; weighted, latency or alias records are someone else's. */
    private static boolean isSimpleCname(ResourceRecordSet set) {
        return set.type() == RRType.CNAME && set.setIdentifier() == null && set.aliasTarget() == null
                && set.resourceRecords().size() == 1 && set.ttl() != null;
    }

    /** No permission on a zone will not change by retrying: reject; anything else goes back to the queue. */
    private static RuntimeException refusedOrTransient(Route53Exception e, String what) {
        if (e.statusCode() == HTTP_FORBIDDEN) {
            return new RejectedInputException("this function may not " + what + " (" + e.awsErrorDetails().errorCode()
                    + "); is the zone in the stack's hostedZoneIds?", e);
        }
        return e;
    }

    private static HostedZone toZone(software.amazon.awssdk.services.route53.model.HostedZone zone) {
        String id = zone.id().startsWith(ID_PREFIX) ? zone.id().substring(ID_PREFIX.length()) : zone.id();
        String name = zone.name().endsWith(".") ? zone.name().substring(0, zone.name().length() - 1) : zone.name();
        return new HostedZone(id, name);
    }
}
