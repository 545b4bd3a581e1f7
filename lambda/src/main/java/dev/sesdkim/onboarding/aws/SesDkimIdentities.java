package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DkimIdentities;
import dev.sesdkim.onboarding.DkimState;
import dev.sesdkim.onboarding.DkimStatus;
import dev.sesdkim.onboarding.DkimTokens;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.RejectedInputException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.IdentityDkimAttributes;
import software.amazon.awssdk.services.ses.model.SesException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Easy DKIM identities through SES v1; the client carries the pacing interceptor, so every call here is paced. */
public final class SesDkimIdentities implements DkimIdentities {

    private final SesClient ses;

    public SesDkimIdentities(SesClient ses) {
        this.ses = ses;
    }

    @Override
    public DkimTokens verifyDomainDkim(Domain domain) {
        try {
            return new DkimTokens(ses.verifyDomainDkim(request -> request.domain(domain.name())).dkimTokens());
        } catch (SesException e) {
            if ("InvalidParameterValue".equals(e.awsErrorDetails().errorCode())) {
                throw new RejectedInputException("SES refused domain " + domain + ": " + e.awsErrorDetails().errorMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public Map<Domain, DkimState> statuses(List<Domain> domains) {
        if (domains.size() > MAX_IDENTITIES_PER_STATUS_CALL) {
            throw new IllegalArgumentException("SES answers for at most " + MAX_IDENTITIES_PER_STATUS_CALL
                    + " identities per call, not " + domains.size());
        }
        if (domains.isEmpty()) {
            return Map.of();
        }
        Map<String, IdentityDkimAttributes> attributes = ses.getIdentityDkimAttributes(request -> request
                .identities(domains.stream().map(Domain::name).toList())).dkimAttributes();
        Map<Domain, DkimState> states = new LinkedHashMap<>();
        for (Domain domain : domains) {
            IdentityDkimAttributes found = attributes.get(domain.name());
            if (found != null) {
                states.put(domain, new DkimState(DkimStatus.fromSes(found.dkimVerificationStatusAsString()),
                        tokens(found.dkimTokens())));
            }
        }
        return states;
    }

    @Override
    public void deleteIdentity(Domain domain) {
        ses.deleteIdentity(request -> request.identity(domain.name()));
    }

    /** SES lists no tokens for an identity whose DKIM never started; anything but three DNS labels is no use either. */
    private static Optional<DkimTokens> tokens(List<String> tokens) {
        if (tokens == null || tokens.size() != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DkimTokens(tokens));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
