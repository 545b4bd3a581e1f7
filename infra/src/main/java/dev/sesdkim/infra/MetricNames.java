package dev.sesdkim.infra;

/**
 * The names the function writes its metrics under (its {@code EmfMetrics}); a stack test holds the two to each other.
 */
final class MetricNames {

    static final String ONBOARDED = "Onboarded";
    static final String RECORDS_PUBLISHED = "RecordsPublished";
    static final String MANUAL_DNS_REQUIRED = "ManualDnsRequired";
    static final String VERIFIED = "Verified";
    static final String VERIFICATION_FAILED = "VerificationFailed";
    static final String VERIFICATION_TIMED_OUT = "VerificationTimedOut";
    static final String REJECTED = "Rejected";
    static final String OFFBOARDED = "Offboarded";
    static final String STATUS_REPORTED = "StatusReported";
    static final String TIME_TO_VERIFIED_MINUTES = "TimeToVerifiedMinutes";
    static final String RECHECK_BACKLOG = "RecheckBacklog";
    static final String SES_CALLS = "SesCalls";
    static final String SES_PACING_WAIT = "SesPacingWait";
    static final String THROTTLES = "Throttles";
    static final String RETRIES = "Retries";
    static final String REASON_CLASS = "ReasonClass";
    static final String AWS_SERVICE = "AwsService";
    /** Powertools' dimension of the counts without one of their own; its value is the function's service name. */
    static final String SERVICE_DIMENSION = "Service";

    private MetricNames() {
    }
}
