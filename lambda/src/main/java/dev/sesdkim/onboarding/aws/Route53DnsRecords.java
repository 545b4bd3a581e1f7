package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DkimRecord;
import dev.sesdkim.onboarding.DnsRecords;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.HostedZone;
import dev.sesdkim.onboarding.MailFromRecord;
import dev.sesdkim.onboarding.RejectedInputException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.InvalidChangeBatchException;
import software.amazon.awssdk.services.route53.model.InvalidInputException;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameResponse;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Hosted zone discovery and DKIM record changes in Route 53. Private zones are never used.
 * <p>
 * Route 53 allows five requests per second per account, shared with everything else the account runs, so zone
 * look-ups are cached for this execution environment: the account's zones are listed once every
 * {@link #DIRECTORY_TTL} (one ListHostedZonesByName per 100 zones) and every domain is matched against that list. A
 * domain the list has no zone of its own for (none, or only a parent's) lists again if the list is older than
 * {@link #MISS_RELOAD_AFTER}, so a zone created moments before its first domain is still found: at most one listing a
 * minute. A zone that turns out to be gone drops the list.
 */
public final class Route53DnsRecords implements DnsRecords {

    /** How long a listing of the account's zones is trusted. */
    static final Duration DIRECTORY_TTL = Duration.ofMinutes(5);
    /** How old a listing must be before a domain it has no zone for lists the zones again. */
    static final Duration MISS_RELOAD_AFTER = Duration.ofMinutes(1);
    /** The most zones Route 53 returns in one ListHostedZonesByName page. */
    static final int ZONES_PER_PAGE = 100;

    private static final int HTTP_FORBIDDEN = 403;
    /** What Route 53 answers when IAM denies an action; other 403s (expired or invalid credentials, signatures) can pass. */
    private static final Set<String> ACCESS_DENIED = Set.of("AccessDenied", "AccessDeniedException");
    private static final String ID_PREFIX = "/hostedzone/";

    private final Route53Client route53;
    private final Clock clock;
    private ZoneDirectory directory;
    private final Map<String, ReadZone> readZones = new HashMap<>();
    /** Delegation sets by zone id, with when they were read: a zone's name servers change only if it is re-created. */
    private final Map<String, Map.Entry<Instant, List<String>>> nameServers = new HashMap<>();

    public Route53DnsRecords(Route53Client route53, Clock clock) {
        this.route53 = route53;
        this.clock = clock;
    }

    /** The account's zones as listed at {@code listedAt}: public ones by name, all by id. */
    private record ZoneDirectory(Map<String, List<HostedZone>> publicByName, Map<String, Listed> byId, Instant listedAt) {

        boolean olderThan(Duration age, Instant now) {
            return listedAt.plus(age).isBefore(now);
        }
    }

    private record Listed(HostedZone zone, boolean privateZone) {
    }

    /** A zone read by its id at {@code readAt}. */
    private record ReadZone(Listed zone, Instant readAt) {
    }

    @Override
    public synchronized Optional<HostedZone> findZone(Domain domain, Optional<String> hostedZoneId) {
        return hostedZoneId.isPresent() ? Optional.of(givenZone(domain, hostedZoneId.get())) : longestPublicZone(domain);
    }

    /**
     * The given zone: from a current listing if one was made anyway, else read by id and kept as long as a listing
     * would be, so messages that name their zone never cost a listing of the whole account.
     */
    private HostedZone givenZone(Domain domain, String id) {
        String bareId = bare(id);
        Instant now = clock.instant();
        Listed listed = directory != null && !directory.olderThan(DIRECTORY_TTL, now) ? directory.byId().get(bareId) : null;
        if (listed == null) {
            ReadZone read = readZones.get(bareId);
            if (read == null || read.readAt().plus(DIRECTORY_TTL).isBefore(now)) {
                read = new ReadZone(readZone(id), now);
                readZones.put(bareId, read);
            }
            listed = read.zone();
        }
        HostedZone found = listed.zone();
        if (listed.privateZone()) {
            throw new RejectedInputException("hosted zone " + id + " (" + found.name() + ") is private; DKIM records must be public");
        }
        if (!domain.isWithin(found.name())) {
            throw new RejectedInputException("hosted zone " + id + " is for " + found.name() + ", which does not cover " + domain);
        }
        return found;
    }

    private Listed readZone(String id) {
        try {
            software.amazon.awssdk.services.route53.model.HostedZone zone = route53.getHostedZone(request -> request.id(id)).hostedZone();
            return new Listed(toZone(zone), isPrivate(zone));
        } catch (NoSuchHostedZoneException | InvalidInputException e) {
            throw new RejectedInputException("hostedZoneId " + id + " is not a hosted zone in this account", e);
        } catch (Route53Exception e) {
            throw refusedOrTransient(e, "read hosted zone " + id);
        }
    }

    /**
     * The longest public zone name the domain lies within. A listing over {@link #MISS_RELOAD_AFTER} old is renewed
     * once when it has no zone for the domain, or only a parent's: a zone made since for the domain or a name between
     * (say {@code eu.example.com}, delegated) would take the records, and writing them into the parent would hide them.
     */
    private Optional<HostedZone> longestPublicZone(Domain domain) {
        Optional<HostedZone> found = longestPublicZone(domain, directory());
        boolean couldBeCloser = found.map(zone -> !zone.name().equals(domain.name())).orElse(true);
        if (couldBeCloser && directory.olderThan(MISS_RELOAD_AFTER, clock.instant())) {
            directory = listZones();
            found = longestPublicZone(domain, directory);
        }
        return found;
    }

    private static Optional<HostedZone> longestPublicZone(Domain domain, ZoneDirectory directory) {
        for (String name : domain.selfAndParents()) {
            List<HostedZone> publicZones = directory.publicByName().getOrDefault(name, List.of());
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

    private ZoneDirectory directory() {
        if (directory == null || directory.olderThan(DIRECTORY_TTL, clock.instant())) {
            directory = listZones();
        }
        return directory;
    }

    /**
     * Every zone of the account, page by page to the end: many zones can share one name (private split-horizon zones
     * beside the public one), so no page can be taken as the last word on a name.
     */
    private ZoneDirectory listZones() {
        Instant listedAt = clock.instant();
        Map<String, List<HostedZone>> publicByName = new HashMap<>();
        Map<String, Listed> byId = new HashMap<>();
        Optional<String> nextName = Optional.empty();
        Optional<String> nextId = Optional.empty();
        do {
            ListHostedZonesByNameResponse page = listPage(nextName, nextId);
            for (software.amazon.awssdk.services.route53.model.HostedZone zone : page.hostedZones()) {
                HostedZone found = toZone(zone);
                byId.put(found.id(), new Listed(found, isPrivate(zone)));
                if (!isPrivate(zone)) {
                    publicByName.computeIfAbsent(found.name(), name -> new ArrayList<>()).add(found);
                }
            }
            boolean truncated = Boolean.TRUE.equals(page.isTruncated()) && page.nextDNSName() != null;
            nextName = truncated ? Optional.of(page.nextDNSName()) : Optional.empty();
            nextId = truncated ? Optional.ofNullable(page.nextHostedZoneId()) : Optional.empty();
        } while (nextName.isPresent());
        return new ZoneDirectory(publicByName, byId, listedAt);
    }

    /** Listing zones concerns no zone: a refusal is the deployment's to fix, so the message waits for it. */
    private ListHostedZonesByNameResponse listPage(Optional<String> dnsName, Optional<String> hostedZoneId) {
        return route53.listHostedZonesByName(request -> {
            request.maxItems(Integer.toString(ZONES_PER_PAGE));
            dnsName.ifPresent(request::dnsName);
            hostedZoneId.ifPresent(request::hostedZoneId);
        });
    }

    /** A zone that is gone may be in the cached listing: drop it, and let the message come back to look again. */
    private RuntimeException zoneGone(HostedZone zone, NoSuchHostedZoneException e) {
        directory = null;
        readZones.clear();
        return new IllegalStateException("hosted zone " + zone.id() + " (" + zone.name() + ") no longer exists; the "
                + "cached zone list is dropped and the message will be retried", e);
    }

    /** One GetHostedZone per zone per {@link #DIRECTORY_TTL}: domains of one zone share the reading. */
    @Override
    public synchronized List<String> nameServers(HostedZone zone) {
        Instant now = clock.instant();
        Map.Entry<Instant, List<String>> cached = nameServers.get(zone.id());
        if (cached != null && !cached.getKey().plus(DIRECTORY_TTL).isBefore(now)) {
            return cached.getValue();
        }
        try {
            var response = route53.getHostedZone(request -> request.id(zone.id()));
            List<String> names = response.delegationSet() == null ? List.of()
                    : response.delegationSet().nameServers().stream().map(Domain::canonicalDnsName).sorted().toList();
            nameServers.put(zone.id(), Map.entry(now, names));
            return names;
        } catch (NoSuchHostedZoneException e) {
            throw zoneGone(zone, e);
        } catch (Route53Exception e) {
            throw refusedOrTransient(e, "read hosted zone " + zone.id());
        }
    }

    /**
     * The CNAMEs in one change and the MAIL FROM records in a second: IAM's condition keys on a change cannot tie a
     * name to a type, so one change of both would need a statement that also allowed MX and TXT at the DKIM names and
     * CNAMEs at the MAIL FROM names. Each change is allowed by a statement that allows exactly it; a redelivery writes
     * both again if the second failed.
     */
    @Override
    public void upsert(HostedZone zone, List<DkimRecord> records, List<MailFromRecord> mailFromRecords) {
        List<Change> changes = records.stream()
                .map(record -> Change.builder()
                        .action(ChangeAction.UPSERT)
                        .resourceRecordSet(set -> set.name(record.name()).type(RRType.CNAME).ttl(record.ttlSeconds())
                                .resourceRecords(value -> value.value(record.value())))
                        .build())
                .toList();
        upsertChanges(zone, changes, "SES Easy DKIM records", "the DKIM records");
        if (!mailFromRecords.isEmpty()) {
            upsertChanges(zone, mailFromChanges(ChangeAction.UPSERT, mailFromRecords), "SES custom MAIL FROM records",
                    "the MAIL FROM records");
        }
    }

    private void upsertChanges(HostedZone zone, List<Change> changes, String comment, String what) {
        try {
            route53.changeResourceRecordSets(request -> request.hostedZoneId(zone.id())
                    .changeBatch(batch -> batch.comment(comment).changes(changes)));
        } catch (InvalidChangeBatchException e) {
            throw new RejectedInputException("Route 53 refused " + what + " in zone " + zone.id() + " (" + zone.name()
                    + "): " + e.awsErrorDetails().errorMessage(), e);
        } catch (NoSuchHostedZoneException e) {
            throw zoneGone(zone, e);
        } catch (Route53Exception e) {
            throw refusedOrTransient(e, "change records in zone " + zone.id() + " (" + zone.name() + ")");
        }
    }

    /** One change per record set: Route 53 keeps all values of a name and type in one set. */
    private static List<Change> mailFromChanges(ChangeAction action, List<MailFromRecord> records) {
        Map<String, List<MailFromRecord>> sets = new java.util.LinkedHashMap<>();
        records.forEach(record -> sets.computeIfAbsent(Domain.canonicalDnsName(record.name()) + " " + record.type(),
                key -> new ArrayList<>()).add(record));
        return sets.values().stream()
                .map(set -> Change.builder().action(action).resourceRecordSet(recordSet -> recordSet
                                .name(set.get(0).name()).type(RRType.fromValue(set.get(0).type())).ttl(set.get(0).ttlSeconds())
                                .resourceRecords(set.stream().map(record -> ResourceRecord.builder().value(record.value()).build()).toList()))
                        .build())
                .toList();
    }

    /**
     * Route 53 lists a name's record sets together, so the listing starts at the name and stops at the first other one.
     * A weighted, latency or alias MX or TXT set is someone else's: it is reported with a value no record of ours has.
     */
    @Override
    public List<MailFromRecord> mailFromRecords(HostedZone zone, String name) {
        String wanted = Domain.canonicalDnsName(name);
        List<MailFromRecord> found = new ArrayList<>();
        for (ResourceRecordSet set : recordSetsFrom(zone, wanted + ".", wanted::equals)) {
            if (set.type() != RRType.MX && set.type() != RRType.TXT) {
                continue;
            }
            long ttl = set.ttl() == null ? 0 : set.ttl();
            if (set.setIdentifier() != null || set.aliasTarget() != null) {
                found.add(new MailFromRecord(wanted, set.typeAsString(), "(a routing policy or alias record set)", ttl));
                continue;
            }
            set.resourceRecords().forEach(value -> found.add(new MailFromRecord(wanted, set.typeAsString(), value.value(), ttl)));
        }
        return found;
    }

    /**
     * The zone's record sets in Route 53's listing order from {@code startName}, as long as their names (canonical)
     * pass {@code inside}: the listing stops at the first that does not, so only the pages needed are read.
     */
    private List<ResourceRecordSet> recordSetsFrom(HostedZone zone, String startName, Predicate<String> inside) {
        List<ResourceRecordSet> sets = new ArrayList<>();
        try {
            for (ResourceRecordSet set : route53.listResourceRecordSetsPaginator(request -> request
                    .hostedZoneId(zone.id()).startRecordName(startName)).resourceRecordSets()) {
                if (!inside.test(Domain.canonicalDnsName(set.name()))) {
                    break;
                }
                sets.add(set);
            }
        } catch (NoSuchHostedZoneException e) {
            throw zoneGone(zone, e);
        } catch (Route53Exception e) {
            throw refusedOrTransient(e, "read records in zone " + zone.id() + " (" + zone.name() + ")");
        }
        return sets;
    }

    /** As {@link #delete}: one change, else one per record set, a set already gone counting as deleted. */
    @Override
    public void deleteMailFromRecords(HostedZone zone, List<MailFromRecord> records) {
        deleteTolerating(zone, mailFromChanges(ChangeAction.DELETE, records), "Offboarded: SES custom MAIL FROM records");
    }

    /**
     * Route 53 lists a zone sorted by name with the labels reversed ({@code com.example.mail._domainkey.<token>}), so
     * the domain's names below it follow one another: start at {@code _domainkey.<domain>} and stop at the first name
     * outside the domain instead of reading the whole zone.
     */
    @Override
    public List<DkimRecord> dkimRecords(HostedZone zone, Domain domain) {
        String domainSuffix = "." + domain.name();
        String dkimSuffix = "._domainkey" + domainSuffix;
        List<DkimRecord> found = new ArrayList<>();
        for (ResourceRecordSet set : recordSetsFrom(zone, "_domainkey." + domain.name() + ".", name -> name.endsWith(domainSuffix))) {
            String name = Domain.canonicalDnsName(set.name());
            if (isSimpleCname(set) && name.endsWith(dkimSuffix) && name.indexOf('.') == name.length() - dkimSuffix.length()) {
                found.add(new DkimRecord(name, set.resourceRecords().get(0).value(), set.ttl()));
            }
        }
        return found;
    }

    /**
     * One change deletes them all. If Route 53 refuses it because a record is already gone (another run got there
     * first), each record is deleted on its own and the missing ones count as deleted.
     */
    @Override
    public void delete(HostedZone zone, List<DkimRecord> records) {
        List<Change> changes = records.stream()
                .map(record -> Change.builder()
                        .action(ChangeAction.DELETE)
                        .resourceRecordSet(set -> set.name(record.name()).type(RRType.CNAME).ttl(record.ttlSeconds())
                                .resourceRecords(ResourceRecord.builder().value(record.value()).build()))
                        .build())
                .toList();
        deleteTolerating(zone, changes, "Offboarded: SES Easy DKIM records");
    }

    /** Deletes in one change, else change by change, a record set already gone counting as deleted. */
    private void deleteTolerating(HostedZone zone, List<Change> changes, String comment) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            deleteExactly(zone, changes, comment);
        } catch (InvalidChangeBatchException e) {
            if (!isNotFound(e)) {
                throw e;
            }
            for (Change change : changes) {
                try {
                    deleteExactly(zone, List.of(change), comment);
                } catch (InvalidChangeBatchException single) {
                    if (!isNotFound(single)) {
                        throw single;
                    }
                }
            }
        }
    }

    private void deleteExactly(HostedZone zone, List<Change> changes, String comment) {
        try {
            route53.changeResourceRecordSets(request -> request.hostedZoneId(zone.id())
                    .changeBatch(batch -> batch.comment(comment).changes(changes)));
        } catch (NoSuchHostedZoneException e) {
            throw zoneGone(zone, e);
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

    /**
     * IAM denying an action on the zone itself will not change by retrying: reject. Anything else goes back to the
     * queue, including the other 403s: expired or invalid credentials and signature errors pass with time or a fix.
     */
    private static RuntimeException refusedOrTransient(Route53Exception e, String what) {
        if (isDenied(e)) {
            return new RejectedInputException("this function may not " + what + " (" + e.awsErrorDetails().errorCode()
                    + "); is the zone in the stack's hostedZoneIds?", e);
        }
        return e;
    }

    static boolean isDenied(Route53Exception e) {
        return e.statusCode() == HTTP_FORBIDDEN && e.awsErrorDetails() != null
                && ACCESS_DENIED.contains(e.awsErrorDetails().errorCode());
    }

    private static boolean isPrivate(software.amazon.awssdk.services.route53.model.HostedZone zone) {
        return zone.config() != null && Boolean.TRUE.equals(zone.config().privateZone());
    }

    private static String bare(String id) {
        return id.startsWith(ID_PREFIX) ? id.substring(ID_PREFIX.length()) : id;
    }

    private static HostedZone toZone(software.amazon.awssdk.services.route53.model.HostedZone zone) {
        String id = bare(zone.id());
        String name = Domain.canonicalDnsName(zone.name());
        return new HostedZone(id, name);
    }
}
