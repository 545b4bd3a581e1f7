package dev.sesdkim.onboarding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * The domain this execution environment's DKIM CNAMEs point at, and so the records it writes, expects in re-checks,
 * verify and status, and recognises as its own when offboarding: {@code DKIM_TARGET_DOMAIN} if it is set; else the
 * {@code SigningHostedZone} SES v2 gives for an identity, which AWS says may vary by region and cell; else the region's
 * Easy DKIM domain ({@link Settings#dkimDomainFor}), which is also what an emulator that says nothing leaves.
 *
 * <p>SES is asked once per execution environment, not once per domain: every SES call is paced at one a second, so an
 * extra call per domain would halve what onboarding can do. The first time a target is needed for a domain SES has an
 * identity for (the one just onboarded, re-checked, verified or offboarded), {@link #recordSpecFor} reads that
 * identity (one paced GetEmailIdentity) and keeps the answer, or the regional default if the answer has no
 * {@code SigningHostedZone}, for the life of the environment. An identity SES does not know, or a call that fails, leaves
 * the question open for a later domain, at most {@value #MAX_QUESTIONS} times, and answers the regional default
 * meanwhile, as before SES said anything. The holder belongs to one workflow: the SnapStart priming builds its own, so
 * nothing its canned answers say reaches the real one.
 */
public final class DkimTarget {

    private static final Logger log = LoggerFactory.getLogger(DkimTarget.class);

    /** How often an environment asks SES before it settles for the regional default. */
    static final int MAX_QUESTIONS = 3;

    private final Optional<DkimIdentities> ses;
    private final String fallback;
    private final long ttlSeconds;
    private volatile String learnt;
    private volatile boolean settled;
    private int questions;

    private DkimTarget(Optional<DkimIdentities> ses, String fallback, long ttlSeconds) {
        this.ses = ses;
        this.fallback = fallback;
        this.ttlSeconds = ttlSeconds;
        new RecordSpec(fallback, ttlSeconds);
    }

    /** Always {@code recordSpec}'s target: {@code DKIM_TARGET_DOMAIN} was set, or there is no SES to ask (tools, tests). */
    public static DkimTarget fixed(RecordSpec recordSpec) {
        return new DkimTarget(Optional.empty(), recordSpec.targetDomain(), recordSpec.ttlSeconds());
    }

    /** What SES says once asked through {@code ses}, the region's {@code regionalDefault} until then or if it says nothing. */
    public static DkimTarget askingSes(DkimIdentities ses, String regionalDefault, long ttlSeconds) {
        return new DkimTarget(Optional.of(Objects.requireNonNull(ses, "ses")), regionalDefault, ttlSeconds);
    }

    /**
     * The records as they are now, asking SES about {@code domain}'s identity first if this environment has not learnt
     * the target yet. {@code domain} must be one SES is expected to have an identity for.
     */
    public RecordSpec recordSpecFor(Domain domain) {
        if (!settled && ses.isPresent()) {
            learnFrom(domain, ses.get());
        }
        return recordSpec();
    }

    /** The records as they are now, without asking SES. */
    public RecordSpec recordSpec() {
        return new RecordSpec(learnt == null ? fallback : learnt, ttlSeconds);
    }

    private synchronized void learnFrom(Domain domain, DkimIdentities identities) {
        if (settled) {
            return;
        }
        questions++;
        try {
            Optional<IdentityDiagnosis> identity = identities.diagnosis(domain);
            if (identity.isPresent()) {
                Optional<String> zone = identity.get().signingHostedZone().flatMap(DnsText::hostName);
                learnt = zone.orElse(null);
                settled = true;
                log.info("DKIM records point at {}: {}", recordSpec().targetDomain(), zone.isPresent()
                        ? "SES's SigningHostedZone for " + domain : "SES gave no SigningHostedZone for " + domain
                        + ", so the region's Easy DKIM domain");
                return;
            }
            log.info("SES has no identity for {} to tell the DKIM target by; {} meanwhile", domain, fallback);
        } catch (RuntimeException e) {
            log.warn("could not ask SES which domain the DKIM records of {} point at; {} meanwhile: {}", domain, fallback,
                    e.toString());
        }
        if (questions >= MAX_QUESTIONS) {
            settled = true;
            log.warn("SES was asked {} times for the DKIM target without an answer; {} from now on", questions, fallback);
        }
    }
}
