package dev.sesdkim.infra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard and the alarms look the function's metrics up by the names the function writes them under. */
class MetricNamesTest {

    private static final Pattern CONSTANT = Pattern.compile("public static final String (\\w+) = \"([^\"]+)\";");

    @Test
    void everyNameTheStackUsesIsTheOneTheFunctionWrites() throws IOException, IllegalAccessException {
        String source = Files.readString(FunctionJar.repositoryRoot()
                .resolve("lambda/src/main/java/dev/sesdkim/onboarding/aws/EmfMetrics.java"));
        Map<String, String> written = new TreeMap<>();
        for (Matcher constant = CONSTANT.matcher(source); constant.find(); ) {
            written.put(constant.group(1), constant.group(2));
        }
        Map<String, String> used = new TreeMap<>();
        for (Field field : MetricNames.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && !field.getName().equals("SERVICE_DIMENSION")) {
                used.put(field.getName(), (String) field.get(null));
            }
        }

        assertThat(written).containsAllEntriesOf(used);
        assertThat(written).containsEntry("SERVICE", OnboardingFunction.SERVICE_NAME);
    }
}
