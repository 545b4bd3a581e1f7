package dev.sesdkim.onboarding;

import java.util.Arrays;

/**
 * What SES says about an identity's custom MAIL FROM domain (GetIdentityMailFromDomainAttributes,
 * MailFromDomainStatus), as events report it. SES looks for the MX record only: {@code Success} once it sees it,
 * {@code Failed} when it gave up (or the record is gone). {@link #NOT_SET} is this service's word for an identity that
 * no longer has the MAIL FROM domain onboarding set (someone removed it, or onboarded the domain again with another).
 */
public enum MailFromStatus {
    SUCCESS("Success"),
    PENDING("Pending"),
    FAILED("Failed"),
    TEMPORARY_FAILURE("TemporaryFailure"),
    NOT_SET("NotSet");

    private final String sesName;

    MailFromStatus(String sesName) {
        this.sesName = sesName;
    }

    /** The status as SES spells it ({@code NotSet} is ours), as outcome events report it. */
    public String sesName() {
        return sesName;
    }

    /** True once nothing will change without someone acting: a re-check need not wait for it any longer. */
    public boolean isFinal() {
        return this == SUCCESS || this == FAILED || this == NOT_SET;
    }

    /**
     * The status for SES's string. One this code does not know yet counts as pending, as for DKIM: asking again is
     * harmless, and the 72-hour deadline still ends it.
     */
    public static MailFromStatus fromSes(String status) {
        return Arrays.stream(values()).filter(value -> value != NOT_SET && value.sesName.equals(status)).findFirst()
                .orElse(PENDING);
    }
}
