package dev.sesdkim.onboarding;

/** The SES side: Easy DKIM identities. */
public interface DkimIdentities {

    /** Creates (or finds) the domain identity and returns its three DKIM tokens; the same tokens on every call. */
    DkimTokens verifyDomainDkim(Domain domain);
}
