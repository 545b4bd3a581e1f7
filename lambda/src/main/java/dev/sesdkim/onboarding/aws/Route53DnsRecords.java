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
import software.amazon.awssdk.services.route53.model.Route53Exception;

import java.util.List;
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
