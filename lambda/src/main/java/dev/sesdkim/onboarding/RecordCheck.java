package dev.sesdkim.onboarding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One record as public DNS answered for it: its {@code name} and {@code type} (a DKIM {@code CNAME}, a MAIL FROM
 * domain's {@code MX} or {@code TXT}), the {@code expected} value (the CNAME target, the MX or TXT value as it is
 * written), its {@code state}, and what was {@code found} instead where that says more: the other target of a
 * {@code wrong-target}, the name a {@code doubled-name} record sits at, the record type of a {@code not-cname}, the SPF
 * record of a {@code wrong-value}. {@code found} comes from DNS, so it is checked by {@link DnsText} before it gets here.
 */
public record RecordCheck(String name, String type, String expected, RecordState state, Optional<String> found) {

    public RecordCheck {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(expected);
        Objects.requireNonNull(state);
        Objects.requireNonNull(found);
    }

    /** The same record in {@code state}, with nothing found. */
    RecordCheck withState(RecordState state) {
        return new RecordCheck(name, type, expected, state, Optional.empty());
    }

    public static RecordCheck of(DkimRecord record, RecordState state) {
        return new RecordCheck(record.name(), record.type(), record.value(), state, Optional.empty());
    }

    public static RecordCheck of(DkimRecord record, RecordState state, String found) {
        return new RecordCheck(record.name(), record.type(), record.value(), state, Optional.of(found));
    }

    public static RecordCheck of(MailFromRecord record, RecordState state) {
        return new RecordCheck(record.name(), record.type(), record.value(), state, Optional.empty());
    }

    public static RecordCheck of(MailFromRecord record, RecordState state, String found) {
        return new RecordCheck(record.name(), record.type(), record.value(), state, Optional.of(found));
    }

    /**
     * Those of {@code checks} that are DKIM CNAMEs ({@code dkim}), or those that are a custom MAIL FROM domain's MX and
     * TXT. (A static method, not an {@code isDkim()}: the event serialiser would take that for a field.)
     */
    public static List<RecordCheck> filter(List<RecordCheck> checks, boolean dkim) {
        return checks.stream().filter(check -> check.type.equals(DkimRecord.TYPE) == dkim).toList();
    }
}
