package dev.sesdkim.infra;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.scheduler.IScheduleGroup;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * Where the function puts its one-time DKIM recheck schedules, and the role EventBridge Scheduler assumes to deliver
 * them to the onboarding queue.
 */
public final class RecheckScheduling extends Construct {

    /** @param recheckQueue the queue every schedule targets */
    public record Props(IQueue recheckQueue) {
    }

    static final String SCHEDULER_SERVICE = "scheduler.amazonaws.com";

    private final ScheduleGroup group;
    private final Role schedulerRole;

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
    }

    public IScheduleGroup group() {
        return group;
    }

    public IRole schedulerRole() {
        return schedulerRole;
    }
}
