package dev.sesdkim.onboarding;

import java.util.Optional;

/**
 * One domain's answer from SES: its DKIM status and, once SES has them, its tokens (so a failed domain's event can name
 * the records SES looks for without asking for new tokens).
 */
public record DkimState(DkimStatus status, Optional<DkimTokens> tokens) {

    /** What an identity SES does not know at all amounts to. */
    public static final DkimState UNKNOWN = new DkimState(DkimStatus.NOT_STARTED, Optional.empty());
}
