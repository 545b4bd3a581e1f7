package dev.sesdkim.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.scheduler.IScheduleGroup;
import software.amazon.awscdk.services.sqs.IQueue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the function may do beyond reading its queue and writing its logs, one statement per purpose. Each
 * statement names the API calls the handler makes and nothing more.
 */
final class OnboardingPermissions {

    /** What {@code dev.sesdkim.onboarding.aws.Route53DnsRecords} writes: one CNAME per DKIM token. */
    static final String DKIM_RECORD_NAMES = "*._domainkey.*";

    /**
     * @param writableHostedZones {@link DeploymentSettings#writableHostedZones()}: the zone ids, {@code *} or
     *                            {@code none}
     */
    record Targets(IQueue deadLetters, IScheduleGroup scheduleGroup, IRole schedulerRole, IEventBus outcomeBus,
                   String writableHostedZones, Optional<String> mailFromLabel) {
    }

    private OnboardingPermissions() {
    }

    static List<PolicyStatement> statements(Targets targets) {
        List<PolicyStatement> statements = new ArrayList<>(List.of(
                sesDkimIdentities(),
                sesIdentityDiagnosis(),
                route53Lookups(),
                recheckSchedules(targets.scheduleGroup()),
                recheckScheduleListing(),
                passSchedulerRole(targets.schedulerRole()),
                publishOutcomes(targets.outcomeBus()),
                rejectToDeadLetterQueue(targets.deadLetters())));
        List<String> zoneArns = hostedZoneArns(targets);
        if (!zoneArns.isEmpty()) {
            statements.add(dkimRecordChanges(zoneArns));
            targets.mailFromLabel().ifPresent(label -> statements.add(mailFromRecordChanges(zoneArns, label)));
            statements.add(hostedZoneReads(zoneArns));
        }
        return statements;
    }

    /** From the very value the function is told, so what it believes it may write is what IAM lets it write. */
    private static List<String> hostedZoneArns(Targets targets) {
        String writable = targets.writableHostedZones();
        if (writable.equals("none")) {
            return List.of();
        }
        return Arrays.stream(writable.split(",")).map(OnboardingPermissions::hostedZoneArn).toList();
    }

    static String hostedZoneArn(String hostedZoneId) {
        return "arn:" + Aws.PARTITION + ":route53:::hostedzone/" + hostedZoneId;
    }

