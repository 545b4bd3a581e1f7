package dev.sesdkim.onboarding;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What happened to a domain, as announced on the event bus: one record per detail-type, whose components are the
 * event's detail, in the order the detail lists them. An absent {@link Optional} is a field the detail leaves out. The
 * samples in {@code events/outcomes/} show each as consumers receive it.
 */
public sealed interface Outcome permits Outcome.RecordsPublished, Outcome.ManualDnsRequired, Outcome.Verified,
        Outcome.VerificationFailed, Outcome.TimedOut, Outcome.Rejected, Outcome.Offboarded, Outcome.StatusReported,
        Outcome.RecordsChecked {

    enum Type {
        RECORDS_PUBLISHED("DKIM Records Published"),
        MANUAL_DNS_REQUIRED("DKIM Manual DNS Required"),
        VERIFIED("DKIM Verified"),
        VERIFICATION_FAILED("DKIM Verification Failed"),
        TIMED_OUT("DKIM Verification Timed Out"),
        REJECTED("Domain Onboarding Rejected"),
        OFFBOARDED("Domain Offboarded"),
        STATUS_REPORTED("DKIM Status Reported"),
        RECORDS_CHECKED("DKIM Records Checked");

        private final String detailType;

        Type(String detailType) {
            this.detailType = detailType;
        }

        public String detailType() {
            return detailType;
        }
    }

    Type type();

    /** The event's detail-type. */
    default String detailType() {
        return type().detailType();
    }

    /** The {@code domain} of the detail; empty only for a rejected message that named none. */
    Optional<String> domainName();

    /** One of the CNAME records SES looks for, as an event lists it. */
    record Cname(String name, String type, String value, long ttl) {

        public Cname {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
            Objects.requireNonNull(value);
        }

        public static Cname of(DkimRecord record) {
            return new Cname(record.name(), record.type(), record.value(), record.ttlSeconds());
        }

        public static List<Cname> allOf(List<DkimRecord> records) {
            return records.stream().map(Cname::of).toList();
        }

        /** A custom MAIL FROM domain's MX or TXT record, listed like the CNAMEs. */
        public static Cname of(MailFromRecord record) {
            return new Cname(record.name(), record.type(), record.value(), record.ttlSeconds());
        }
    }

    /**
     * The custom MAIL FROM domain an onboarding set up in SES, and its MX and TXT records; absent from the event when it
     * set up none.
     */
    record MailFrom(String domain, List<Cname> records) {
        public MailFrom {
            Objects.requireNonNull(domain);
            records = List.copyOf(records);
        }

        public static Optional<MailFrom> of(Optional<MailFromDomain> mailFrom, List<MailFromRecord> records) {
            return mailFrom.map(name -> new MailFrom(name.name(), records.stream().map(Cname::of).toList()));
        }
    }

    /**
     * What SES says about a domain's custom MAIL FROM domain when a re-check, a {@code verify} or a {@code status} looked:
     * its {@code domain} and SES's {@code status}; {@code reason} says what to fix when the status is not
     * {@code Success}. Absent from the event when the domain has no MAIL FROM domain.
     */
    record MailFromCheck(String domain, MailFromStatus status, Optional<String> reason) {
        public MailFromCheck {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(status);
            Objects.requireNonNull(reason);
        }

        public static MailFromCheck of(MailFromDomain mailFrom, MailFromStatus status, Optional<String> reason) {
            return new MailFromCheck(mailFrom.name(), status, reason);
        }
    }

    /** Onboarding wrote the records into a Route 53 zone; re-checks follow. */
    record RecordsPublished(Domain domain, Optional<String> tenantId, String hostedZoneId, String hostedZoneName,
                            List<Cname> records, Optional<MailFrom> mailFrom, Instant startedAt) implements Outcome {

        public RecordsPublished {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(tenantId);
            Objects.requireNonNull(hostedZoneId);
            Objects.requireNonNull(hostedZoneName);
            records = List.copyOf(records);
            Objects.requireNonNull(mailFrom);
            Objects.requireNonNull(startedAt);
        }

        public static RecordsPublished of(Request.Onboard request, HostedZone zone, List<DkimRecord> records,
                                          Optional<MailFrom> mailFrom, Instant startedAt) {
            return new RecordsPublished(request.domain(), request.tenantId(), zone.id(), zone.name(), Cname.allOf(records),
                    mailFrom, startedAt);
        }

        @Override
        public Type type() {
            return Type.RECORDS_PUBLISHED;
        }

        @Override
        public Optional<String> domainName() {
            return Optional.of(domain.name());
        }
    }

    /** Onboarding found no zone it may write; {@code reason} says why and where the records must go. */
    record ManualDnsRequired(Domain domain, Optional<String> tenantId, List<Cname> records, Optional<MailFrom> mailFrom,
                             Instant startedAt, String reason) implements Outcome {

        public ManualDnsRequired {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(tenantId);
            records = List.copyOf(records);
            Objects.requireNonNull(mailFrom);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(reason);
        }

        public static ManualDnsRequired of(Request.Onboard request, List<DkimRecord> records, Optional<MailFrom> mailFrom,
                                           Instant startedAt, String reason) {
            return new ManualDnsRequired(request.domain(), request.tenantId(), Cname.allOf(records), mailFrom, startedAt,
                    reason);
        }

        @Override
        public Type type() {
            return Type.MANUAL_DNS_REQUIRED;
        }

        @Override
        public Optional<String> domainName() {
            return Optional.of(domain.name());
        }
    }

    /**
     * SES reported {@code Success} at re-check {@code attempt}, {@code elapsed} after {@code startedAt}; for a
     * {@code verify} message, which knows neither, the three are absent. {@code dnsRecords} is the records' state at the
     * last DNS check, absent if none was made.
     */
    record Verified(Domain domain, Optional<String> tenantId, Optional<String> hostedZoneId, Optional<Integer> attempt,
                    Optional<Instant> startedAt, Optional<Duration> elapsed, Optional<List<RecordCheck>> dnsRecords,
                    Optional<MailFromCheck> mailFrom) implements Outcome {

        public Verified {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(tenantId);
            Objects.requireNonNull(hostedZoneId);
            Objects.requireNonNull(attempt);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(elapsed);
            dnsRecords = dnsRecords.filter(list -> !list.isEmpty()).map(List::copyOf);
            Objects.requireNonNull(mailFrom);
        }

        public static Verified of(Request.PendingDomain pending, int attempt, Instant checkedAt) {
            return of(pending, attempt, checkedAt, Optional.empty(), Optional.empty());
        }

        public static Verified of(Request.PendingDomain pending, int attempt, Instant checkedAt,
                                  Optional<List<RecordCheck>> dnsRecords, Optional<MailFromCheck> mailFrom) {
            return new Verified(pending.domain(), pending.tenantId(), pending.hostedZoneId(), Optional.of(attempt),
                    Optional.of(pending.startedAt()), Optional.of(Duration.between(pending.startedAt(), checkedAt)),
                    dnsRecords, mailFrom);
        }

        /** What a {@code verify} message found. */
        public static Verified of(Request.Verify request, Optional<String> hostedZoneId, List<RecordCheck> dnsRecords,
                                  Optional<MailFromCheck> mailFrom) {
            return new Verified(request.domain(), request.tenantId(), hostedZoneId, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(dnsRecords), mailFrom);
        }

        @Override
        public Type type() {
            return Type.VERIFIED;
        }

        @Override
        public Optional<String> domainName() {
            return Optional.of(domain.name());
        }
    }

    /**
     * SES gave up on the domain, or never started on it. {@code records} are the CNAMEs SES looks for, absent when SES has
     * no tokens; {@code recordsFound} names those that are in the hosted zone with the right value, absent when there is
     * no zone to look in. Built with {@link #builder}.
     */
    record VerificationFailed(Domain domain, Optional<String> tenantId, Optional<String> hostedZoneId, int attempt,
                              Instant startedAt, Duration elapsed, DkimStatus dkimStatus, Optional<List<Cname>> records,
                              Optional<List<String>> recordsFound, Optional<List<RecordCheck>> dnsRecords,
                              Optional<DelegationCheck> delegation, Optional<IdentityDiagnosis> sesDiagnosis,
                              Optional<MailFromCheck> mailFrom, String reason) implements Outcome {

        public VerificationFailed {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(tenantId);
            Objects.requireNonNull(hostedZoneId);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(elapsed);
            Objects.requireNonNull(dkimStatus, "dkimStatus");
            records = records.filter(list -> !list.isEmpty()).map(List::copyOf);
            recordsFound = recordsFound.map(List::copyOf);
            dnsRecords = dnsRecords.filter(list -> !list.isEmpty()).map(List::copyOf);
            Objects.requireNonNull(delegation);
            Objects.requireNonNull(sesDiagnosis);
            Objects.requireNonNull(mailFrom);
            Objects.requireNonNull(reason, "reason");
        }

        /** The failure found at re-check {@code attempt} of {@code pending}, at {@code checkedAt}. */
        public static Builder builder(Request.PendingDomain pending, int attempt, Instant checkedAt) {
            return new Builder(pending, attempt, checkedAt);
        }

        @Override
        public Type type() {
            return Type.VERIFICATION_FAILED;
        }

        @Override
        public Optional<String> domainName() {
            return Optional.of(domain.name());
        }

        /** The parts a failure is told by; {@code dkimStatus} and {@code reason} are required, the rest optional. */
        public static final class Builder {
            private final Request.PendingDomain pending;
            private final int attempt;
            private final Instant checkedAt;
            private DkimStatus dkimStatus;
            private List<DkimRecord> records = List.of();
            private Optional<List<String>> recordsFound = Optional.empty();
            private List<RecordCheck> dnsRecords = List.of();
            private Optional<DelegationCheck> delegation = Optional.empty();
            private Optional<IdentityDiagnosis> sesDiagnosis = Optional.empty();
            private Optional<MailFromCheck> mailFrom = Optional.empty();
            private String reason;

            private Builder(Request.PendingDomain pending, int attempt, Instant checkedAt) {
                this.pending = pending;
                this.attempt = attempt;
                this.checkedAt = checkedAt;
            }

            public Builder dkimStatus(DkimStatus dkimStatus) {
                this.dkimStatus = dkimStatus;
                return this;
            }

            /** The CNAMEs SES looks for; none when SES has no tokens. */
            public Builder records(List<DkimRecord> records) {
                this.records = records;
                return this;
            }

            /** The names of those of {@link #records} that are in the hosted zone with the expected value. */
            public Builder recordsFound(List<String> names) {
                this.recordsFound = Optional.of(names);
                return this;
            }

            /** The records as public DNS answered for them. */
            public Builder dnsRecords(List<RecordCheck> dnsRecords) {
                this.dnsRecords = dnsRecords;
                return this;
            }

            /** Whether the hosted zone is the one public DNS uses. */
            public Builder delegation(Optional<DelegationCheck> delegation) {
                this.delegation = delegation;
                return this;
            }

            /** What SES says about the identity. */
            public Builder sesDiagnosis(Optional<IdentityDiagnosis> sesDiagnosis) {
                this.sesDiagnosis = sesDiagnosis;
                return this;
            }

            /** What SES says about the domain's custom MAIL FROM domain, if it has one. */
            public Builder mailFrom(Optional<MailFromCheck> mailFrom) {
                this.mailFrom = mailFrom;
                return this;
            }

            /** One sentence for a person: what happened and what to check. */
            public Builder reason(String reason) {
                this.reason = reason;
                return this;
            }

            public VerificationFailed build() {
                return new VerificationFailed(pending.domain(), pending.tenantId(), pending.hostedZoneId(), attempt,
                        pending.startedAt(), Duration.between(pending.startedAt(), checkedAt), dkimStatus,
                        Optional.of(Cname.allOf(records)), recordsFound, Optional.of(dnsRecords), delegation, sesDiagnosis,
                        mailFrom, reason);
            }
        }
    }

    /**
     * SES still reported {@code dkimStatus} ({@code Pending} or {@code TemporaryFailure}) at the last re-check, when the
     * wait was over. {@code records} are absent when SES has no tokens.
     */
    record TimedOut(Domain domain, Optional<String> tenantId, Optional<String> hostedZoneId, int attempt,
                    Instant startedAt, Duration elapsed, DkimStatus dkimStatus, Optional<List<Cname>> records,
                    Optional<List<RecordCheck>> dnsRecords, Optional<DelegationCheck> delegation,
                    Optional<IdentityDiagnosis> sesDiagnosis, Optional<MailFromCheck> mailFrom, String reason)
            implements Outcome {

        public TimedOut {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(tenantId);
            Objects.requireNonNull(hostedZoneId);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(elapsed);
            Objects.requireNonNull(dkimStatus);
            records = records.filter(list -> !list.isEmpty()).map(List::copyOf);
            dnsRecords = dnsRecords.filter(list -> !list.isEmpty()).map(List::copyOf);
            Objects.requireNonNull(delegation);
            Objects.requireNonNull(sesDiagnosis);
            Objects.requireNonNull(mailFrom);
            Objects.requireNonNull(reason);
        }

        /** The re-check {@code attempt} of {@code pending}, at {@code checkedAt}, ended the wait of {@code maxWait}. */
        public static TimedOut of(Request.PendingDomain pending, int attempt, Instant checkedAt, DkimStatus dkimStatus,
                                  List<DkimRecord> records, Duration maxWait) {
            return of(pending, attempt, checkedAt, dkimStatus, records, maxWait, List.of(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }

        /**
         * As above, with what public DNS and SES said about the records at that last re-check, and about the custom MAIL
         * FROM domain.
         */
        public static TimedOut of(Request.PendingDomain pending, int attempt, Instant checkedAt, DkimStatus dkimStatus,
                                  List<DkimRecord> records, Duration maxWait, List<RecordCheck> dnsRecords,
                                  Optional<DelegationCheck> delegation, Optional<IdentityDiagnosis> sesDiagnosis,
                                  Optional<MailFromCheck> mailFrom) {
            String whatIsWrong = DnsFindings.whatIsWrong(RecordCheck.filter(dnsRecords, true), delegation)
                    .map(found -> ": " + found).orElse("");
            return new TimedOut(pending.domain(), pending.tenantId(), pending.hostedZoneId(), attempt, pending.startedAt(),
                    Duration.between(pending.startedAt(), checkedAt), dkimStatus, Optional.of(Cname.allOf(records)),
                    Optional.of(dnsRecords), delegation, sesDiagnosis, mailFrom,
                    "SES did not see the DKIM records within " + maxWait.toHours() + " hours of " + pending.startedAt()
                            + whatIsWrong + "; check that these CNAME records resolve in public DNS, then onboard the"
                            + " domain again");
        }

        @Override
        public Type type() {
            return Type.TIMED_OUT;
        }

        @Override
        public Optional<String> domainName() {
            return Optional.of(domain.name());
        }
    }

    /**
     * A message that could never succeed went to the dead-letter queue. {@code domain} is the raw value as sent, absent
     * if there was none.
     */
    record Rejected(Optional<String> domain, String messageId, String reason) implements Outcome {

        public Rejected {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(messageId);
            Objects.requireNonNull(reason);
        }

        public static Rejected of(InboundMessage message, Optional<String> rawDomain, String reason) {
            return new Rejected(rawDomain, message.messageId(), reason);
        }

        @Override
        public Type type() {
            return Type.REJECTED;
        }

        @Override
        public Optional<String> domainName() {
            return domain;
        }
    }

    /**
     * The domain's records, pending re-checks and SES identity are gone. {@code hostedZoneId} is the zone the records were
     * deleted from, absent when none was found.
     */
    record Offboarded(Domain domain, Optional<String> tenantId, Optional<String> hostedZoneId, List<String> recordsDeleted,
                      int schedulesCancelled, boolean identityDeleted) implements Outcome {

        public Offboarded {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(tenantId);
            Objects.requireNonNull(hostedZoneId);
            recordsDeleted = List.copyOf(recordsDeleted);
            if (!identityDeleted) {
                throw new IllegalArgumentException("a domain is announced offboarded only after its SES identity is"
                        + " deleted");
            }
        }

        public static Offboarded of(Request.Offboard request, Optional<HostedZone> zone, List<String> recordsDeleted,
                                    int schedulesCancelled) {
            return new Offboarded(request.domain(), request.tenantId(), zone.map(HostedZone::id), recordsDeleted,
                    schedulesCancelled, true);
        }

        @Override
        public Type type() {
            return Type.OFFBOARDED;
        }

        @Override
        public Optional<String> domainName() {
            return Optional.of(domain.name());
        }
    }

    /**
     * The domain's state as it is now, on request ({@code status} action or the operators' command); changes nothing.
     * {@code dkimStatus} and {@code dkimTokens} are SES's ({@code NotStarted} and no tokens for a domain it has no
     * identity for; the status absent only if SES leaves the domain out of its answer); {@code records} are the CNAMEs SES looks for, {@code recordsFound} those of them in hosted zone
     * {@code hostedZoneId} with the expected value, absent when no zone this deployment may write covers the domain;
     * {@code nextRecheck}, {@code startedAt} and {@code age} come from the re-check waiting for the domain, absent when
     * none is (verified, failed, timed out, offboarded or never onboarded).
     */
    record StatusReported(Domain domain, Optional<String> tenantId, Optional<DkimStatus> dkimStatus,
                          Optional<List<String>> dkimTokens, Optional<String> hostedZoneId, Optional<List<Cname>> records,
                          Optional<List<String>> recordsFound, Optional<MailFromCheck> mailFrom,
                          Optional<NextRecheck> nextRecheck, Optional<Instant> startedAt, Optional<Duration> age)
            implements Outcome {

        public StatusReported {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(tenantId);
            Objects.requireNonNull(dkimStatus);
            dkimTokens = dkimTokens.map(List::copyOf);
            Objects.requireNonNull(hostedZoneId);
            records = records.filter(list -> !list.isEmpty()).map(List::copyOf);
            recordsFound = recordsFound.map(List::copyOf);
            Objects.requireNonNull(mailFrom);
            Objects.requireNonNull(nextRecheck);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(age);
        }

        /** When the domain's next re-check is due, and which attempt it is. */
        public record NextRecheck(Instant at, int attempt) {
            public NextRecheck {
                Objects.requireNonNull(at);
            }
        }

        @Override
        public Type type() {
            return Type.STATUS_REPORTED;
        }

        @Override
        public Optional<String> domainName() {
            return Optional.of(domain.name());
        }
    }

    /**
     * The DNS check of a pending domain's records found something other than last time (a re-check, {@code attempt}
     * set), or a {@code verify} message asked (no {@code attempt}, {@code startedAt}): each record's state, whether the
     * hosted zone is the one public DNS uses, and SES's status then. {@code reason} says what to fix.
     */
    record RecordsChecked(Domain domain, Optional<String> tenantId, Optional<String> hostedZoneId, Optional<Integer> attempt,
                          Optional<Instant> startedAt, DkimStatus dkimStatus, List<RecordCheck> dnsRecords,
                          Optional<DelegationCheck> delegation, Optional<MailFromCheck> mailFrom, String reason)
            implements Outcome {

        public RecordsChecked {
            Objects.requireNonNull(domain);
            Objects.requireNonNull(tenantId);
            Objects.requireNonNull(hostedZoneId);
            Objects.requireNonNull(attempt);
            Objects.requireNonNull(startedAt);
            Objects.requireNonNull(dkimStatus);
            dnsRecords = List.copyOf(dnsRecords);
            Objects.requireNonNull(delegation);
            Objects.requireNonNull(mailFrom);
            Objects.requireNonNull(reason);
        }

        /** What re-check {@code attempt} of {@code pending} found. */
        public static RecordsChecked of(Request.PendingDomain pending, int attempt, DkimStatus dkimStatus,
                                        List<RecordCheck> dnsRecords, Optional<DelegationCheck> delegation,
                                        Optional<MailFromCheck> mailFrom) {
            return new RecordsChecked(pending.domain(), pending.tenantId(), pending.hostedZoneId(), Optional.of(attempt),
                    Optional.of(pending.startedAt()), dkimStatus, dnsRecords, delegation, mailFrom,
                    DnsFindings.reason(pending.domain(), dnsRecords, delegation));
        }

        /** What a {@code verify} message found. */
        public static RecordsChecked of(Request.Verify request, Optional<String> hostedZoneId, DkimStatus dkimStatus,
                                        List<RecordCheck> dnsRecords, Optional<DelegationCheck> delegation,
                                        Optional<MailFromCheck> mailFrom) {
            return new RecordsChecked(request.domain(), request.tenantId(), hostedZoneId, Optional.empty(), Optional.empty(),
                    dkimStatus, dnsRecords, delegation, mailFrom, DnsFindings.reason(request.domain(), dnsRecords, delegation));
        }

        @Override
        public Type type() {
            return Type.RECORDS_CHECKED;
        }

        @Override
        public Optional<String> domainName() {
            return Optional.of(domain.name());
        }
    }
}
