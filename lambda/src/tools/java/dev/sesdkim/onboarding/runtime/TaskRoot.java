package dev.sesdkim.onboarding.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The deployment package as Lambda lays it out: the jar's entries extracted into a folder (classes at its root), which
 * the runtime client loads from as the working directory. A jar's {@code META-INF/versions/} entries are then plain
 * files that nothing applies, which is what Lambda does too.
 */
public final class TaskRoot {

    private static final String STAMP = ".extracted-from";

    private TaskRoot() {
    }

    /** {@code jar} extracted beside it (into {@code task-root/}), reused while the jar is unchanged. */
    public static synchronized Path of(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The function jar " + jar.toAbsolutePath() + " is missing: build it with "
                    + "./mvnw -pl lambda package -DskipTests");
        }
        Path root = jar.toAbsolutePath().getParent().resolve("task-root");
        try {
            String stamp = jar.toAbsolutePath() + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
            Path stampFile = root.resolve(STAMP);
            if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
                return root;
            }
            delete(root);
            extract(jar, root);
            Files.writeString(stampFile, stamp);
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + jar + " into a task root", e);
        }
    }

    private static void extract(Path jar, Path root) throws IOException {
        Files.createDirectories(root);
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream content = zip.getInputStream(entry)) {
                    Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
