package dev.sesdkim.onboarding.aws;

import dev.sesdkim.onboarding.DkimIdentities;
import dev.sesdkim.onboarding.DkimState;
import dev.sesdkim.onboarding.DkimStatus;
import dev.sesdkim.onboarding.DkimTokens;
import dev.sesdkim.onboarding.DnsText;
import dev.sesdkim.onboarding.Domain;
import dev.sesdkim.onboarding.IdentityDiagnosis;
import dev.sesdkim.onboarding.MailFromDomain;
import dev.sesdkim.onboarding.MailFromState;
import dev.sesdkim.onboarding.MailFromStatus;
import dev.sesdkim.onboarding.RejectedInputException;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.ses.model.BehaviorOnMXFailure;
import software.amazon.awssdk.services.ses.model.SesException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.DkimAttributes;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityResponse;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.VerificationInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Easy DKIM identities through SES v1, and SES v2 GetEmailIdentity for what v1 does not say (why verification failed,
 * the key SES signs with). Both clients carry the same pacing interceptor, so every call here is paced, v1 and v2
 * together: GetEmailIdentity has its own per-second limit, and sharing the one pacer keeps under both.
 */
public final class SesDkimIdentities implements DkimIdentities {

    private final SesClient ses;
    private final SesV2Client sesV2;

    public SesDkimIdentities(SesClient ses, SesV2Client sesV2) {
        this.ses = ses;
        this.sesV2 = sesV2;
    }

    @Override
    public Optional<IdentityDiagnosis> diagnosis(Domain domain) {
        GetEmailIdentityResponse identity;
        try {
            identity = sesV2.getEmailIdentity(request -> request.emailIdentity(domain.name()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        VerificationInfo info = identity.verificationInfo();
        DkimAttributes dkim = identity.dkimAttributes();
        return Optional.of(new IdentityDiagnosis(
                Optional.ofNullable(info).map(VerificationInfo::errorTypeAsString),
                Optional.ofNullable(info).map(VerificationInfo::lastCheckedTimestamp),
                Optional.ofNullable(info).map(VerificationInfo::soaRecord).map(soa -> new IdentityDiagnosis.SoaRecord(
                        DnsText.shown(soa.primaryNameServer()), DnsText.shownMailbox(soa.adminEmail()),
                        soa.serialNumber() == null ? 0 : soa.serialNumber())),
                Optional.ofNullable(dkim).map(DkimAttributes::currentSigningKeyLengthAsString).flatMap(SesDkimIdentities::keyBits),
                Optional.ofNullable(dkim).map(DkimAttributes::signingHostedZone).map(DnsText::shown)));
    }

    /** {@code RSA_2048_BIT} as 2048. */
    private static Optional<Integer> keyBits(String keyLength) {
        java.util.regex.Matcher bits = java.util.regex.Pattern.compile("RSA_(\\d{3,5})_BIT").matcher(keyLength);
        return bits.matches() ? Optional.of(Integer.parseInt(bits.group(1))) : Optional.empty();
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
        return perIdentity(domains, identities -> ses.getIdentityDkimAttributes(request -> request.identities(identities))
                .dkimAttributes(), found -> Optional.of(new DkimState(
                DkimStatus.fromSes(found.dkimVerificationStatusAsString()), tokens(found.dkimTokens()))));
    }

    @Override
    public void setMailFromDomain(Domain domain, MailFromDomain mailFrom) {
        try {
            ses.setIdentityMailFromDomain(request -> request.identity(domain.name()).mailFromDomain(mailFrom.name())
                    .behaviorOnMXFailure(BehaviorOnMXFailure.USE_DEFAULT_VALUE));
        } catch (SesException e) {
            if ("InvalidParameterValue".equals(e.awsErrorDetails().errorCode())) {
                throw new RejectedInputException("SES refused MAIL FROM domain " + mailFrom + " for " + domain + ": "
                        + e.awsErrorDetails().errorMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public Map<Domain, MailFromState> mailFromStates(List<Domain> domains) {
        return perIdentity(domains, identities -> ses.getIdentityMailFromDomainAttributes(request -> request
                .identities(identities)).mailFromDomainAttributes(), found -> Optional.ofNullable(found.mailFromDomain())
                .filter(name -> !name.isBlank()).flatMap(DnsText::hostName)
                .map(name -> new MailFromState(new MailFromDomain(name), MailFromStatus.fromSes(found.mailFromDomainStatusAsString()))));
    }

    /**
     * One call's worth of {@code domains} asked about in one request ({@code read}, by identity name), each answer SES
     * gave turned into a state by {@code state}; a domain SES did not answer for, or whose answer has no state, is left out.
     */
    private static <A, S> Map<Domain, S> perIdentity(List<Domain> domains, Function<List<String>, Map<String, A>> read,
                                                   Function<A, Optional<S>> state) {
        requireAtMostOneCallsWorth(domains);
        if (domains.isEmpty()) {
            return Map.of();
        }
        Map<String, A> answers = read.apply(domains.stream().map(Domain::name).toList());
        Map<Domain, S> states = new LinkedHashMap<>();
        for (Domain domain : domains) {
            Optional.ofNullable(answers.get(domain.name())).flatMap(state).ifPresent(found -> states.put(domain, found));
        }
        return states;
    }

    @Override
    public void deleteIdentity(Domain domain) {
        ses.deleteIdentity(request -> request.identity(domain.name()));
    }

    private static void requireAtMostOneCallsWorth(List<Domain> domains) {
        if (domains.size() > MAX_IDENTITIES_PER_STATUS_CALL) {
            throw new IllegalArgumentException("SES answers for at most " + MAX_IDENTITIES_PER_STATUS_CALL
                    + " identities per call, not " + domains.size());
        }
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
