package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DkimIdentities;
import dev.sesdkim.onboarding.DkimTokens;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.RejectedInputException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.SesException;

/** Easy DKIM identities through SES v1; the client carries the pacing interceptor. */
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
}
