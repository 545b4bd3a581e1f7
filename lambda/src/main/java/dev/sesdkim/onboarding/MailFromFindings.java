package dev.sesdkim.onboarding;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an event says about a custom MAIL FROM domain SES has not verified: SES's status, what it means for the domain's
 * mail (it goes out with SES's own MAIL FROM domain, since onboarding sets {@code BehaviorOnMXFailure=UseDefaultValue},
 * so SPF does not align with the domain), and what to change.
 */
public final class MailFromFindings {

    private MailFromFindings() {
    }

    /**
     * The check of {@code mailFrom} of {@code domain} as SES reports {@code status}: with a reason unless it is
     * {@code Success}. {@code dnsRecords} are the domain's records as public DNS answered for them, if a check was made
     * (its MX and TXT among them say what is wrong); {@code waitOver} is set when the domain's re-checks end now, after
     * {@code maxWait}.
     */
    public static Outcome.MailFromCheck check(Domain domain, MailFromDomain mailFrom, MailFromStatus status,
                                              List<MailFromRecord> expected, List<RecordCheck> dnsRecords, boolean waitOver,
                                              Duration maxWait) {
        Optional<String> dnsFindings = DnsFindings.whatIsWrong(RecordCheck.filter(dnsRecords, false), Optional.empty());
        if (status == MailFromStatus.SUCCESS) {
            return Outcome.MailFromCheck.of(mailFrom, status, Optional.empty());
        }
        String meaning = "mail from " + domain + " is sent with SES's own MAIL FROM domain (amazonses.com) until SES"
                + " verifies it, so SPF does not align with " + domain;
        String records = expected.stream().map(record -> record.type() + " " + record.value())
                .collect(Collectors.joining(" and "));
        String what = dnsFindings.orElse("check that " + mailFrom + " has exactly these records in public DNS: " + records);
        String restart = ", then onboard the domain again, which sets the MAIL FROM domain again and restarts its"
                + " verification";
        String reason = switch (status) {
            case NOT_SET -> "SES no longer has " + mailFrom + " as the MAIL FROM domain of " + domain + " (it was removed,"
                    + " or the domain was onboarded again with another): " + meaning + "; onboard the domain again to set"
                    + " it up";
            case FAILED -> "SES could not find the MX record of the MAIL FROM domain " + mailFrom + " (status Failed): "
                    + meaning + "; " + what + restart;
            case PENDING, TEMPORARY_FAILURE -> waitOver
                    ? "SES did not verify the MAIL FROM domain " + mailFrom + " within " + maxWait.toHours() + " hours"
                            + " (status " + status.sesName() + "): " + meaning + "; " + what + restart
                    : "SES has not verified the MAIL FROM domain " + mailFrom + " yet (status " + status.sesName() + "): "
                            + meaning + "; " + what;
            case SUCCESS -> throw new IllegalStateException("unreachable");
        };
        return Outcome.MailFromCheck.of(mailFrom, status, Optional.of(reason));
    }
}
