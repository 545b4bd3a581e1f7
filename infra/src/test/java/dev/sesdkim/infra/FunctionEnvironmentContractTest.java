package dev.sesdkim.infra;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awscdk.assertions.Template;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack and the function share one environment contract, written once, in the function's own settings parser:
 * the environment the stack synthesises (its references resolved to values of the right shape, plus the AWS_REGION
 * Lambda sets) must start the function, and what the stack sets must mean what the stack intends. The parser is the
 * lambda module's compiled {@code Settings}, loaded from its classes directory; the modules share no code otherwise.
 */
class FunctionEnvironmentContractTest {

    private static final String ACCOUNT = "123456789012";
    private static final String REGION = "eu-west-1";

    static Stream<SynthesizedStack> deployments() {
        return Stream.of(SynthesizedStack.configured(), SynthesizedStack.defaults(), SynthesizedStack.allHostedZones());
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("deployments")
    void theSynthesisedEnvironmentStartsTheFunctionAsTheStackMeansIt(SynthesizedStack stack) throws Exception {
        Template template = stack.template();
        Map<String, String> environment = resolvedEnvironment(template);
        environment.put("AWS_REGION", REGION);

        Object settings = parse(environment);

        assertThat(call(settings, "region")).isEqualTo(REGION);
        assertThat(call(settings, "eventSource")).isEqualTo(OnboardingFunction.EVENT_SOURCE);
        assertThat(call(settings, "messageGroupId")).isEqualTo(OnboardingFunction.MESSAGE_GROUP_ID);
        assertThat(call(settings, "recheckQueueArn").toString()).endsWith(".fifo");
        assertThat(call(settings, "schedulerDeadLetterQueueArn").toString()).doesNotEndWith(".fifo");
        assertThat(call(settings, "endpointUrl")).hasToString("Optional.empty");
        assertThat(call(settings, "metricsNamespace")).as("where the dashboard and the rate alarms read the metrics")
                .isEqualTo(OnboardingFunction.METRICS_NAMESPACE);
    }

    @org.junit.jupiter.api.Test
    void theTimeoutIsDerivedFromTheReserveTheFunctionKeeps() throws Exception {
        Class<?> settings = functionClasses().loadClass("dev.sesdkim.onboarding.Settings");

        assertThat(settings.getField("RESERVE_SECONDS").getInt(null)).as("seconds the function keeps at the end")
                .isEqualTo(DeploymentSettings.RESERVE_SECONDS);
        assertThat(settings.getField("SES_CALLS_PER_STEP").getInt(null)).as("paced SES calls of one step")
                .isEqualTo(DeploymentSettings.SES_CALLS_PER_STEP);
    }

    @org.junit.jupiter.api.Test
    void theMailFromLabelReachesTheFunctionOnlyFromItsContextValue() throws Exception {
        Map<String, String> configured = resolvedEnvironment(SynthesizedStack.configured().template());
        configured.put("AWS_REGION", REGION);
        Map<String, String> defaults = resolvedEnvironment(SynthesizedStack.defaults().template());
        defaults.put("AWS_REGION", REGION);

        assertThat(call(parse(configured), "mailFromLabel")).hasToString("Optional[bounce]");
        assertThat(call(parse(defaults), "mailFromLabel")).hasToString("Optional.empty");
    }

    @ParameterizedTest(name = "{index}")
    @MethodSource("deployments")
    void theValuesTheStackFixesAreTheFunctionsOwnDefaults(SynthesizedStack stack) throws Exception {
        Map<String, String> withoutThem = resolvedEnvironment(stack.template());
        withoutThem.put("AWS_REGION", REGION);
        withoutThem.remove("EVENT_SOURCE");
        withoutThem.remove("MESSAGE_GROUP_ID");
        withoutThem.remove("POWERTOOLS_METRICS_NAMESPACE");

        Object defaults = parse(withoutThem);

        assertThat(call(defaults, "metricsNamespace")).isEqualTo(OnboardingFunction.METRICS_NAMESPACE);
        assertThat(call(defaults, "eventSource")).isEqualTo(OnboardingFunction.EVENT_SOURCE);
        assertThat(call(defaults, "messageGroupId")).isEqualTo(OnboardingFunction.MESSAGE_GROUP_ID);
    }

    /** The function's environment with CloudFormation references replaced by values of the shape AWS gives them. */
    private static Map<String, String> resolvedEnvironment(Template template) {
        Map<String, Map<String, Object>> resources = template.findResources("AWS::Lambda::Function");
        Map<String, Object> variables = DkimOnboardingStackTest.asMap(DkimOnboardingStackTest.asMap(
                DkimOnboardingStackTest.properties(resources.values().iterator().next()).get("Environment")).get("Variables"));
        Map<String, String> resolved = new LinkedHashMap<>();
        variables.forEach((name, value) -> resolved.put(name, resolve(template, value)));
        return resolved;
    }

    private static String resolve(Template template, Object value) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> reference = DkimOnboardingStackTest.asMap(value);
        if (reference.containsKey("Ref")) {
            String id = (String) reference.get("Ref");
            Map<String, Object> resource = resource(template, id);
            return switch (String.valueOf(resource.get("Type"))) {
                case "AWS::SQS::Queue" -> "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + queueName(id, resource);
                default -> id.toLowerCase();
            };
        }
        if (reference.containsKey("Fn::GetAtt")) {
            List<Object> attribute = DkimOnboardingStackTest.asList(reference.get("Fn::GetAtt"));
            String id = (String) attribute.get(0);
            Map<String, Object> resource = resource(template, id);
            return switch (String.valueOf(resource.get("Type"))) {
                case "AWS::SQS::Queue" -> "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName(id, resource);
                case "AWS::IAM::Role" -> "arn:aws:iam::" + ACCOUNT + ":role/" + id;
                default -> "arn:aws:unknown:" + REGION + ":" + ACCOUNT + ":" + id;
            };
        }
        throw new AssertionError("a reference this test cannot resolve: " + value);
    }

    private static Map<String, Object> resource(Template template, String logicalId) {
        return DkimOnboardingStackTest.asMap(DkimOnboardingStackTest.asMap(template.toJSON().get("Resources")).get(logicalId));
    }

    private static String queueName(String id, Map<String, Object> resource) {
        Map<String, Object> properties = DkimOnboardingStackTest.properties(resource);
        return id + (Boolean.TRUE.equals(properties.get("FifoQueue")) ? ".fifo" : "");
    }

    private static Object parse(Map<String, String> environment) throws Exception {
        Class<?> settings = functionClasses().loadClass("dev.sesdkim.onboarding.Settings");
        try {
            return settings.getMethod("from", Map.class).invoke(null, environment);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the function would not start with the stack's environment " + environment + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    private static Object call(Object target, String accessor) throws Exception {
        Method method = target.getClass().getMethod(accessor);
        return method.invoke(target);
    }

    private static ClassLoader functionClasses() throws Exception {
        Path classes = FunctionJar.repositoryRoot().resolve("lambda/target/classes");
        assertThat(classes.resolve("dev/sesdkim/onboarding/Settings.class"))
                .as("the lambda module is compiled before the stack is tested (./mvnw verify builds it first)").exists();
        return new URLClassLoader(new URL[]{classes.toUri().toURL()}, FunctionEnvironmentContractTest.class.getClassLoader());
    }
}
