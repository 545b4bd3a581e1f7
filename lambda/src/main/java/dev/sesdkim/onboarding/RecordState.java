package dev.sesdkim.onboarding;

import java.util.Arrays;
import java.util.Optional;

/** What public DNS says about one of a domain's records (a DKIM CNAME, a MAIL FROM MX or TXT), in the words outcome events use. */
public enum RecordState {
    /** A CNAME to the target SES expects; an MX to SES's feedback host; one SPF record, and it includes amazonses.com. */
    OK("ok"),
    /** No such name (NXDOMAIN), or the name has no record at all. */
    MISSING("missing"),
    /** A CNAME to some other name, or MX records none of which is SES's feedback host: {@link RecordCheck#found} says which. */
    WRONG_TARGET("wrong-target"),
    /** Missing at its own name but present at {@code <name>.<domain>}: a DNS console appended the zone to a full name. */
    DOUBLED_NAME("doubled-name"),
    /** A record of another type (a TXT, say) at the name instead of the CNAME. */
    NOT_CNAME("not-cname"),
    /**
     * An SPF record that does not include {@code amazonses.com}, or more than one SPF record at the name (SPF then fails
     * for every sender): {@link RecordCheck#found} gives the record, or how many there are.
     */
    WRONG_VALUE("wrong-value"),
    /** DNS did not answer (a timeout, SERVFAIL): transient, not a diagnosis. */
    UNRESOLVED("unresolved");

    private final String word;

    RecordState(String word) {
        this.word = word;
    }

    /** The state as events and re-check messages spell it. */
    public String word() {
        return word;
    }

    public static Optional<RecordState> ofWord(String word) {
        return Arrays.stream(values()).filter(state -> state.word.equals(word)).findFirst();
    }
}
