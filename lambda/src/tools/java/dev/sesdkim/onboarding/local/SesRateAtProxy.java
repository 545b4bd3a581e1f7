package dev.sesdkim.onboarding.local;

import java.util.Collection;
import java.util.Set;

/**
 * The SES DKIM requests as the {@link RecordingProxy} in front of the emulator saw them arrive: how many, the smallest
 * gap between two consecutive ones, and the rate sustained from the first to the last ({@code n - 1} gaps over that
 * span). Only VerifyDomainDkim and GetIdentityDkimAttributes count: they are the calls SES allows once per second.
 */
record SesRateAtProxy(int requests, double minGapSeconds, double callsPerSecond) {

    static final Set<String> RATE_LIMITED_ACTIONS = Set.of("VerifyDomainDkim", "GetIdentityDkimAttributes");

    /** From arrivals in any order (the proxy notes them on several threads); NaN figures below two requests. */
    static SesRateAtProxy of(Collection<RecordingProxy.Arrival> arrivals) {
        long[] times = arrivals.stream().filter(arrival -> RATE_LIMITED_ACTIONS.contains(arrival.action()))
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
