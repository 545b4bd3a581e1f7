package dev.sesdkim.onboarding.runtime;

import java.util.Map;

/**
 * What the CDK stack tells Lambda about the function, beside the settings: its runtime, handler string and the
 * environment the stack fixes. The runtime tier starts the jar with exactly these; the infra module's
 * {@code DeployedRuntimeContractTest} reads them from here (the lambda module's compiled test classes) and checks them
 * against the synthesised template, so the two cannot drift.
 */
public final class DeployedFunction {

    /** The template's {@code Runtime}: Lambda's Java 25 managed runtime, whose JDK the tier runs. */
    public static final String RUNTIME = "java25";
    public static final int JAVA_FEATURE_VERSION = 25;

    /** The template's {@code Handler}. */
    public static final String HANDLER = "dev.sesdkim.onboarding.handler.OnboardingHandler::handleRequest";

    /** The template's {@code MemorySize}, in MB; Lambda passes it to the runtime and the heap is sized from it. */
    public static final int MEMORY_MB = 1024;

    /**
     * The template's {@code Timeout} at the default SES rate: each invocation's deadline, which the function's time
     * budget reads through {@code Context.getRemainingTimeInMillis()}.
     */
    public static final int TIMEOUT_SECONDS = 73;

    /** The template's {@code JAVA_TOOL_OPTIONS}. */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    /** Variables the stack sets to fixed values (the rest point at the stack's resources and come from the test's emulator). */
    public static final Map<String, String> FIXED_ENVIRONMENT = Map.of(
            "JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS,
            "POWERTOOLS_SERVICE_NAME", "dkim-onboarding",
            "POWERTOOLS_METRICS_NAMESPACE", "DkimOnboarding");

    private DeployedFunction() {
    }
}
