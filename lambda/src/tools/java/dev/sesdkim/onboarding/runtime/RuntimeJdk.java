package dev.sesdkim.onboarding.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The JDK of the Lambda runtime the stack deploys to ({@value DeployedFunction#RUNTIME}), found on this machine:
 * {@value #SETTING} (an environment variable or a system property) when set, else this JVM if it is that version,
 * else the usual install folders. Never a silent fallback: a missing JDK is an error saying how to get one.
 */
public final class RuntimeJdk {

    /** Where the JDK of the runtime lives, like JAVA_HOME: overrides the search. */
    public static final String SETTING = "LAMBDA_JAVA_HOME";

    private static final List<Path> INSTALL_FOLDERS = List.of(Path.of("/usr/lib/jvm"),
            Path.of("/Library/Java/JavaVirtualMachines"), Path.of(System.getProperty("user.home"), ".sdkman", "candidates", "java"),
            Path.of(System.getProperty("user.home"), ".jdks"), Path.of("/opt/java"));

    private RuntimeJdk() {
    }

    /** The {@code java} launcher of a JDK {@value DeployedFunction#JAVA_FEATURE_VERSION}, or an exception saying how to install one. */
    public static Path java() {
        return find().orElseThrow(() -> new IllegalStateException(missingMessage()));
    }

    /** As {@link #java()}, empty when there is none. */
    public static Optional<Path> find() {
        String configured = Optional.ofNullable(System.getProperty(SETTING)).orElse(System.getenv(SETTING));
        if (configured != null && !configured.isBlank()) {
            Path home = Path.of(configured);
            if (!isRuntimeJdk(home)) {
                throw new IllegalStateException(SETTING + "=" + configured + " is not a JDK "
                        + DeployedFunction.JAVA_FEATURE_VERSION + " (no bin/java, or its release file names another version)");
            }
            return Optional.of(launcher(home));
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(Path.of(System.getProperty("java.home")));
        for (Path folder : INSTALL_FOLDERS) {
            candidates.addAll(children(folder));
        }
        return candidates.stream().filter(RuntimeJdk::isRuntimeJdk).findFirst().map(RuntimeJdk::launcher);
    }

    public static String missingMessage() {
        return "The runtime tier runs the function on JDK " + DeployedFunction.JAVA_FEATURE_VERSION + ", as Lambda's "
                + DeployedFunction.RUNTIME + " runtime does, and found none: install one (Temurin 25 from adoptium.net, "
                + "or `sdk install java 25-tem`) and, if it is not under /usr/lib/jvm, set " + SETTING
                + " to its folder (docs: docs/testing.md, Tests).";
    }

    private static List<Path> children(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().flatMap(entry -> Stream.of(entry, entry.resolve("Contents").resolve("Home"))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path launcher(Path home) {
        return home.resolve("bin").resolve("java");
    }

    private static boolean isRuntimeJdk(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(launcher(home)) || !Files.isRegularFile(release)) {
            return false;
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(release)) {
            properties.load(reader);
        } catch (IOException e) {
            return false;
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        return version.equals(Integer.toString(DeployedFunction.JAVA_FEATURE_VERSION))
                || version.startsWith(DeployedFunction.JAVA_FEATURE_VERSION + ".");
    }
}
