package dev.sesdkim.onboarding.local;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The SES DKIM requests as the {@link RecordingProxy} in front of the emulator saw them arrive: how many, the smallest
 * gap between two consecutive ones, and the rate sustained from the first to the last ({@code n - 1} gaps over that
 * span). Only VerifyDomainDkim and GetIdentityDkimAttributes count: they are the calls SES allows once per second;
 * with a custom MAIL FROM domain, the MAIL FROM calls paced beside them count too.
 */
record SesRateAtProxy(int requests, double minGapSeconds, double callsPerSecond) {

    static final Set<String> RATE_LIMITED_ACTIONS = Set.of("VerifyDomainDkim", "GetIdentityDkimAttributes");

    /**
     * With a custom MAIL FROM domain, the DKIM calls and the two beside them, SetIdentityMailFromDomain and
     * GetIdentityMailFromDomainAttributes: the function paces them with the same pacer, so they share the one call per
     * second and count towards the rate and the gaps SES sees.
     */
    static final Set<String> RATE_LIMITED_ACTIONS_WITH_MAIL_FROM = Stream.concat(RATE_LIMITED_ACTIONS.stream(),
            Stream.of("SetIdentityMailFromDomain", "GetIdentityMailFromDomainAttributes")).collect(Collectors.toUnmodifiableSet());

    /** From arrivals in any order (the proxy notes them on several threads); NaN figures below two requests. */
    static SesRateAtProxy of(Collection<RecordingProxy.Arrival> arrivals) {
        return of(arrivals, RATE_LIMITED_ACTIONS);
    }

    /** As above, counting the requests whose action is one of {@code counted}. */
    static SesRateAtProxy of(Collection<RecordingProxy.Arrival> arrivals, Set<String> counted) {
        long[] times = arrivals.stream().filter(arrival -> counted.contains(arrival.action()))
                .mapToLong(RecordingProxy.Arrival::nanos).sorted().toArray();
        if (times.length < 2) {
            return new SesRateAtProxy(times.length, Double.NaN, Double.NaN);
        }
        long minGap = Long.MAX_VALUE;
        for (int i = 1; i < times.length; i++) {
            minGap = Math.min(minGap, times[i] - times[i - 1]);
        }
        double span = (times[times.length - 1] - times[0]) / 1e9;
        return new SesRateAtProxy(times.length, minGap / 1e9, (times.length - 1) / span);
    }
}
