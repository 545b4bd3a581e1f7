package dev.sesdkim.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened to a domain, as announced on the event bus: {@link Type#detailType()} becomes the event's
 * detail-type and {@link #detail()} its detail (JSON-ready values only: strings, numbers, lists, maps).
 */
public record Outcome(Type type, Map<String, Object> detail) {

    public enum Type {
        RECORDS_PUBLISHED("DKIM Records Published"),
        MANUAL_DNS_REQUIRED("DKIM Manual DNS Required"),
        VERIFIED("DKIM Verified"),
        VERIFICATION_FAILED("DKIM Verification Failed"),
        TIMED_OUT("DKIM Verification Timed Out"),
        REJECTED("Domain Onboarding Rejected"),
        OFFBOARDED("Domain Offboarded");

        private final String detailType;

        Type(String detailType) {
            this.detailType = detailType;
        }

        public String detailType() {
            return detailType;
        }
    }

    public Outcome {
        detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }

    /** The domain the outcome is about, if the input named one. */
    public Optional<String> domain() {
        return Optional.ofNullable((String) detail.get("domain"));
    }

    public static Outcome recordsPublished(Domain domain, Optional<String> tenantId, HostedZone zone,
                                           List<DkimRecord> records, Instant startedAt) {
        Map<String, Object> detail = about(domain, tenantId, Optional.of(zone.id()));
        detail.put("hostedZoneName", zone.name());
        detail.put("records", toJson(records));
        detail.put("startedAt", startedAt.toString());
        return new Outcome(Type.RECORDS_PUBLISHED, detail);
    }

    /** {@code reason} says why the records are not in Route 53 and where they must go. */
    public static Outcome manualDnsRequired(Domain domain, Optional<String> tenantId, List<DkimRecord> records,
                                            Instant startedAt, String reason) {
        Map<String, Object> detail = about(domain, tenantId, Optional.empty());
        detail.put("records", toJson(records));
        detail.put("startedAt", startedAt.toString());
        detail.put("reason", reason);
        return new Outcome(Type.MANUAL_DNS_REQUIRED, detail);
    }

    public static Outcome verified(Request.PendingDomain pending, int attempt, Instant now) {
        return new Outcome(Type.VERIFIED, about(pending, attempt, now));
    }

    /**
     * SES gave up on the domain, or never started on it. {@code records} are the CNAMEs SES looks for (empty when SES
     * has no tokens); {@code recordsFound} names those that are in the hosted zone with the right value, and is absent
     * when there is no zone to look in.
     */
    public static Outcome verificationFailed(Request.PendingDomain pending, int attempt, Instant now, DkimStatus status,
                                             List<DkimRecord> records, Optional<List<String>> recordsFound, String reason) {
        Map<String, Object> detail = about(pending, attempt, now);
        detail.put("dkimStatus", status.sesName());
        if (!records.isEmpty()) {
            detail.put("records", toJson(records));
        }
        recordsFound.ifPresent(found -> detail.put("recordsFound", found));
        detail.put("reason", reason);
        return new Outcome(Type.VERIFICATION_FAILED, detail);
    }

    public static Outcome timedOut(Request.PendingDomain pending, int attempt, Instant now, DkimStatus status,
                                   List<DkimRecord> records, Duration maxWait) {
        Map<String, Object> detail = about(pending, attempt, now);
        detail.put("dkimStatus", status.sesName());
        if (!records.isEmpty()) {
            detail.put("records", toJson(records));
        }
        detail.put("reason", "SES did not see the DKIM records within " + maxWait.toHours() + " hours of " + pending.startedAt()
                + "; check that these CNAME records resolve in public DNS, then onboard the domain again");
        return new Outcome(Type.TIMED_OUT, detail);
    }

    public static Outcome offboarded(Domain domain, Optional<String> tenantId, Optional<String> hostedZoneId,
                                     List<String> recordsDeleted, int schedulesCancelled) {
        Map<String, Object> detail = about(domain, tenantId, hostedZoneId);
        detail.put("recordsDeleted", List.copyOf(recordsDeleted));
        detail.put("schedulesCancelled", schedulesCancelled);
        detail.put("identityDeleted", true);
        return new Outcome(Type.OFFBOARDED, detail);
    }

    public static Outcome rejected(InboundMessage message, Optional<String> rawDomain, String reason) {
        Map<String, Object> detail = new LinkedHashMap<>();
        rawDomain.ifPresent(raw -> detail.put("domain", raw));
        detail.put("messageId", message.messageId());
        detail.put("reason", reason);
        return new Outcome(Type.REJECTED, detail);
    }

    static Map<String, Object> about(Domain domain, Optional<String> tenantId, Optional<String> hostedZoneId) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("domain", domain.name());
        tenantId.ifPresent(id -> detail.put("tenantId", id));
        hostedZoneId.ifPresent(id -> detail.put("hostedZoneId", id));
        return detail;
    }

    static Map<String, Object> about(Request.PendingDomain pending, int attempt, Instant now) {
        Map<String, Object> detail = about(pending.domain(), pending.tenantId(), pending.hostedZoneId());
        detail.put("attempt", attempt);
        detail.put("startedAt", pending.startedAt().toString());
        detail.put("elapsed", Duration.between(pending.startedAt(), now).toString());
        return detail;
    }

    static List<Map<String, Object>> toJson(List<DkimRecord> records) {
        return records.stream().<Map<String, Object>>map(record -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", record.name());
            json.put("type", record.type());
            json.put("value", record.value());
            json.put("ttl", record.ttlSeconds());
            return json;
        }).toList();
    }
}
