package dev.sesdkim.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.AssetHashType;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.TagProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.assets.AssetOptions;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The CDK app {@code cdk.json} runs: one stack, checked by cdk-nag's AWS Solutions rules. */
public final class DkimOnboardingApp {

    public static final String STACK_NAME = "SesDkimOnboarding";

    private DkimOnboardingApp() {
    }

    /**
     * The CDK CLI passes the region it will deploy to as {@code CDK_DEFAULT_REGION} (from the profile or
     * {@code AWS_REGION}), when it knows one. The stack takes it so that synthesis can check the region (SnapStart); the
     * account stays open, so synthesis still needs no credentials.
     */
    public static void main(String[] args) {
        App app = new App();
        build(app, Optional.ofNullable(System.getenv("CDK_DEFAULT_REGION")).filter(region -> !region.isBlank()));
        app.synth();
    }

    /** Adds the stack to {@code app} as {@code cdk synth} sees it with no region known; the tests call this too. */
    public static DkimOnboardingStack build(App app) {
        return build(app, Optional.empty());
    }

    /** As above, for a deployment to {@code region} when it is known. */
    public static DkimOnboardingStack build(App app, Optional<String> region) {
        DeploymentSettings settings = DeploymentSettings.fromContext(name -> app.getNode().tryGetContext(name));
        DkimOnboardingStack stack = new DkimOnboardingStack(app, STACK_NAME,
                StackProps.builder()
                        .description("SES Easy DKIM onboarding: SQS FIFO, Lambda, Route 53, EventBridge")
                        .env(region.map(name -> Environment.builder().region(name).build()).orElse(null))
                        .build(),
                new DkimOnboardingStack.Props(settings, functionCode()));
        // CloudFormation's dashboard resource takes no tags (cfn-lint: E3002), though the CDK would write them.
        Tags.of(stack).add("project", "ses-dkim-onboarding", TagProps.builder()
                .excludeResourceTypes(List.of("AWS::CloudWatch::Dashboard")).build());
        // Findings become synthesis errors, so an unsuppressed one fails `cdk synth` as well as the tests.
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        return stack;
    }

    /** The lambda module's jar as an asset that changes only when its contents do. */
    private static Code functionCode() {
        Path jar = FunctionJar.locate();
        return Code.fromAsset(jar.toString(), AssetOptions.builder()
                .assetHashType(AssetHashType.CUSTOM)
                .assetHash(FunctionJar.contentHash(jar))
                .build());
    }
}
