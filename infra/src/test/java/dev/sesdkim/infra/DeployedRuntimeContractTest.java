package dev.sesdkim.infra;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lambda module's runtime tier starts the jar the way this stack deploys it: the runtime, handler string, memory,
 * timeout and fixed environment it uses ({@code DeployedFunction}, in the lambda module's compiled test tools) are the
 * synthesised template's. A change to either side fails here until the other follows.
 */
class DeployedRuntimeContractTest {

    @Test
    void theRuntimeTierStartsTheFunctionAsTheTemplateDeploysIt() throws Exception {
        Map<String, Object> function = DkimOnboardingStackTest.properties(SynthesizedStack.defaults().template()
                .findResources("AWS::Lambda::Function").values().iterator().next());
        Map<String, Object> variables = DkimOnboardingStackTest.asMap(
                DkimOnboardingStackTest.asMap(function.get("Environment")).get("Variables"));
        Class<?> deployed = runtimeTier().loadClass("dev.sesdkim.onboarding.runtime.DeployedFunction");

        assertThat(function.get("Runtime")).isEqualTo(deployed.getField("RUNTIME").get(null));
        assertThat(function.get("Handler")).isEqualTo(deployed.getField("HANDLER").get(null));
        assertThat(function.get("MemorySize")).isEqualTo(deployed.getField("MEMORY_MB").get(null));
        assertThat(function.get("Timeout")).isEqualTo(deployed.getField("TIMEOUT_SECONDS").get(null));
        @SuppressWarnings("unchecked")
        Map<String, String> fixed = (Map<String, String>) deployed.getField("FIXED_ENVIRONMENT").get(null);
        assertThat(variables).containsAllEntriesOf(fixed);
    }

    private static ClassLoader runtimeTier() throws Exception {
        Path classes = FunctionJar.repositoryRoot().resolve("lambda/target/test-classes");
        assertThat(classes.resolve("dev/sesdkim/onboarding/runtime/DeployedFunction.class"))
                .as("the lambda module's tests are compiled before the stack is tested (./mvnw verify builds them first)")
                .exists();
        return new URLClassLoader(new URL[]{classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }
}
