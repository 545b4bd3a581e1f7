package dev.sesdkim.infra;

import software.amazon.awscdk.Duration;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a deployer may choose, read once from CDK context ({@code -c name=value} or {@code cdk.json}). Every value has
 * a default, so {@code npx cdk synth} works with none; a malformed value fails synthesis with one line naming it.
 *
 * @param hostedZoneIds        {@code hostedZoneIds}: Route 53 zones the function may write DKIM records into, comma
 *                             separated ({@code Z0123…} or {@code /hostedzone/Z0123…}). Default: none.
 * @param allHostedZones       {@code allHostedZones}: {@code true} lets the function write DKIM records into every zone
 *                             in the account instead of {@code hostedZoneIds}. Default: {@code false}.
 * @param alarmEmail           {@code alarmEmail}: address subscribed to an SNS topic the alarms notify. Default: no
 *                             topic; the alarms exist but notify no one.
 * @param sesCallsPerSecond    {@code sesCallsPerSecond}: SES DKIM API calls per second the function allows itself.
 *                             Default: 1, the SES limit for these calls.
 * @param dkimRecordTtlSeconds {@code dkimRecordTtl}: TTL of the DKIM CNAME records, in seconds. Default: 1800.
 * @param logRetentionDays     {@code logRetentionDays}: days the function's logs are kept; one of the values CloudWatch
 *                             Logs accepts. Default: 30.
 * @param outcomeArchiveDays   {@code outcomeArchiveDays}: when set, outcome events are archived for this many days
 *                             (0 keeps them forever). Default: no archive.
 * @param dkimTargetDomain     {@code dkimTargetDomain}: domain the DKIM CNAMEs point at. Default: unset; the function
 *                             derives it from its region.
 * @param reservedConcurrency  {@code reservedConcurrency}: {@code 1}, or {@code none} (empty here) to reserve nothing,
 *                             for an account whose concurrency quota is under 101. Default: 1.
 * @param snapStart            {@code snapStart}: {@code false} turns SnapStart off, for a region where Lambda does not
 *                             offer it. Default: {@code true}.
 * @param verificationFailureAlarmPercent {@code verificationFailureAlarmPercent}: the share of the final outcomes of
 *                             an hour (verified, failed, timed out) that may be failures before an alarm. Default: 20.
 * @param verificationTimeoutAlarmPercent {@code verificationTimeoutAlarmPercent}: the same for time-outs. Default: 20.
 * @param dnsResolver          {@code dnsResolver}: {@code host} or {@code host:port} of the DNS resolver the function
 *                             checks the DKIM records through. Default: unset, the function uses its system's resolvers.
 * @param mailFromLabel        {@code mailFromLabel}: the custom MAIL FROM label (such as {@code bounce}) onboarding sets
 *                             up below every domain whose message names no {@code mailFrom}; the IAM policy lets the
 *                             function write MX and TXT records at {@code <label>.*}. Default: unset, no MAIL FROM
 *                             domain unless a message asks (and then only where IAM allows; see README).
 */
