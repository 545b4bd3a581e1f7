package dev.sesdkim.onboarding;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SES side: Easy DKIM identities. */
public interface DkimIdentities {

    /** SES answers for at most this many identities per status call. */
    int MAX_IDENTITIES_PER_STATUS_CALL = 100;

    /** Creates (or finds) the domain identity and returns its three DKIM tokens; the same tokens on every call. */
    DkimTokens verifyDomainDkim(Domain domain);

    /**
     * The DKIM state of each domain, in one SES call, so at most {@link #MAX_IDENTITIES_PER_STATUS_CALL} domains.
     * A domain SES does not know is absent from the map.
     */
    Map<Domain, DkimState> statuses(List<Domain> domains);

    /**
     * What SES says about the identity beyond its DKIM status (SES v2 GetEmailIdentity, one paced call); empty if SES does
     * not know it.
     */
    Optional<IdentityDiagnosis> diagnosis(Domain domain);

    /**
     * Sets the identity's custom MAIL FROM domain (one paced SES call), with mail falling back to SES's own MAIL FROM
     * domain while the MX record is missing rather than bouncing. The identity must exist: call after
     * {@link #verifyDomainDkim}. Setting the same name again changes nothing.
     */
    void setMailFromDomain(Domain domain, MailFromDomain mailFrom);

    /**
     * The custom MAIL FROM domain of each domain's identity and SES's status for it, in one paced SES call, so at most
     * {@link #MAX_IDENTITIES_PER_STATUS_CALL} domains. A domain whose identity has no MAIL FROM domain, or that SES does
     * not know, is absent from the map.
     */
    Map<Domain, MailFromState> mailFromStates(List<Domain> domains);

    /** One domain's MAIL FROM domain and status ({@link #mailFromStates}, one paced call); empty if it has none. */
    default Optional<MailFromState> mailFromState(Domain domain) {
        return Optional.ofNullable(mailFromStates(List.of(domain)).get(domain));
    }

    /** Deletes the domain's identity; deleting one that is already gone succeeds. */
    void deleteIdentity(Domain domain);
}
