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

    /** When the event is sent, in the life of the domain's re-checks: it changes what the reason may promise. */
    public enum Moment {
        /** The re-checks go on (a pending domain's change, a {@code verify}): SES may still verify it. */
        ONGOING,
        /** The domain's re-checks end now for its DKIM (failed, or timed out): the MAIL FROM is as it is. */
        DOMAIN_ENDED,
        /** The domain's DKIM is verified but its wait is over with the MAIL FROM not verified. */
        WAIT_OVER
    }

    /**
     * The check of {@code mailFrom} of {@code domain} as SES reports {@code status}: with a reason unless it is
     * {@code Success}. {@code dnsRecords} are the domain's records as public DNS answered for them, if a check was made:
     * its MX and TXT among them say what is wrong (one left unresolved says nothing, so it is not mentioned).
     */
    public static Outcome.MailFromCheck check(Domain domain, MailFromDomain mailFrom, MailFromStatus status,
                                              List<MailFromRecord> expected, List<RecordCheck> dnsRecords, Moment moment,
                                              Duration maxWait) {
        if (status == MailFromStatus.SUCCESS) {
            return Outcome.MailFromCheck.of(mailFrom, status, Optional.empty());
        }
        String meaning = "mail from " + domain + " is sent with SES's own MAIL FROM domain (amazonses.com) until SES"
                + " verifies it, so SPF does not align with " + domain;
        String what = whatToFix(mailFrom, expected, dnsRecords, moment);
        String restart = ", then onboard the domain again, which sets the MAIL FROM domain again and restarts its"
                + " verification";
        String reason = switch (status) {
            case NOT_SET -> "SES no longer has " + mailFrom + " as the MAIL FROM domain of " + domain + " (it was removed,"
                    + " or the domain was onboarded again with another): " + meaning + "; onboard the domain again to set"
                    + " it up";
            case FAILED -> "SES could not find the MX record of the MAIL FROM domain " + mailFrom + " (status Failed): "
                    + meaning + "; " + what + restart;
            case PENDING, TEMPORARY_FAILURE -> switch (moment) {
                case WAIT_OVER -> "SES did not verify the MAIL FROM domain " + mailFrom + " within " + maxWait.toHours()
                        + " hours (status " + status.sesName() + "): " + meaning + "; " + what + restart;
                case DOMAIN_ENDED -> "SES had not verified the MAIL FROM domain " + mailFrom + " when the domain's"
                        + " re-checks ended (status " + status.sesName() + "): " + meaning + "; " + what + restart;
                case ONGOING -> "SES has not verified the MAIL FROM domain " + mailFrom + " yet (status "
                        + status.sesName() + "): " + meaning + "; " + what;
            };
            case SUCCESS -> throw new IllegalStateException("unreachable");
        };
        return Outcome.MailFromCheck.of(mailFrom, status, Optional.of(reason));
    }

    /**
     * What public DNS says is wrong with the MX and TXT; that they are right, if both were found so; else the records
     * to check.
     */
    private static String whatToFix(MailFromDomain mailFrom, List<MailFromRecord> expected, List<RecordCheck> dnsRecords,
                                    Moment moment) {
        List<RecordCheck> answered = RecordCheck.filter(dnsRecords, false).stream()
                .filter(check -> check.state() != RecordState.UNRESOLVED)
                .toList();
        Optional<String> wrong = DnsFindings.whatIsWrong(answered, Optional.empty());
        if (wrong.isPresent()) {
            return wrong.get();
        }
        if (answered.size() == expected.size() && !answered.isEmpty()) {
            return "its MX and TXT records are right in public DNS" + (moment == Moment.ONGOING
                    ? ", and SES sees them at its next check" : " now");
        }
        return "check that " + mailFrom + " has exactly these records in public DNS: " + expected.stream()
                .map(record -> record.type() + " " + record.value()).collect(Collectors.joining(" and "));
    }
}
