package dev.sesdkim.onboarding.reliability;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.ses.model.SesRequest;
import software.amazon.awssdk.services.ses.model.VerifyDomainDkimRequest;
import software.amazon.awssdk.services.ses.model.VerifyDomainDkimResponse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Watches the function's SDK clients from inside: counts calls and HTTP attempts (the difference is the SDK's retries),
 * records the instant the SES pacer granted each SES attempt, keeps the DKIM tokens every VerifyDomainDkim returned,
 * and can make the function die at one Route 53 change, as a crashed Lambda would.
 */
final class CallObserver implements ExecutionInterceptor {

    /** What the function dies of in a simulated crash: an Error, so nothing in it catches and handles it. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(String domain) {
            super("simulated crash before writing the DKIM records of " + domain);
        }
    }

    /**
     * The pacer's clock: remembers, per thread, the last instant it told the pacer, which after {@code acquire()} is the
     * instant the pacer granted the call.
     */
    static final class GrantClock implements LongSupplier {
        private final ThreadLocal<Long> last = new ThreadLocal<>();

        @Override
        public long getAsLong() {
            long now = System.nanoTime();
            last.set(now);
            return now;
        }

        long lastGranted() {
            return last.get();
        }
    }

    private final GrantClock grantClock;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<Long> sesGrants = new ArrayList<>();
    private final Map<String, List<List<String>>> tokensByDomain = new HashMap<>();
    private String crashDomain;
    private int crashesLeft;

    CallObserver(GrantClock grantClock) {
        this.grantClock = grantClock;
    }

    /** Makes the function die, {@code times} times, right before it writes the records of {@code domain}. */
    synchronized void crashBeforeRecordsOf(String domain, int times) {
        crashDomain = domain;
        crashesLeft = times;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.incrementAndGet();
        if (context.request() instanceof ChangeResourceRecordSetsRequest change) {
            boolean ours = change.changeBatch().changes().stream()
                    .anyMatch(c -> c.resourceRecordSet().name().endsWith("._domainkey." + crashDomain));
            synchronized (this) {
                if (ours && crashesLeft > 0) {
                    crashesLeft--;
                    throw new SimulatedCrash(crashDomain);
                }
            }
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.incrementAndGet();
        if (context.request() instanceof SesRequest) {
            synchronized (this) {
                sesGrants.add(grantClock.lastGranted());
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.response() instanceof VerifyDomainDkimResponse response && context.request() instanceof VerifyDomainDkimRequest request) {
            synchronized (this) {
                tokensByDomain.computeIfAbsent(request.domain(), domain -> new ArrayList<>()).add(response.dkimTokens());
            }
        }
    }

    int calls() {
        return calls.get();
    }

    /** HTTP attempts beyond the first of each call: the SDK's retries. */
    int sdkRetries() {
        return attempts.get() - calls.get();
    }

    synchronized int sesAttempts() {
        return sesGrants.size();
    }

    /** The smallest gap between two consecutive SES grants, in nanoseconds; {@link Long#MAX_VALUE} below two. */
    synchronized long minSesGapNanos() {
        long min = Long.MAX_VALUE;
        for (int i = 1; i < sesGrants.size(); i++) {
            min = Math.min(min, sesGrants.get(i) - sesGrants.get(i - 1));
        }
        return min;
    }

    synchronized List<List<String>> tokensReturnedFor(String domain) {
        return List.copyOf(tokensByDomain.getOrDefault(domain, List.of()));
    }
}
