package dev.sesdkim.onboarding.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Which requests fail, and how: a share of all requests drawn from a seeded generator (so a failing run reproduces with
 * its seed), plus rules that always fail the requests they match (a poison message). The kinds are the transient errors
 * each service really returns; all of them are injected instead of the call, so moto never sees a failed request.
 */
final class FaultPlan {

    enum Kind {
        HTTP_500, HTTP_503, THROTTLING, PRIOR_REQUEST_NOT_COMPLETE, CONNECTION_RESET
    }

    private static final List<Kind> ROUTE53_KINDS = List.of(Kind.HTTP_500, Kind.HTTP_503, Kind.THROTTLING,
            Kind.PRIOR_REQUEST_NOT_COMPLETE, Kind.CONNECTION_RESET);
    private static final List<Kind> OTHER_KINDS = List.of(Kind.HTTP_500, Kind.HTTP_503, Kind.THROTTLING, Kind.CONNECTION_RESET);

    private record Rule(Predicate<AwsCall> matches, Kind kind) {
    }

    private final Random random;
    private final double rate;
    private final List<Rule> rules = new ArrayList<>();

    private FaultPlan(long seed, double rate) {
        this.random = new Random(seed);
        this.rate = rate;
    }

    static FaultPlan none() {
        return new FaultPlan(0, 0);
    }

    /** Fails {@code rate} of all requests, with a kind the request's service can return. */
    static FaultPlan random(long seed, double rate) {
        return new FaultPlan(seed, rate);
    }

    /** Also fails every request {@code matches} accepts, always with {@code kind}. */
    FaultPlan alwaysFail(Predicate<AwsCall> matches, Kind kind) {
        rules.add(new Rule(matches, kind));
        return this;
    }

    synchronized Optional<Kind> decide(AwsCall call) {
        for (Rule rule : rules) {
            if (rule.matches().test(call)) {
                return Optional.of(rule.kind());
            }
        }
        if (rate > 0 && random.nextDouble() < rate) {
            List<Kind> kinds = call.service().equals("Route53") ? ROUTE53_KINDS : OTHER_KINDS;
            return Optional.of(kinds.get(random.nextInt(kinds.size())));
        }
        return Optional.empty();
    }
}
