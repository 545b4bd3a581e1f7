package dev.sesdkim.onboarding.local;

import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ses.model.GetIdentityDkimAttributesResponse;
import software.amazon.awssdk.services.ses.model.IdentityDkimAttributes;
import software.amazon.awssdk.services.ses.model.VerificationStatus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A test seam for what moto cannot do: moto reports {@code Success} for every identity it knows at once, so this
 * rewrites moto's real GetIdentityDkimAttributes answer to {@code Pending} until a domain has been asked
 * {@code pendingChecks} times. With {@link Integer#MAX_VALUE}, domains stay pending until they time out.
 */
public final class PendingSeam implements ExecutionInterceptor {

    private final int pendingChecks;
    private final Predicate<String> counting;
    private final Map<String, Integer> asked = new HashMap<>();

    public PendingSeam(int pendingChecks) {
        this(pendingChecks, domain -> true);
    }

    private PendingSeam(int pendingChecks, Predicate<String> counting) {
        this.pendingChecks = pendingChecks;
        this.counting = counting;
    }

    /**
     * {@code Pending} while {@code recordsPublished} says a domain's records are not in DNS yet, and for the first
     * question after they are: like SES, which finds new records at one of its own later looks, not at once.
     */
    public static PendingSeam untilRecordsPublished(Predicate<String> recordsPublished) {
        return new PendingSeam(1, recordsPublished);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (!(context.response() instanceof GetIdentityDkimAttributesResponse statuses)) {
            return context.response();
        }
        Map<String, IdentityDkimAttributes> rewritten = new LinkedHashMap<>();
        statuses.dkimAttributes().forEach((domain, found) -> rewritten.put(domain, heldPending(domain)
                ? found.toBuilder().dkimVerificationStatus(VerificationStatus.PENDING).build()
                : found));
        return statuses.toBuilder().dkimAttributes(rewritten).build();
    }

    /**
     * Counts one more question about {@code domain} and says whether its answer is to read {@code Pending}; for callers
     * that see the answer elsewhere than in the SDK, such as a proxy in front of the emulator.
     */
    public synchronized boolean heldPending(String domain) {
        int times = counting.test(domain) ? asked.merge(domain, 1, Integer::sum) : 0;
        return times <= pendingChecks;
    }
}
