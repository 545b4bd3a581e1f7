package dev.sesdkim.onboarding;

/**
 * What the workflow tells operators' metrics, at the few points where it is known: each outcome once it is published
 * (so a redelivered message that failed to publish is not counted), the size of each re-check wave, and the end of a
 * batch, when what was counted is written out. Never anything about one domain or tenant: the dimensions stay few.
 * The AWS calls themselves (SES calls, throttles, retries, the pacing wait) are counted by the adapters.
 */
public interface OnboardingMetrics {

    /** Counts nothing: for tests and tools that do not look at metrics. */
    OnboardingMetrics NONE = new OnboardingMetrics() {
        @Override
        public void published(Outcome outcome) {
        }

        @Override
        public void recheckWave(int domains) {
        }

        @Override
        public void batchDone() {
        }
    };

    /** {@code outcome} was accepted by the bus. */
    void published(Outcome outcome);

    /** A re-check wave (the re-check messages of one batch) holds {@code domains} distinct domains. */
    void recheckWave(int domains);

    /** The batch is over: write out what was counted during it. */
    void batchDone();

    /**
     * Why a message was rejected, as a class with few values, for a metric dimension; the reason's text is for people.
     * Each class is told by the start its reasons share (see where {@link RejectedInputException}s are made).
     */
    enum RejectionClass {
        /** Not JSON, not an object, an unknown action, a field missing or of the wrong type. */
        MALFORMED_MESSAGE("MalformedMessage"),
        /** A domain name that is not valid. */
        INVALID_DOMAIN("InvalidDomain"),
        /** A hosted zone that does not exist, does not cover the domain, is private or may not be written. */
        HOSTED_ZONE("HostedZone"),
        /** A verify message for a domain SES has no DKIM identity for. */
        NOT_ONBOARDED("NotOnboarded"),
        /** SES or Route 53 refused the change, or IAM denied it. */
        REFUSED("Refused"),
        OTHER("Other");

        private final String dimensionValue;

        RejectionClass(String dimensionValue) {
            this.dimensionValue = dimensionValue;
        }

        public String dimensionValue() {
            return dimensionValue;
        }

        public static RejectionClass of(String reason) {
            if (reason.startsWith("domain ") && reason.contains(" is not onboarded")) {
                return NOT_ONBOARDED;
            }
            if (reason.startsWith("domain ")) {
                return INVALID_DOMAIN;
            }
            if (reason.startsWith("message body") || reason.startsWith("field ") || reason.startsWith("action ")
                    || reason.startsWith("each entry of")) {
                return MALFORMED_MESSAGE;
            }
            if (reason.startsWith("hosted zone") || reason.startsWith("hostedZoneId") || reason.startsWith("there are ")) {
                return HOSTED_ZONE;
            }
            if (reason.startsWith("SES refused") || reason.startsWith("Route 53 refused") || reason.startsWith("this function may not")) {
                return REFUSED;
            }
            return OTHER;
        }
    }
}
