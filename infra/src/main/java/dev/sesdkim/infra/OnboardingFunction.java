package dev.sesdkim.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The onboarding function: the lambda module's jar on the newest Java runtime, SnapStart on a published version (unless
 * the deployer turned it off), and the onboarding queue feeding the {@value #ALIAS_NAME} alias (so every invocation
 * runs from a snapshot).
 */
public final class OnboardingFunction extends Construct {

    /**
     * @param code        the lambda module's shaded jar
     * @param settings    what the deployer chose
     * @param queues      the queue the function reads and the dead-letter queue it rejects input to
     * @param scheduling  where it schedules rechecks, and the role it hands to Scheduler
     * @param outcomeBus  where it publishes outcomes
     */
    public record Props(Code code, DeploymentSettings settings, OnboardingQueues queues, RecheckScheduling scheduling,
                        IEventBus outcomeBus) {
    }

    static final String HANDLER = "dev.sesdkim.onboarding.handler.OnboardingHandler::handleRequest";
    static final String ALIAS_NAME = "live";
    static final String EVENT_SOURCE = "dkim.onboarding";
    static final String MESSAGE_GROUP_ID = "dkim-onboarding";
    static final String SERVICE_NAME = "dkim-onboarding";
    /** CloudWatch namespace of the function's metrics; the dashboard and the rate alarms read them there. */
    static final String METRICS_NAMESPACE = "DkimOnboarding";

    /** Lambda allots CPU by memory and JVM start-up is CPU-bound; a starting point until measured. */
    static final int MEMORY_MB = 1024;

    /**
     * Regions where Lambda does not offer SnapStart, per the Lambda Developer Guide ("Improving startup performance with
     * Lambda SnapStart", Supported Regions: every commercial Region except Asia Pacific (New Zealand) and Asia Pacific
     * (Taipei); read 2026-11). Kept to what that page names; a region missing here still fails at deploy, not synthesis.
     */
    static final Set<String> REGIONS_WITHOUT_SNAPSTART = Set.of("ap-southeast-6", "ap-east-2");

    /** C1 only: the JIT work that pays off in a long-running JVM only slows a short invocation's cold start. */
    static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    private final Function function;
    private final Alias alias;
    private final LogGroup logGroup;