public record DeploymentSettings(
        List<String> hostedZoneIds,
        boolean allHostedZones,
        Optional<String> alarmEmail,
        double sesCallsPerSecond,
        int dkimRecordTtlSeconds,
        int logRetentionDays,
        Optional<Integer> outcomeArchiveDays,
        Optional<String> dkimTargetDomain,
        Optional<Integer> reservedConcurrency,
        boolean snapStart,
        int verificationFailureAlarmPercent,
        int verificationTimeoutAlarmPercent,
        Optional<String> dnsResolver,
        Optional<String> mailFromLabel) {

    /**
     * A fifth of an hour's final outcomes failing or timing out is far beyond the odd customer who never adds the records,
     * and points at something systematic (a zone not delegated, a wrong DKIM target domain, SES in trouble).
     */
    static final int DEFAULT_ALARM_PERCENT = 20;

    /** Messages per Lambda invocation; SQS FIFO event sources allow at most 10. */
    public static final int BATCH_SIZE = 10;

    /**
     * The SES calls every message of a batch may make whatever the data, with a custom MAIL FROM domain:
     * VerifyDomainDkim and SetIdentityMailFromDomain for an onboard, GetIdentityMailFromDomainAttributes and
     * DeleteIdentity for an offboard in a deployment with {@code mailFromLabel}, and for a re-check message (at most 100
     * domains) GetIdentityDkimAttributes and GetIdentityMailFromDomainAttributes. What grows with the data (onboarding
     * again the domains of a re-check SES does not know) is not counted: it stops at the reserve.
     */
    static final int SES_CALLS_PER_MESSAGE = 2;

    /** Route 53, Scheduler, EventBridge and SQS round trips of a batch's messages, with room for SDK retries. */
    static final int AWS_ROUND_TRIPS_SECONDS = 30;

    /**
     * The time the function keeps at the end of an invocation beyond {@value #SES_CALLS_PER_STEP} SES pacing intervals
     * (the function's {@code Settings.RESERVE_SECONDS} and {@code Settings.SES_CALLS_PER_STEP};
     * FunctionEnvironmentContractTest holds them equal): once less than it and those intervals is left, a batch starts
     * nothing that can wait.
     */
    static final int RESERVE_SECONDS = 20;

    /**
     * The most SES calls one step of a batch makes (an onboard with a MAIL FROM domain makes two, three if it is the
     * first of its execution environment and asks SES for the signing domain): one interval each.
     */
    static final int SES_CALLS_PER_STEP = 3;

    /** Short enough to notice a stuck function quickly. */
    static final int MINIMUM_FUNCTION_TIMEOUT_SECONDS = 60;

    static final int LAMBDA_MAXIMUM_TIMEOUT_SECONDS = 900;

    /**
     * One execution environment at a time keeps the whole deployment under the SES rate the function paces itself to,
     * however many message groups producers use; several would each pace themselves, so 1 is the only number allowed.
     */
    static final int RESERVED_CONCURRENCY = 1;

    /** The {@code reservedConcurrency} value that reserves nothing. */
    static final String NO_RESERVED_CONCURRENCY = "none";

    /** The retention periods CloudWatch Logs accepts. */
    static final List<Integer> LOG_RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern HOSTED_ZONE_ID = Pattern.compile("[A-Z0-9]{1,32}");
    private static final Pattern RESOLVER = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /** One DNS label, as the function's MAIL_FROM_LABEL takes it. */
    private static final Pattern LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOMAIN = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");

    public DeploymentSettings {
        hostedZoneIds = List.copyOf(hostedZoneIds);
        if (allHostedZones && !hostedZoneIds.isEmpty()) {
            throw new InvalidContextException("Context allHostedZones=true and hostedZoneIds are both set; choose one");
        }
        if (!(sesCallsPerSecond > 0) || !Double.isFinite(sesCallsPerSecond)) {
            throw new InvalidContextException("Context sesCallsPerSecond=" + sesCallsPerSecond + " must be a positive number");
        }
        if (dkimRecordTtlSeconds <= 0) {
            throw new InvalidContextException("Context dkimRecordTtl=" + dkimRecordTtlSeconds + " must be a positive number of seconds");
        }
        if (!LOG_RETENTION_DAYS.contains(logRetentionDays)) {
            throw new InvalidContextException("Context logRetentionDays=" + logRetentionDays + " must be one of " + LOG_RETENTION_DAYS);
        }
        if (outcomeArchiveDays.filter(days -> days < 0).isPresent()) {
            throw new InvalidContextException("Context outcomeArchiveDays=" + outcomeArchiveDays.get() + " must be 0 (forever) or more");
        }
        for (int percent : List.of(verificationFailureAlarmPercent, verificationTimeoutAlarmPercent)) {
            if (percent < 1 || percent > 100) {
                throw new InvalidContextException("Context verificationFailureAlarmPercent and verificationTimeoutAlarmPercent"
                        + " must be whole percentages from 1 to 100, not " + percent);
            }
        }
        if (timeoutSecondsFor(sesCallsPerSecond) > LAMBDA_MAXIMUM_TIMEOUT_SECONDS) {
            throw new InvalidContextException("Context sesCallsPerSecond=" + sesCallsPerSecond + " is too slow to finish a"
                    + " batch of " + BATCH_SIZE + " messages, " + SES_CALLS_PER_MESSAGE + " SES calls each, within Lambda's"
                    + " 15-minute limit; it must be at least " + slowestSesCallsPerSecond().toPlainString());
        }
    }

    /** The defaults: what {@code npx cdk synth} with no context deploys. */
    public static DeploymentSettings defaults() {
        return fromContext(name -> null);
    }

    /** Reads every setting from CDK context; {@code context} returns null for a name that is not set. */
    public static DeploymentSettings fromContext(Function<String, Object> context) {
        return new DeploymentSettings(
                hostedZoneIds(context.apply("hostedZoneIds")),
                bool("allHostedZones", context.apply("allHostedZones"), false),
                text(context.apply("alarmEmail")).map(email -> matching("alarmEmail", email, EMAIL)),
                text(context.apply("sesCallsPerSecond")).map(value -> number("sesCallsPerSecond", value)).orElse(1.0),
                text(context.apply("dkimRecordTtl")).map(value -> whole("dkimRecordTtl", value)).orElse(1800),
                text(context.apply("logRetentionDays")).map(value -> whole("logRetentionDays", value)).orElse(30),
                text(context.apply("outcomeArchiveDays")).map(value -> whole("outcomeArchiveDays", value)),
                text(context.apply("dkimTargetDomain")).map(domain -> matching("dkimTargetDomain", domain, DOMAIN)),
                reservedConcurrency(context.apply("reservedConcurrency")),
                bool("snapStart", context.apply("snapStart"), true),
                text(context.apply("verificationFailureAlarmPercent"))
                        .map(value -> whole("verificationFailureAlarmPercent", value)).orElse(DEFAULT_ALARM_PERCENT),
                text(context.apply("verificationTimeoutAlarmPercent"))
                        .map(value -> whole("verificationTimeoutAlarmPercent", value)).orElse(DEFAULT_ALARM_PERCENT),
                text(context.apply("dnsResolver")).map(resolver -> matching("dnsResolver", resolver, RESOLVER)),
                text(context.apply("mailFromLabel")).map(label -> matching("mailFromLabel", label, LABEL)
                        .toLowerCase(java.util.Locale.ROOT)));
    }

    /**
     * The function's timeout, from the worst case of a batch at the configured SES rate {@code r} (one call every
     * {@code i = 1/r} seconds):
     * <ul>
     *     <li>Whatever the data, a batch of {@value #BATCH_SIZE} messages makes {@value #SES_CALLS_PER_MESSAGE} SES
     *     calls per message, {@code 10·2·i = 20·i}, and their other AWS round trips, {@value #AWS_ROUND_TRIPS_SECONDS}
     *     s.</li>
     *     <li>Work that grows with the data (reading the whole schedule group for offboards, onboarding again the
     *     domains SES does not know, two Route 53 reads per failed domain, an event or a schedule per domain of a
     *     thousand re-checked) asks the time budget before each step and stops once less than the reserve
     *     {@code R = }{@value #RESERVE_SECONDS}{@code  s + 3·i} is left: the messages not started are redelivered, and
     *     the re-check work not done is carried forward to a new re-check. So it takes what is left of the timeout,
     *     never more, and adds nothing here.</li>
     *     <li>{@code R} covers what still runs after that point: the step under way (at most three SES calls, whose
     *     waits for the pacer are the {@code 3·i}, and a few Route 53 calls), then the first re-checks of the domains onboarded (one
     *     schedule, and one more for at most 100 onboarded again), their announcements, and at most ten schedules for
     *     what was carried forward.</li>
     * </ul>
     * So the timeout is {@code 20·i + 30 s + R = 50 s + 23·i}, at least {@value #MINIMUM_FUNCTION_TIMEOUT_SECONDS} s:
     * 73 s at the default rate of one call per second. A batch with nothing that grows with the data then finishes
     * before the reserve, and no batch outlives the timeout: the longest stops at {@code R} before it and ends with what
     * {@code R} covers. It must stay within Lambda's 15 minutes, which bounds the rate from below
     * ({@link #slowestSesCallsPerSecond()}, about 0.027 calls per second).
     */
    public Duration functionTimeout() {
        return Duration.seconds(functionTimeoutSeconds());
    }

    int functionTimeoutSeconds() {
        return timeoutSecondsFor(sesCallsPerSecond);
    }

    /**
     * The zones the function may write, as it reads them from {@code WRITABLE_HOSTED_ZONES}: {@code *} for every zone,
     * {@code none}, or the ids. The same values the IAM policy grants ChangeResourceRecordSets on, so the function
     * knows before calling SES whether a domain's records are its to write.
     */
    public String writableHostedZones() {
        if (allHostedZones) {
            return "*";
        }
        return hostedZoneIds.isEmpty() ? "none" : String.join(",", hostedZoneIds);
    }

    /** How the function reads the rate back: {@code 1}, not {@code 1.0}. */
    public String sesCallsPerSecondText() {
        return BigDecimal.valueOf(sesCallsPerSecond).stripTrailingZeros().toPlainString();
    }

    /**
     * The slowest rate whose timeout fits Lambda's limit, rounded up to three digits: {@code 50 s + 23·i <= 900 s}, so
     * {@code i <= 850 / 23} seconds.
     */
    static BigDecimal slowestSesCallsPerSecond() {
        double pacedCalls = BATCH_SIZE * SES_CALLS_PER_MESSAGE + SES_CALLS_PER_STEP;
        double time = LAMBDA_MAXIMUM_TIMEOUT_SECONDS - AWS_ROUND_TRIPS_SECONDS - RESERVE_SECONDS;
        return new BigDecimal(pacedCalls / time).round(new MathContext(3, RoundingMode.UP));
    }

    private static int timeoutSecondsFor(double sesCallsPerSecond) {
        double interval = 1 / sesCallsPerSecond;
        double batch = BATCH_SIZE * SES_CALLS_PER_MESSAGE * interval + AWS_ROUND_TRIPS_SECONDS;
        double reserve = RESERVE_SECONDS + SES_CALLS_PER_STEP * interval;
        return (int) Math.max(MINIMUM_FUNCTION_TIMEOUT_SECONDS, Math.ceil(batch + reserve));
    }

    private static List<String> hostedZoneIds(Object value) {
        Collection<?> items = value instanceof Collection<?> list ? list : Arrays.asList(String.valueOf(value == null ? "" : value).split(","));
        return items.stream()
                .map(String::valueOf)
                .map(String::strip)
                .filter(id -> !id.isEmpty())
                .map(id -> id.replaceFirst("^/?hostedzone/", ""))
                .map(id -> matching("hostedZoneIds", id, HOSTED_ZONE_ID))
                .distinct()
                .toList();
    }

    private static Optional<String> text(Object value) {
        return Optional.ofNullable(value).map(String::valueOf).map(String::strip).filter(text -> !text.isEmpty());
    }

    private static boolean bool(String name, Object value, boolean fallback) {
        return text(value).map(text -> switch (text.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidContextException("Context " + name + "=" + text + " must be true or false");
        }).orElse(fallback);
    }

    /** {@code 0} is refused rather than read as "none": Lambda reads 0 reserved as "never run this function". */
    private static Optional<Integer> reservedConcurrency(Object value) {
        Optional<String> text = text(value);
        if (text.isEmpty()) {
            return Optional.of(RESERVED_CONCURRENCY);
        }
        if (text.get().equalsIgnoreCase(NO_RESERVED_CONCURRENCY)) {
            return Optional.empty();
        }
        if (text.get().equals(String.valueOf(RESERVED_CONCURRENCY))) {
            return Optional.of(RESERVED_CONCURRENCY);
        }
        throw new InvalidContextException("Context reservedConcurrency=" + text.get() + " must be "
                + RESERVED_CONCURRENCY + " or " + NO_RESERVED_CONCURRENCY + " (none reserves nothing; 0 would stop the "
                + "function)");
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidContextException("Context " + name + "=" + value + " is not a number");
        }
    }

    private static int whole(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidContextException("Context " + name + "=" + value + " is not a whole number");
        }
    }

    private static String matching(String name, String value, Pattern pattern) {
        if (!pattern.matcher(value).matches()) {
            throw new InvalidContextException("Context " + name + "=" + value + " is malformed (see docs/operations.md, Deploy)");
        }
        return value;
    }

    /** A context value is malformed; the message is the one line to show. */
    public static final class InvalidContextException extends IllegalArgumentException {
        public InvalidContextException(String message) {
            super(message);
        }
    }
}