    /** SES v1 identity actions take no resource ARN (see the suppression in OnboardingFunction). */
    private static PolicyStatement sesDkimIdentities() {
        return PolicyStatement.Builder.create()
                .sid("SesDkimIdentities")
                .actions(List.of("ses:VerifyDomainDkim", "ses:GetIdentityDkimAttributes", "ses:DeleteIdentity",
                        "ses:SetIdentityMailFromDomain", "ses:GetIdentityMailFromDomainAttributes"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:RequestedRegion", Aws.REGION)))
                .build();
    }

    /** SES v2 GetEmailIdentity, read-only, on the identities of this account and region. */
    private static PolicyStatement sesIdentityDiagnosis() {
        return PolicyStatement.Builder.create()
                .sid("SesIdentityDiagnosis")
                .actions(List.of("ses:GetEmailIdentity"))
                .resources(List.of("arn:" + Aws.PARTITION + ":ses:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":identity/*"))
                .build();
    }

    /**
     * Only {@code *._domainkey.*} CNAMEs, only upserted or deleted. ForAllValues holds for every change in the batch;
     * a batch is never empty, so it cannot pass vacuously.
     */
    private static PolicyStatement dkimRecordChanges(List<String> zoneArns) {
        return PolicyStatement.Builder.create()
                .sid("Route53DkimRecordChanges")
                .actions(List.of("route53:ChangeResourceRecordSets"))
                .resources(zoneArns)
                .conditions(Map.of(
                        "ForAllValues:StringLike", Map.of(
                                "route53:ChangeResourceRecordSetsNormalizedRecordNames", List.of(DKIM_RECORD_NAMES)),
                        "ForAllValues:StringEquals", Map.of(
                                "route53:ChangeResourceRecordSetsRecordTypes", List.of("CNAME"),
                                "route53:ChangeResourceRecordSetsActions", List.of("UPSERT", "DELETE"))))
                .build();
    }

    /**
     * Only MX and TXT records at {@code <label>.*}, the custom MAIL FROM names, only upserted or deleted. A statement of
     * its own, and the function writes these in a change of their own (Route53DnsRecords): the condition keys cannot tie
     * a name to a type, so one statement for both changes would also allow CNAMEs at these names and MX or TXT at the
     * DKIM names.
     */
    private static PolicyStatement mailFromRecordChanges(List<String> zoneArns, String label) {
        return PolicyStatement.Builder.create()
                .sid("Route53MailFromRecordChanges")
                .actions(List.of("route53:ChangeResourceRecordSets"))
                .resources(zoneArns)
                .conditions(Map.of(
                        "ForAllValues:StringLike", Map.of(
                                "route53:ChangeResourceRecordSetsNormalizedRecordNames", List.of(label + ".*")),
                        "ForAllValues:StringEquals", Map.of(
                                "route53:ChangeResourceRecordSetsRecordTypes", List.of("MX", "TXT"),
                                "route53:ChangeResourceRecordSetsActions", List.of("UPSERT", "DELETE"))))
                .build();
    }

    private static PolicyStatement hostedZoneReads(List<String> zoneArns) {
        return PolicyStatement.Builder.create()
                .sid("Route53HostedZoneReads")
                .actions(List.of("route53:GetHostedZone", "route53:ListResourceRecordSets"))
                .resources(zoneArns)
                .build();
    }

    /** Finding the zone for a domain; ListHostedZonesByName takes no resource ARN. */
    private static PolicyStatement route53Lookups() {
        return PolicyStatement.Builder.create()
                .sid("Route53FindHostedZone")
                .actions(List.of("route53:ListHostedZonesByName"))
                .resources(List.of("*"))
                .build();
    }

    /** Schedule names carry the domain and are made at run time, so the group is as narrow as it gets. */
    private static PolicyStatement recheckSchedules(IScheduleGroup group) {
        return PolicyStatement.Builder.create()
                .sid("RecheckSchedulesInGroup")
                .actions(List.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule",
                        "scheduler:UpdateSchedule"))
                .resources(List.of(recheckScheduleArns(group)))
                .build();
    }

    static String recheckScheduleArns(IScheduleGroup group) {
        return "arn:" + Aws.PARTITION + ":scheduler:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":schedule/"
                + group.getScheduleGroupName() + "/*";
    }

    /** ListSchedules takes no resource ARN. */
    private static PolicyStatement recheckScheduleListing() {
        return PolicyStatement.Builder.create()
                .sid("RecheckScheduleListing")
                .actions(List.of("scheduler:ListSchedules"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("aws:RequestedRegion", Aws.REGION)))
                .build();
    }

    private static PolicyStatement passSchedulerRole(IRole schedulerRole) {
        return PolicyStatement.Builder.create()
                .sid("PassSchedulerRoleToScheduler")
                .actions(List.of("iam:PassRole"))
                .resources(List.of(schedulerRole.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", RecheckScheduling.SCHEDULER_SERVICE)))
                .build();
    }

    private static PolicyStatement publishOutcomes(IEventBus bus) {
        return PolicyStatement.Builder.create()
                .sid("PublishOutcomes")
                .actions(List.of("events:PutEvents"))
                .resources(List.of(bus.getEventBusArn()))
                .build();
    }

    private static PolicyStatement rejectToDeadLetterQueue(IQueue deadLetters) {
        return PolicyStatement.Builder.create()
                .sid("RejectToDeadLetterQueue")
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(deadLetters.getQueueArn()))
                .build();
    }
}