    public OnboardingFunction(Construct scope, String id, Props props) {
        super(scope, id);
        DeploymentSettings settings = props.settings();

        this.logGroup = new LogGroup(this, "LogGroup");
        ((CfnLogGroup) logGroup.getNode().getDefaultChild()).setRetentionInDays(settings.logRetentionDays());

        // Our own role rather than Lambda's default: the managed AWSLambdaBasicExecutionRole writes to any log group.
        Role role = Role.Builder.create(this, "ServiceRole")
                .description("The DKIM onboarding function")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .build();
        logGroup.grantWrite(role);
        OnboardingPermissions.statements(new OnboardingPermissions.Targets(props.queues().deadLetters(),
                        props.scheduling().group(), props.scheduling().schedulerRole(), props.outcomeBus(),
                        settings.writableHostedZones(), settings.mailFromLabel()))
                .forEach(role::addToPrincipalPolicy);

        this.function = Function.Builder.create(this, "Function")
                .description("Onboards SES sending domains with Easy DKIM records in Route 53")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER)
                .code(props.code())
                .memorySize(MEMORY_MB)
                .timeout(settings.functionTimeout())
                // Unset (the deployer's choice for a small account), the single FIFO message group still keeps one
                // batch in flight at a time.
                .reservedConcurrentExecutions(settings.reservedConcurrency().orElse(null))
                .snapStart(settings.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .role(role)
                .logGroup(logGroup)
                .environment(environment(props))
                .build();

        // currentVersion publishes a new version whenever code or configuration changes; SnapStart snapshots it.
        this.alias = Alias.Builder.create(this, "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "The alias above publishes a version; the queue invokes only that.");
        warnIfSnapStartIsNotOffered(settings);
        alias.addEventSource(SqsEventSource.Builder.create(props.queues().onboarding())
                .batchSize(DeploymentSettings.BATCH_SIZE)
                .reportBatchItemFailures(true)
                .build());

        suppressFindingsOnWildcards(role, settings);
        warnIfNothingIsReserved(settings);
    }

    /**
     * Without reserved concurrency, what reserved concurrency 1 guaranteed rests on the deployer: batches throttled when
     * the account's other functions use its concurrency come back counted towards the dead-letter queue, and a second
     * message group would let two execution environments each pace themselves to the SES limit.
     */
    private void warnIfNothingIsReserved(DeploymentSettings settings) {
        if (settings.reservedConcurrency().isEmpty()) {
            Annotations.of(this).addWarningV2("dev.sesdkim:noReservedConcurrency", "reservedConcurrency=none: when the "
                    + "account's other functions use up its concurrency, batches are throttled and their messages counted "
                    + "towards the dead-letter queue without running; and only the single message group "
                    + MESSAGE_GROUP_ID + " keeps SES under its limit (a second group means a second execution "
                    + "environment pacing itself). Raise the account's concurrency quota and deploy with the default "
                    + "when you can (docs/operations.md, Deploy).");
        }
    }

    /** Only a region known at synthesis can be checked; an environment-agnostic stack's region is a token. */
    private void warnIfSnapStartIsNotOffered(DeploymentSettings settings) {
        String region = Stack.of(this).getRegion();
        if (settings.snapStart() && !Token.isUnresolved(region) && REGIONS_WITHOUT_SNAPSTART.contains(region)) {
            Annotations.of(this).addWarningV2("dev.sesdkim:snapStartNotOffered", "Lambda does not offer SnapStart in "
                    + region + ", so cdk deploy would fail there: deploy with -c snapStart=false (docs/operations.md, Deploy).");
        }
    }

    /** Every setting {@code dev.sesdkim.onboarding.Settings} reads. AWS_REGION is Lambda's to set. */
    private static Map<String, String> environment(Props props) {
        DeploymentSettings settings = props.settings();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("RECHECK_QUEUE_ARN", props.queues().onboarding().getQueueArn());
        environment.put("DEAD_LETTER_QUEUE_URL", props.queues().deadLetters().getQueueUrl());
        environment.put("SCHEDULE_GROUP_NAME", props.scheduling().group().getScheduleGroupName());
        environment.put("SCHEDULER_ROLE_ARN", props.scheduling().schedulerRole().getRoleArn());
        environment.put("SCHEDULER_DEAD_LETTER_QUEUE_ARN", props.scheduling().deadLetters().getQueueArn());
        environment.put("EVENT_BUS_NAME", props.outcomeBus().getEventBusName());
        environment.put("EVENT_SOURCE", EVENT_SOURCE);
        environment.put("MESSAGE_GROUP_ID", MESSAGE_GROUP_ID);
        environment.put("SES_CALLS_PER_SECOND", settings.sesCallsPerSecondText());
        environment.put("DKIM_RECORD_TTL", Integer.toString(settings.dkimRecordTtlSeconds()));
        settings.dkimTargetDomain().ifPresent(domain -> environment.put("DKIM_TARGET_DOMAIN", domain));
        settings.dnsResolver().ifPresent(resolver -> environment.put("DNS_RESOLVER", resolver));
        settings.mailFromLabel().ifPresent(label -> environment.put("MAIL_FROM_LABEL", label));
        environment.put("WRITABLE_HOSTED_ZONES", settings.writableHostedZones());
        environment.put("POWERTOOLS_SERVICE_NAME", SERVICE_NAME);
        environment.put("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        return environment;
    }

    /** Each wildcard the function's policy holds, and why it is the narrowest the service allows. */
    private static void suppressFindingsOnWildcards(Role role, DeploymentSettings settings) {
        List<NagPackSuppression> suppressions = new ArrayList<>(List.of(
                wildcardSuppression("Resource::*", "ses:VerifyDomainDkim, ses:GetIdentityDkimAttributes and "
                        + "ses:DeleteIdentity (SES v1), route53:ListHostedZonesByName and scheduler:ListSchedules "
                        + "support no resource-level permissions; the SES and Scheduler ones are limited to this "
                        + "region by aws:RequestedRegion."),
                wildcardSuppression("Resource::arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/*",
                        "ses:GetEmailIdentity (SES v2) reads SES's diagnosis of any domain this function onboarded, and "
                                + "the domains are the producers' data, not known at deploy time; read-only, this account "
                                + "and region."),
                wildcardSuppression(RegexAppliesTo.builder()
                        .regex("/^Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule\\/[^/]+\\/\\*$/g")
                        .build(), "Recheck schedules are named per domain at run time; they are limited to this "
                        + "stack's schedule group.")));
        if (settings.allHostedZones()) {
            suppressions.add(wildcardSuppression("Resource::arn:<AWS::Partition>:route53:::hostedzone/*", "The "
                    + "deployer chose allHostedZones=true; condition keys still limit changes to UPSERT or DELETE "
                    + "of *._domainkey.* CNAME records."));
        }
        NagSuppressions.addResourceSuppressions(role, suppressions, true);
    }

    private static NagPackSuppression wildcardSuppression(Object appliesTo, String reason) {
        return NagPackSuppression.builder().id("AwsSolutions-IAM5").appliesTo(List.of(appliesTo)).reason(reason).build();
    }

    public IFunction function() {
        return function;
    }

    /** The published, SnapStart-enabled version the queue invokes. */
    public Alias alias() {
        return alias;
    }

    public ILogGroup logGroup() {
        return logGroup;
    }
}
