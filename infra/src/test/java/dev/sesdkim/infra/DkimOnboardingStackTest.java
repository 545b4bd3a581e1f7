package dev.sesdkim.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Runtime;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The template with every optional feature configured (see {@link SynthesizedStack#CONFIGURED}). */
class DkimOnboardingStackTest {

    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = SynthesizedStack.configured().template();
    }

    @Test
    void holdsExactlyTheResourcesOfTheWorkflow() {
        Map<String, Integer> expected = Map.ofEntries(
                Map.entry("AWS::SQS::Queue", 3),
                Map.entry("AWS::SQS::QueuePolicy", 3),
                Map.entry("AWS::Lambda::Function", 1),
                Map.entry("AWS::Lambda::Version", 1),
                Map.entry("AWS::Lambda::Alias", 1),
                Map.entry("AWS::Lambda::EventSourceMapping", 1),
                Map.entry("AWS::Logs::LogGroup", 1),
                Map.entry("AWS::Scheduler::ScheduleGroup", 1),
                Map.entry("AWS::IAM::Role", 2),
                Map.entry("AWS::IAM::Policy", 2),
                Map.entry("AWS::Events::EventBus", 1),
                Map.entry("AWS::Events::Archive", 1),
                Map.entry("AWS::CloudWatch::Alarm", 8),
                Map.entry("AWS::CloudWatch::Dashboard", 1),
                Map.entry("AWS::SNS::Topic", 1),
                Map.entry("AWS::SNS::TopicPolicy", 1),
                Map.entry("AWS::SNS::Subscription", 1));
        expected.forEach(template::resourceCountIs);
        assertThat(resourceTypes()).containsOnlyKeys(expected.keySet());
    }

    @Test
    void onboardingQueueIsFifoWithContentBasedDeduplicationAndRedrivesAfterFiveReceives() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "FifoQueue", true,
                "ContentBasedDeduplication", true,
                "SqsManagedSseEnabled", true,
                "RedrivePolicy", Map.of(
                        "deadLetterTargetArn", Map.of("Fn::GetAtt", List.of(deadLetterQueueId(), "Arn")),
                        "maxReceiveCount", 5)));
    }

    @Test
    void deadLetterQueueIsFifoEncryptedAndKeepsMessagesFourteenDays() {
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "FifoQueue", true,
                "SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 14 * 24 * 3600));
        assertThat(resource(deadLetterQueueId())).extracting(r -> properties(r).get("RedrivePolicy")).isNull();
    }

    @Test
    void recheckDeadLetterQueueIsAStandardQueueEncryptedForFourteenDays() {
        Map<String, Object> queue = properties(resource(recheckDeadLetterQueueId()));

        assertThat(queue).doesNotContainKeys("FifoQueue", "ContentBasedDeduplication", "RedrivePolicy")
                .containsEntry("SqsManagedSseEnabled", true)
                .containsEntry("MessageRetentionPeriod", 14 * 24 * 3600);
    }

    @Test
    void everyQueueDeniesRequestsWithoutTls() {
        Map<String, Map<String, Object>> policies = template.findResources("AWS::SQS::QueuePolicy", Map.of(
                "Properties", Map.of("PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny",
                        "Action", "sqs:*",
                        "Principal", Map.of("AWS", "*"),
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
        assertThat(policies).hasSize(3);
        assertThat(policies.toString()).contains(recheckDeadLetterQueueId());
    }

    @Test
    void visibilityTimeoutIsSixTimesTheFunctionTimeout() {
        int functionTimeout = ((Number) properties(function()).get("Timeout")).intValue();
        int visibilityTimeout = ((Number) properties(resource(onboardingQueueId())).get("VisibilityTimeout")).intValue();

        assertThat(functionTimeout).isEqualTo(73);
        assertThat(visibilityTimeout).isEqualTo(6 * functionTimeout);
    }

    @Test
    void functionRunsTheLambdaJarOnTheNewestJavaRuntimeOnArm() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.sesdkim.onboarding.handler.OnboardingHandler::handleRequest",
                "Runtime", newestJavaRuntimeTheCdkOffers(),
                "Architectures", List.of("arm64"),
                "MemorySize", 1024,
                "Timeout", 73,
                "ReservedConcurrentExecutions", 1,
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        assertThat(properties(function()).get("Code").toString()).contains(".jar");
    }

    @Test
    void environmentCarriesEverySettingTheHandlerReads() {
        @SuppressWarnings("unchecked")
        Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) properties(function())
                .get("Environment")).get("Variables");

        assertThat(variables).containsOnlyKeys("RECHECK_QUEUE_ARN", "DEAD_LETTER_QUEUE_URL", "SCHEDULE_GROUP_NAME",
                "SCHEDULER_ROLE_ARN", "SCHEDULER_DEAD_LETTER_QUEUE_ARN", "EVENT_BUS_NAME", "EVENT_SOURCE", "MESSAGE_GROUP_ID",
                "SES_CALLS_PER_SECOND", "DKIM_RECORD_TTL", "DKIM_TARGET_DOMAIN", "WRITABLE_HOSTED_ZONES",
                "DNS_RESOLVER", "MAIL_FROM_LABEL", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE",
                "JAVA_TOOL_OPTIONS");
        assertThat(variables).containsEntry("RECHECK_QUEUE_ARN", Map.of("Fn::GetAtt", List.of(onboardingQueueId(), "Arn")))
                .containsEntry("DEAD_LETTER_QUEUE_URL", Map.of("Ref", deadLetterQueueId()))
                .containsEntry("SCHEDULE_GROUP_NAME", scheduleGroupName())
                .containsEntry("SCHEDULER_ROLE_ARN", Map.of("Fn::GetAtt", List.of(schedulerRoleId(), "Arn")))
                .containsEntry("SCHEDULER_DEAD_LETTER_QUEUE_ARN", Map.of("Fn::GetAtt", List.of(recheckDeadLetterQueueId(), "Arn")))
                .containsEntry("EVENT_BUS_NAME", Map.of("Ref", logicalId("AWS::Events::EventBus")))
                .containsEntry("EVENT_SOURCE", "dkim.onboarding")
                .containsEntry("MESSAGE_GROUP_ID", "dkim-onboarding")
                .containsEntry("SES_CALLS_PER_SECOND", "1")
                .containsEntry("DKIM_RECORD_TTL", "600")
                .containsEntry("DKIM_TARGET_DOMAIN", "dkim.example-region.amazonses.com")
                .containsEntry("DNS_RESOLVER", "10.0.0.2:53")
                .containsEntry("MAIL_FROM_LABEL", "bounce")
                .containsEntry("WRITABLE_HOSTED_ZONES", "Z0000000000000000001,Z0000000000000000002")
                .containsEntry("POWERTOOLS_SERVICE_NAME", "dkim-onboarding")
                .containsEntry("POWERTOOLS_METRICS_NAMESPACE", "DkimOnboarding")
                .containsEntry("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    }

    @Test
    void queueInvokesTheSnapStartAliasInBatchesOfTenReportingItemFailures() {
        String aliasId = logicalId("AWS::Lambda::Alias");
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(logicalId("AWS::Lambda::Version"), "Version"))));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "BatchSize", 10,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(onboardingQueueId(), "Arn"))));

        String target = properties(resource(logicalId("AWS::Lambda::EventSourceMapping"))).get("FunctionName").toString();
        assertThat(target).as("the mapping names the alias, not the unqualified function")
                .contains("Ref=" + aliasId).contains(":live");
    }

    @Test
    void schedulerRoleTrustIsLimitedToThisAccountsScheduleGroup() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "scheduler.amazonaws.com"),
                        "Condition", Map.of(
                                "StringEquals", Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")),
                                "ArnEquals", Map.of("aws:SourceArn",
                                        Map.of("Fn::GetAtt", List.of(logicalId("AWS::Scheduler::ScheduleGroup"), "Arn")))))))));
    }

    @Test
    void schedulerRoleMayOnlySendToTheOnboardingQueueAndParkRechecksInTheirDeadLetterQueue() {
        assertThat(statementsOf(schedulerRoleId())).containsExactlyInAnyOrder(
                Map.of("Sid", "DeliverRecheckToOnboardingQueue",
                        "Action", "sqs:SendMessage",
                        "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(onboardingQueueId(), "Arn"))),
                Map.of("Sid", "ParkUndeliverableRecheck",
                        "Action", "sqs:SendMessage",
                        "Effect", "Allow",
                        "Resource", Map.of("Fn::GetAtt", List.of(recheckDeadLetterQueueId(), "Arn"))));
    }

    @Test
    void functionMayCallOnlyTheApisTheHandlerUses() {
        Set<String> actions = statementsOf(functionRoleId()).stream()
                .flatMap(statement -> asList(statement.get("Action")).stream())
                .map(String::valueOf)
                .collect(Collectors.toSet());

        assertThat(actions).containsExactlyInAnyOrder(
                "ses:VerifyDomainDkim", "ses:GetIdentityDkimAttributes", "ses:DeleteIdentity", "ses:GetEmailIdentity",
                "ses:SetIdentityMailFromDomain", "ses:GetIdentityMailFromDomainAttributes",
                "route53:GetHostedZone", "route53:ListHostedZonesByName", "route53:ChangeResourceRecordSets",
                "route53:ListResourceRecordSets",
                "scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:GetSchedule",
                "scheduler:ListSchedules", "scheduler:UpdateSchedule",
                "iam:PassRole", "events:PutEvents", "sqs:SendMessage",
                // the event source mapping reads the queue with the function's role
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl",
                "logs:CreateLogStream", "logs:PutLogEvents");
    }

    @Test
    void dkimRecordChangesAreLimitedToTheConfiguredZonesAndDomainkeyCnames() {
        Map<String, Object> changes = statement("Route53DkimRecordChanges");

        assertThat(changes.get("Action")).isEqualTo("route53:ChangeResourceRecordSets");
        assertThat(changes.get("Resource").toString())
                .contains(":route53:::hostedzone/Z0000000000000000001")
                .contains(":route53:::hostedzone/Z0000000000000000002")
                .doesNotContain("hostedzone/*");
        assertThat(changes.get("Condition")).isEqualTo(Map.of(
                "ForAllValues:StringLike", Map.of(
                        "route53:ChangeResourceRecordSetsNormalizedRecordNames", List.of("*._domainkey.*")),
                "ForAllValues:StringEquals", Map.of(
                        "route53:ChangeResourceRecordSetsRecordTypes", List.of("CNAME"),
                        "route53:ChangeResourceRecordSetsActions", List.of("UPSERT", "DELETE"))));
        assertThat(statement("Route53HostedZoneReads").get("Resource")).isEqualTo(changes.get("Resource"));
    }

    @Test
    void mailFromRecordChangesAreLimitedToTheConfiguredZonesAndMxAndTxtAtTheLabel() {
        Map<String, Object> changes = statement("Route53MailFromRecordChanges");

        assertThat(changes.get("Action")).isEqualTo("route53:ChangeResourceRecordSets");
        assertThat(changes.get("Resource")).isEqualTo(statement("Route53DkimRecordChanges").get("Resource"));
        assertThat(changes.get("Condition")).isEqualTo(Map.of(
                "ForAllValues:StringLike", Map.of(
                        "route53:ChangeResourceRecordSetsNormalizedRecordNames", List.of("bounce.*")),
                "ForAllValues:StringEquals", Map.of(
                        "route53:ChangeResourceRecordSetsRecordTypes", List.of("MX", "TXT"),
                        "route53:ChangeResourceRecordSetsActions", List.of("UPSERT", "DELETE"))));
    }

    @Test
    void zoneLookupIsAsNarrowAsTheServiceAllowsAndNoChangeStatusIsGranted() {
        assertThat(statementsOf(functionRoleId())).noneMatch(statement -> statement.toString().contains("route53:GetChange"));
        assertThat(statement("Route53FindHostedZone")).containsEntry("Action", "route53:ListHostedZonesByName")
                .containsEntry("Resource", "*");
    }

    @Test
    void schedulesAreLimitedToTheStacksGroupAndPassRoleToScheduler() {
        assertThat(statement("RecheckSchedulesInGroup").get("Resource").toString())
                .contains(":schedule/" + scheduleGroupName() + "/*");
        assertThat(statement("PassSchedulerRoleToScheduler")).containsEntry("Action", "iam:PassRole")
                .containsEntry("Resource", Map.of("Fn::GetAtt", List.of(schedulerRoleId(), "Arn")))
                .containsEntry("Condition", Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")));
    }

    @Test
    void functionPublishesToTheBusAndRejectsOnlyToTheDeadLetterQueue() {
        assertThat(statement("PublishOutcomes")).containsEntry("Action", "events:PutEvents")
                .containsEntry("Resource", Map.of("Fn::GetAtt", List.of(logicalId("AWS::Events::EventBus"), "Arn")));
        assertThat(statement("RejectToDeadLetterQueue")).containsEntry("Action", "sqs:SendMessage")
                .containsEntry("Resource", Map.of("Fn::GetAtt", List.of(deadLetterQueueId(), "Arn")));
    }

    @Test
    void sesActionsWithoutResourceLevelPermissionsStayInTheStacksRegion() {
        assertThat(statement("SesDkimIdentities")).containsEntry("Resource", "*")
                .containsEntry("Condition", Map.of("StringEquals", Map.of("aws:RequestedRegion", Map.of("Ref", "AWS::Region"))));
    }

    @Test
    void alarmsWatchUndeliveredRechecksInTheirQueueAndTheScheduleGroupsDroppedAndFailedInvocations() {
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName",
                        "Value", Map.of("Fn::GetAtt", List.of(recheckDeadLetterQueueId(), "QueueName")))),
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "Threshold", 1));
        for (String metric : List.of("InvocationDroppedCount", "TargetErrorCount")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                    "Namespace", "AWS/Scheduler",
                    "MetricName", metric,
                    "Dimensions", List.of(Map.of("Name", "ScheduleGroup", "Value", scheduleGroupName())),
                    "Statistic", "Sum",
                    "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                    "Threshold", 1));
        }
    }

    @Test
    void alarmsWatchTheShareOfFinalOutcomesThatFailedOrTimedOutInTheFunctionsOwnMetrics() {
        List<Map<String, Object>> rateAlarms = template.findResources("AWS::CloudWatch::Alarm").values().stream()
                .map(DkimOnboardingStackTest::properties)
                .filter(alarm -> alarm.containsKey("Metrics"))
                .toList();

        assertThat(rateAlarms).hasSize(2).allSatisfy(alarm -> {
            assertThat(alarm.get("Threshold")).isEqualTo(20);
            assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
            List<Map<String, Object>> queries = asList(alarm.get("Metrics")).stream().map(DkimOnboardingStackTest::asMap).toList();
            assertThat(queries).filteredOn(query -> query.containsKey("Expression")).singleElement()
                    .satisfies(query -> assertThat(query.get("Expression").toString()).startsWith("IF((FILL(v,0)+FILL(f,0)+FILL(t,0)) >= 5, 100*FILL("));
            assertThat(queries).filteredOn(query -> query.containsKey("MetricStat"))
                    .extracting(query -> asMap(asMap(asMap(query.get("MetricStat")).get("Metric"))))
                    .allSatisfy(metric -> {
                        assertThat(metric.get("Namespace")).isEqualTo("DkimOnboarding");
                        assertThat(metric.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "Service", "Value", "dkim-onboarding")));
                    })
                    .extracting(metric -> metric.get("MetricName"))
                    .containsExactlyInAnyOrder("Verified", "VerificationFailed", "VerificationTimedOut");
        });
        assertThat(rateAlarms).extracting(alarm -> alarm.get("AlarmDescription").toString())
                .anySatisfy(description -> assertThat(description).contains("failed DKIM verification"))
                .anySatisfy(description -> assertThat(description).contains("timed out after 72 hours"));
    }

    @Test
    void theDashboardShowsTheQueuesOutcomesVerificationTimePacingTheFunctionAndScheduler() {
        Map<String, Map<String, Object>> dashboards = template.findResources("AWS::CloudWatch::Dashboard");
        String body = String.valueOf(properties(dashboards.values().iterator().next()).get("DashboardBody"));

        assertThat(body).contains("Onboarding queue: depth and oldest message", "ApproximateAgeOfOldestMessage",
                "Dead-letter queues: depth", "Outcomes", "Time to verified (minutes)", "p50", "p95",
                "SES calls and pacing wait", "Throttles and retries", "Function: errors, throttles and duration",
                "Scheduler: re-checks dropped and failed deliveries", "InvocationDroppedCount", "Rejections by reason class",
                "Re-check backlog per wave");
        for (String metric : List.of("Onboarded", "RecordsPublished", "ManualDnsRequired", "Verified", "VerificationFailed",
                "VerificationTimedOut", "Rejected", "Offboarded", "TimeToVerifiedMinutes", "RecheckBacklog", "SesCalls",
                "SesPacingWait", "Throttles", "Retries")) {
            assertThat(body).as(metric).contains("\"" + metric + "\"");
        }
        template.hasOutput("DashboardName", Map.of("Value", Map.of("Ref", logicalId("AWS::CloudWatch::Dashboard"))));
    }

    @Test
    void recheckDeadLetterQueueUrlIsAnOutputForTheReplayCommands() {
        template.hasOutput("RecheckDeadLetterQueueUrl", Map.of("Value", Map.of("Ref", recheckDeadLetterQueueId())));
    }

    @Test
    void alarmsWatchTheDeadLetterQueueFunctionErrorsAndOldestMessageAndNotifyTheTopic() {
        String topicId = logicalId("AWS::SNS::Topic");
        List<Map<String, Object>> alarms = template.findResources("AWS::CloudWatch::Alarm").values().stream()
                .map(DkimOnboardingStackTest::properties)
                .toList();

        assertThat(alarms).extracting(alarm -> alarm.get("MetricName"))
                .containsExactlyInAnyOrder("ApproximateNumberOfMessagesVisible", "Errors", "ApproximateAgeOfOldestMessage",
                        "ApproximateNumberOfMessagesVisible", "InvocationDroppedCount", "TargetErrorCount", null, null);
        assertThat(alarms).allSatisfy(alarm -> {
            assertThat(alarm.get("AlarmActions")).isEqualTo(List.of(Map.of("Ref", topicId)));
            assertThat(alarm.get("TreatMissingData")).isEqualTo("notBreaching");
        });
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName",
                        "Value", Map.of("Fn::GetAtt", List.of(deadLetterQueueId(), "QueueName")))),
                "Threshold", 1));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ApproximateAgeOfOldestMessage",
                "Dimensions", List.of(Map.of("Name", "QueueName",
                        "Value", Map.of("Fn::GetAtt", List.of(onboardingQueueId(), "QueueName")))),
                "Threshold", 1800));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("Namespace", "AWS/Lambda", "MetricName", "Errors"));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "dkim-alarms@example.com"));
    }

    @Test
    void outcomeArchiveKeepsThisAppsEventsForTheConfiguredDays() {
        template.hasResourceProperties("AWS::Events::Archive", Map.of(
                "RetentionDays", 30,
                "EventPattern", Map.of("source", List.of("dkim.onboarding"))));
    }

    @Test
    void functionLogsAreKeptForTheConfiguredDays() {
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 90));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("LoggingConfig",
                Map.of("LogGroup", Map.of("Ref", logicalId("AWS::Logs::LogGroup")))));
    }

    /** The runtime with the highest Java version among the CDK's Runtime constants. */
    static String newestJavaRuntimeTheCdkOffers() {
        Pattern javaVersion = Pattern.compile("JAVA_(\\d+)");
        return Arrays.stream(Runtime.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == Runtime.class)
                .map(Field::getName)
                .map(javaVersion::matcher)
                .filter(Matcher::matches)
                .map(matcher -> Integer.parseInt(matcher.group(1)))
                .max(Integer::compare)
                .map(version -> "java" + version)
                .orElseThrow();
    }

    // --- reading the template

    private static Map<String, Integer> resourceTypes() {
        Map<String, Object> resources = asMap(template.toJSON().get("Resources"));
        return resources.values().stream()
                .map(resource -> String.valueOf(asMap(resource).get("Type")))
                .collect(Collectors.toMap(type -> type, type -> 1, Integer::sum));
    }

    static Map<String, Object> resource(String logicalId) {
        return asMap(asMap(template.toJSON().get("Resources")).get(logicalId));
    }

    static Map<String, Object> properties(Map<String, Object> resource) {
        return asMap(resource.get("Properties"));
    }

    private static String logicalId(String type) {
        Map<String, Map<String, Object>> found = template.findResources(type);
        assertThat(found).as(type).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static String logicalIdWhere(String type, String idPart) {
        return template.findResources(type).keySet().stream().filter(id -> id.contains(idPart)).findFirst().orElseThrow();
    }

    private static String onboardingQueueId() {
        return logicalIdWhere("AWS::SQS::Queue", "OnboardingQueue");
    }

    private static String deadLetterQueueId() {
        return logicalIdWhere("AWS::SQS::Queue", "QueuesDeadLetterQueue");
    }

    private static String recheckDeadLetterQueueId() {
        return logicalIdWhere("AWS::SQS::Queue", "RecheckDeadLetterQueue");
    }

    private static String schedulerRoleId() {
        return logicalIdWhere("AWS::IAM::Role", "SchedulerRole");
    }

    private static String functionRoleId() {
        return logicalIdWhere("AWS::IAM::Role", "ServiceRole");
    }

    private static Map<String, Object> function() {
        return resource(logicalId("AWS::Lambda::Function"));
    }

    private static String scheduleGroupName() {
        return String.valueOf(properties(resource(logicalId("AWS::Scheduler::ScheduleGroup"))).get("Name"));
    }

    /** The statements of the policies attached to a role. */
    private static List<Map<String, Object>> statementsOf(String roleId) {
        return template.findResources("AWS::IAM::Policy").values().stream()
                .map(DkimOnboardingStackTest::properties)
                .filter(policy -> asList(policy.get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(policy -> asList(asMap(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(DkimOnboardingStackTest::asMap)
                .toList();
    }

    private static Map<String, Object> statement(String sid) {
        return statementsOf(functionRoleId()).stream()
                .filter(statement -> sid.equals(statement.get("Sid")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    static List<Object> asList(Object value) {
        return value instanceof Collection<?> collection ? List.copyOf(collection) : List.of(value);
    }
}
