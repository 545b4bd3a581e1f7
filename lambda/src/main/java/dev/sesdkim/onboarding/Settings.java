package dev.sesdkim.onboarding;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every setting the function reads, taken from the environment once at start-up. A missing or malformed setting
 * fails start-up with one line that names it. {@code containerCredentials} is set by Lambda, not by the stack: a
 * SnapStart function gets its credentials from the container credentials endpoint
 * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}) instead of the access key variables.
 */
public record Settings(
        String region,
        Optional<URI> endpointUrl,
        String recheckQueueArn,
        String deadLetterQueueUrl,
        String scheduleGroupName,
        String schedulerRoleArn,
        String schedulerDeadLetterQueueArn,
        String eventBusName,
        String eventSource,
        String messageGroupId,
        double sesCallsPerSecond,
        long dkimRecordTtlSeconds,
        String dkimTargetDomain,
        WritableZones writableZones,
        boolean containerCredentials,
        String metricsNamespace,
        Optional<DnsResolver> dnsResolver,
        boolean dkimTargetDomainSet,
        Optional<String> mailFromLabel) {

    public static final String DEFAULT_DKIM_DOMAIN = "dkim.amazonses.com";

    // The environment variables the function reads: the one list of their names, which the local runner uses and the
    // stack's tests hold the stack to (they parse the synthesised environment with this class).
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String RECHECK_QUEUE_ARN = "RECHECK_QUEUE_ARN";
    public static final String DEAD_LETTER_QUEUE_URL = "DEAD_LETTER_QUEUE_URL";
    public static final String SCHEDULE_GROUP_NAME = "SCHEDULE_GROUP_NAME";
    public static final String SCHEDULER_ROLE_ARN = "SCHEDULER_ROLE_ARN";
    public static final String SCHEDULER_DEAD_LETTER_QUEUE_ARN = "SCHEDULER_DEAD_LETTER_QUEUE_ARN";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String EVENT_SOURCE = "EVENT_SOURCE";
    public static final String MESSAGE_GROUP_ID = "MESSAGE_GROUP_ID";
    public static final String SES_CALLS_PER_SECOND = "SES_CALLS_PER_SECOND";
    public static final String DKIM_RECORD_TTL = "DKIM_RECORD_TTL";
    public static final String DKIM_TARGET_DOMAIN = "DKIM_TARGET_DOMAIN";
    public static final String WRITABLE_HOSTED_ZONES = WritableZones.VARIABLE;
    /** Powertools' own name for it, so the function and Powertools can never disagree. */
    public static final String METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    public static final String DNS_RESOLVER = "DNS_RESOLVER";
    public static final String MAIL_FROM_LABEL = "MAIL_FROM_LABEL";
    /** Set by Lambda for a SnapStart function, not by the stack. */
    public static final String AWS_CONTAINER_CREDENTIALS_FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    public static final String DEFAULT_EVENT_SOURCE = "dkim.onboarding";
    public static final String DEFAULT_MESSAGE_GROUP_ID = "dkim-onboarding";
    public static final double DEFAULT_SES_CALLS_PER_SECOND = 1.0;
    public static final long DEFAULT_DKIM_RECORD_TTL = 1800;
    public static final String DEFAULT_METRICS_NAMESPACE = "DkimOnboarding";

    /**
     * The time an invocation keeps at its end beyond {@link #SES_CALLS_PER_STEP} SES pacing intervals (see
     * {@code OnboardingWorkflow.RESERVE}). Here because the stack derives the function's timeout from the same figures
     * (infra {@code DeploymentSettings}, held equal to these by a test).
     */
    public static final int RESERVE_SECONDS = 20;

    /**
     * The most paced SES calls one step of a batch makes: an onboard with a custom MAIL FROM domain makes
     * VerifyDomainDkim and SetIdentityMailFromDomain, and the first onboard of an execution environment also asks
     * GetEmailIdentity for the signing domain; an offboard asks GetIdentityMailFromDomainAttributes before DeleteIdentity;
     * a hundred re-checked domains cost GetIdentityDkimAttributes and GetIdentityMailFromDomainAttributes.
     */
    public static final int SES_CALLS_PER_STEP = 3;

    /**
     * Regions whose Easy DKIM records point at a regional domain rather than {@value #DEFAULT_DKIM_DOMAIN}
     * (AWS General Reference, "Amazon SES endpoints and quotas", Easy DKIM domains). {@code DKIM_TARGET_DOMAIN}
     * overrides this for a region added after this list.
     */
    private static final Map<String, String> REGIONAL_DKIM_DOMAINS = Map.ofEntries(
            regional("af-south-1"), regional("ap-northeast-3"), regional("ap-south-2"), regional("ap-southeast-3"),
            regional("ap-southeast-5"), regional("ca-west-1"), regional("eu-central-2"), regional("eu-south-1"),
            regional("il-central-1"), regional("me-central-1"), regional("us-gov-east-1"));

    private static final Pattern SQS_QUEUE_ARN = Pattern.compile("arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,80}");

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> env) {
        String region = required(env, AWS_REGION);
        return new Settings(
                region,
                optional(env, AWS_ENDPOINT_URL).map(value -> uri(AWS_ENDPOINT_URL, value)),
                required(env, RECHECK_QUEUE_ARN),
                required(env, DEAD_LETTER_QUEUE_URL),
                required(env, SCHEDULE_GROUP_NAME),
                required(env, SCHEDULER_ROLE_ARN),
                standardQueueArn(env, SCHEDULER_DEAD_LETTER_QUEUE_ARN),
                required(env, EVENT_BUS_NAME),
                optional(env, EVENT_SOURCE).orElse(DEFAULT_EVENT_SOURCE),
                optional(env, MESSAGE_GROUP_ID).orElse(DEFAULT_MESSAGE_GROUP_ID),
                positiveDouble(env, SES_CALLS_PER_SECOND, DEFAULT_SES_CALLS_PER_SECOND),
                positiveLong(env, DKIM_RECORD_TTL, DEFAULT_DKIM_RECORD_TTL),
                optional(env, DKIM_TARGET_DOMAIN).orElseGet(() -> dkimDomainFor(region)),
                writableZones(env),
                optional(env, AWS_CONTAINER_CREDENTIALS_FULL_URI).isPresent(),
                metricsNamespace(env),
                optional(env, DNS_RESOLVER).map(Settings::dnsResolver),
                optional(env, DKIM_TARGET_DOMAIN).isPresent(),
                optional(env, MAIL_FROM_LABEL).map(Settings::mailFromLabel));
    }

    /** ASCII only, either case: lower-casing first would let through a character like the Kelvin sign, which becomes k. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?", Pattern.CASE_INSENSITIVE);

    /**
     * Whether {@code value} is one DNS label (1-63 letters, digits and inner hyphens, either case), the rule
     * {@code MAIL_FROM_LABEL} is held to here and the stack's {@code mailFromLabel} context value in DeploymentSettings:
     * one DNS label, so that with any valid domain the name fits in DNS's 253 characters (a domain is at most 178).
     */
    public static boolean isMailFromLabel(String value) {
        return LABEL.matcher(value).matches();
    }

    /** The MAIL FROM label onboarding uses for a message that names none, lower-cased. */
    private static String mailFromLabel(String value) {
        if (!isMailFromLabel(value)) {
            throw new InvalidSettingException("Setting " + MAIL_FROM_LABEL + "=" + value + " is not one DNS label"
                    + " (1-63 letters, digits and inner hyphens), like bounce");
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    /** The MAIL FROM records' settings: the default label, and the region whose SES receives the bounces. */
    public MailFromPolicy mailFromPolicy() {
        return new MailFromPolicy(mailFromLabel, region, dkimRecordTtlSeconds);
    }

    /**
     * What the DKIM records look like before SES has said anything: {@code DKIM_TARGET_DOMAIN} (or the region's) and
     * {@code DKIM_RECORD_TTL}.
     */
    public RecordSpec recordSpec() {
        return new RecordSpec(dkimTargetDomain, dkimRecordTtlSeconds);
    }

    /**
     * Where this environment's DKIM records point: {@code DKIM_TARGET_DOMAIN} when it is set, else what SES, asked
     * through {@code ses} once, gives as the identities' signing hosted zone, else the region's (see {@link DkimTarget}).
     */
    public DkimTarget dkimTarget(DkimIdentities ses) {
        return dkimTargetDomainSet ? DkimTarget.fixed(recordSpec())
                : DkimTarget.askingSes(ses, dkimTargetDomain, dkimRecordTtlSeconds);
    }

    /** The domain Easy DKIM CNAMEs point at in {@code region}. */
    public static String dkimDomainFor(String region) {
        return REGIONAL_DKIM_DOMAINS.getOrDefault(region, DEFAULT_DKIM_DOMAIN);
    }

    private static Map.Entry<String, String> regional(String region) {
        return Map.entry(region, "dkim." + region + ".amazonses.com");
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new InvalidSettingException("Missing required setting " + name
                + " (an environment variable; see docs/operations.md, Settings)"));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /**
     * Scheduler refuses a FIFO queue as a schedule's dead-letter queue, and would say so only at the first
     * CreateSchedule: checked here so a wrong value fails start-up instead of the first onboarding.
     */
    private static String standardQueueArn(Map<String, String> env, String name) {
        String value = required(env, name);
        if (!SQS_QUEUE_ARN.matcher(value).matches() || value.endsWith(".fifo")) {
            throw new InvalidSettingException("Setting " + name + "=" + value
                    + " is not the ARN of a standard SQS queue (Scheduler accepts no FIFO queue as a dead-letter queue)");
        }
        return value;
    }

    private static URI uri(String name, String value) {
        try {
            URI uri = URI.create(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("Setting " + name + "=" + value + " is not a URL like http://localhost:5000");
        }
    }

    /** Unset grants no zone: the function writes only where the deployment says it may. */
    private static WritableZones writableZones(Map<String, String> env) {
        return optional(env, WRITABLE_HOSTED_ZONES).map(value -> {
            try {
                return WritableZones.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("Setting " + WritableZones.VARIABLE + "=" + value + " is not "
                        + WritableZones.ALL + ", " + WritableZones.NONE + " or a comma-separated list of hosted zone ids: "
                        + e.getMessage());
            }
        }).orElse(WritableZones.NO_ZONE);
    }

    /** The same settings with every zone writable: for the SnapStart priming, whose zone exists only in canned responses. */
    public Settings withEveryZoneWritable() {
        return new Settings(region, endpointUrl, recheckQueueArn, deadLetterQueueUrl, scheduleGroupName, schedulerRoleArn,
                schedulerDeadLetterQueueArn,
                eventBusName, eventSource, messageGroupId, sesCallsPerSecond, dkimRecordTtlSeconds, dkimTargetDomain,
                WritableZones.EVERY_ZONE, containerCredentials, metricsNamespace, dnsResolver, dkimTargetDomainSet,
                mailFromLabel);
    }

    /** CloudWatch namespaces: 1 to 255 characters of letters, digits and {@code . - _ / # :}, not starting with AWS/. */
    private static String metricsNamespace(Map<String, String> env) {
        String value = optional(env, METRICS_NAMESPACE).orElse(DEFAULT_METRICS_NAMESPACE);
        if (!value.matches("[A-Za-z0-9.\\-_/#:]{1,255}") || value.startsWith("AWS/")) {
            throw new InvalidSettingException("Setting " + METRICS_NAMESPACE + "=" + value + " is not a CloudWatch namespace"
                    + " (1-255 letters, digits and . - _ / # :, not starting with AWS/)");
        }
        return value;
    }

    private static double positiveDouble(Map<String, String> env, String name, double fallback) {
        return optional(env, name).map(value -> {
            try {
                double parsed = Double.parseDouble(value);
                if (parsed > 0 && Double.isFinite(parsed)) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the setting's name
            }
            throw new InvalidSettingException("Setting " + name + "=" + value + " is not a positive number");
        }).orElse(fallback);
    }

    private static long positiveLong(Map<String, String> env, String name, long fallback) {
        return optional(env, name).map(value -> {
            try {
                long parsed = Long.parseLong(value);
                if (parsed > 0) {
                    return parsed;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the setting's name
            }
            throw new InvalidSettingException("Setting " + name + "=" + value + " is not a positive whole number");
        }).orElse(fallback);
    }

    /**
     * The DNS resolver the DKIM records are checked through ({@code DNS_RESOLVER}, {@code host} or {@code host:port}, an
     * IPv4 address or a name); unset, the system's resolvers.
     */
    public record DnsResolver(String host, int port) {
        public static final int DNS_PORT = 53;
    }

    private static final Pattern RESOLVER = Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)(?::(\\d{1,5}))?");

    private static DnsResolver dnsResolver(String value) {
        java.util.regex.Matcher matcher = RESOLVER.matcher(value);
        if (matcher.matches()) {
            int port = matcher.group(2) == null ? DnsResolver.DNS_PORT : Integer.parseInt(matcher.group(2));
            if (port >= 1 && port <= 65535) {
                return new DnsResolver(matcher.group(1), port);
            }
        }
        throw new InvalidSettingException("Setting " + DNS_RESOLVER + "=" + value + " is not host or host:port, like"
                + " 10.0.0.2 or 127.0.0.1:5353");
    }

    /** A setting is missing or malformed; the message is the one line to show. */
    public static final class InvalidSettingException extends RuntimeException {
        public InvalidSettingException(String message) {
            super(message);
        }
    }
}
