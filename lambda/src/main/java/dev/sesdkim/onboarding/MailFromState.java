package dev.sesdkim.onboarding;

import java.util.Objects;

/** An identity's custom MAIL FROM domain as SES has it, and SES's status for it. */
public record MailFromState(MailFromDomain domain, MailFromStatus status) {

    public MailFromState {
        Objects.requireNonNull(domain);
        Objects.requireNonNull(status);
    }

    /**
     * The status of {@code expected}, given what SES has for the identity: {@link MailFromStatus#NOT_SET} when SES has no
     * MAIL FROM domain for it or another one.
     */
    public static MailFromStatus statusOf(MailFromDomain expected, java.util.Optional<MailFromState> atSes) {
        return atSes.filter(state -> state.domain().name().equals(expected.name()))
                .map(MailFromState::status)
                .orElse(MailFromStatus.NOT_SET);
    }
}
