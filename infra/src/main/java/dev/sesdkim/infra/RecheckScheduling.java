package dev.sesdkim.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.IScheduleGroup;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Where the function puts its one-time DKIM recheck schedules, the role EventBridge Scheduler assumes to deliver them
 * to the onboarding queue, and the dead-letter queue Scheduler sends a recheck to when it gives up delivering it.
 */
public final class RecheckScheduling extends Construct {

    /** @param recheckQueue the queue every schedule targets */
    public record Props(IQueue recheckQueue) {
    }

    static final String SCHEDULER_SERVICE = "scheduler.amazonaws.com";

    private final ScheduleGroup group;
    private final Role schedulerRole;
    private final Queue deadLetters;

    public RecheckScheduling(Construct scope, String id, Props props) {
        super(scope, id);
        // Pending rechecks mean nothing without the rest of the stack, so they go with it.
        this.group = ScheduleGroup.Builder.create(this, "ScheduleGroup")
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        // Only schedules in this account's group may use the role (confused deputy prevention).
        this.schedulerRole = Role.Builder.create(this, "SchedulerRole")
                .description("Assumed by EventBridge Scheduler to deliver DKIM rechecks to the onboarding queue")
                .assumedBy(new ServicePrincipal(SCHEDULER_SERVICE).withConditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                        "ArnEquals", Map.of("aws:SourceArn", group.getScheduleGroupArn()))))
                .build();
        schedulerRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("DeliverRecheckToOnboardingQueue")
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(props.recheckQueue().getQueueArn()))
                .build());

        // Standard, not FIFO: Scheduler accepts no FIFO queue as a schedule's dead-letter queue. It sends there with the
        // schedule's role, so the role needs SendMessage on it and the queue no resource policy beyond TLS.
        this.deadLetters = Queue.Builder.create(this, "RecheckDeadLetterQueue")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(OnboardingQueues.DEAD_LETTER_RETENTION)
                .build();
        NagSuppressions.addResourceSuppressions(deadLetters, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-SQS3")
                .reason("It is itself a DLQ: EventBridge Scheduler sends here the recheck schedules it could not "
                        + "deliver, as each schedule's DeadLetterConfig names it (not a redrive policy, which cdk-nag looks for).")
                .build()));
        schedulerRole.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ParkUndeliverableRecheck")
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(deadLetters.getQueueArn()))
                .build());
    }

    public IScheduleGroup group() {
        return group;
    }

    public IRole schedulerRole() {
        return schedulerRole;
    }

    /** Rechecks Scheduler gave up delivering to the onboarding queue, to be replayed by a person (docs/operations.md). */
    public IQueue deadLetters() {
        return deadLetters;
    }
}
