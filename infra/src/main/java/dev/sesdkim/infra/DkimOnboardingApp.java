package dev.sesdkim.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.AssetHashType;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.s3.assets.AssetOptions;

import java.nio.file.Path;

/** The CDK app {@code cdk.json} runs: one stack, checked by cdk-nag's AWS Solutions rules. */
public final class DkimOnboardingApp {

    public static final String STACK_NAME = "SesDkimOnboarding";

    private DkimOnboardingApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    /** Adds the stack to {@code app} as {@code cdk synth} sees it; the tests call this too. */
    public static DkimOnboardingStack build(App app) {
        DeploymentSettings settings = DeploymentSettings.fromContext(name -> app.getNode().tryGetContext(name));
        DkimOnboardingStack stack = new DkimOnboardingStack(app, STACK_NAME,
                StackProps.builder()
                        .description("SES Easy DKIM onboarding: SQS FIFO, Lambda, Route 53, EventBridge")
                        .build(),
                new DkimOnboardingStack.Props(settings, functionCode()));
        Tags.of(stack).add("project", "ses-dkim-onboarding");
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
