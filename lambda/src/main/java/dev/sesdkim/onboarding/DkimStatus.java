package dev.sesdkim.onboarding;

import java.util.Arrays;

/** What SES says about a domain's Easy DKIM records (GetIdentityDkimAttributes, DkimVerificationStatus). */
public enum DkimStatus {
    SUCCESS("Success"),
    PENDING("Pending"),
    FAILED("Failed"),
    TEMPORARY_FAILURE("TemporaryFailure"),
    NOT_STARTED("NotStarted");

    private final String sesName;

    DkimStatus(String sesName) {
        this.sesName = sesName;
    }

    /** The status as SES spells it, as outcome events report it. */
    public String sesName() {
        return sesName;
    }

    /**
     * The status for SES's string. A status this code does not know yet counts as pending: asking again is harmless,
     * and the 72-hour deadline still ends it, whereas failing the batch would only send it round the queue.
     */
    public static DkimStatus fromSes(String status) {
        return Arrays.stream(values()).filter(value -> value.sesName.equals(status)).findFirst().orElse(PENDING);
    }
}
