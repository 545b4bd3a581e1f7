package dev.sesdkim.onboarding;

import java.util.Arrays;
import java.util.Optional;

/** What public DNS says about one of a domain's DKIM records, in the words outcome events use. */
public enum RecordState {
    /** A CNAME to the target SES expects. */
    OK("ok"),
    /** No such name (NXDOMAIN), or the name has no record at all. */
    MISSING("missing"),
    /** A CNAME to some other name: {@link RecordCheck#found} says which. */
    WRONG_TARGET("wrong-target"),
    /** Missing at its own name but present at {@code <name>.<domain>}: a DNS console appended the zone to a full name. */
    DOUBLED_NAME("doubled-name"),
    /** A record of another type (a TXT, say) at the name instead of the CNAME. */
    NOT_CNAME("not-cname"),
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
