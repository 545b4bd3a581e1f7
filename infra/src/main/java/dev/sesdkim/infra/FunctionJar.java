package dev.sesdkim.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The shaded function jar the lambda module builds. Found from the repository root, because {@code cdk.json} runs the
 * app from the root while surefire runs the tests from {@code infra/}.
 */
public final class FunctionJar {

    public static final String PATH_IN_REPOSITORY = "lambda/target/dkim-onboarding-lambda.jar";

    private FunctionJar() {
    }

    /** The jar, searched for from the working directory upwards. */
    public static Path locate() {
        return locateFrom(Path.of("").toAbsolutePath());
    }

    /**
     * A hash of the jar's entries, names and bytes, in name order. Every build writes new entry timestamps, so the
     * file's own hash would change on each {@code cdk deploy} and publish a new version (and a new SnapStart
     * snapshot) for unchanged code.
     */
    public static String contentHash(Path jar) {
        MessageDigest digest = sha256();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<? extends ZipEntry> entries = zip.stream().sorted(Comparator.comparing(ZipEntry::getName)).toList();
            for (ZipEntry entry : entries) {
                digest.update(entry.getName().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                try (InputStream content = zip.getInputStream(entry)) {
                    digest.update(content.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the function jar " + jar, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static Path locateFrom(Path start) {
        Path root = repositoryRootFrom(start);
        Path jar = root.resolve(PATH_IN_REPOSITORY);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The function jar " + jar + " is missing: run ./mvnw -pl lambda package in "
                    + root + " first (npx cdk synth does this for you)");
        }
        return jar;
    }

    /** The repository root: the working directory or the nearest parent holding {@code lambda/pom.xml}. */
    public static Path repositoryRoot() {
        return repositoryRootFrom(Path.of("").toAbsolutePath());
    }

    static Path repositoryRootFrom(Path start) {
        for (Path directory = start; directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("lambda/pom.xml"))) {
                return directory;
            }
        }
        throw new IllegalStateException("No repository root (a directory holding lambda/pom.xml) at or above " + start
                + ": run the CDK app from the repository");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
