package dev.sesdkim.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionJarTest {

    @TempDir
    Path repository;

    @Test
    void findsTheJarFromTheRepositoryRootAndFromTheInfraModule() throws IOException {
        Files.createDirectories(repository.resolve("lambda/target"));
        Files.createDirectories(repository.resolve("infra"));
        Files.writeString(repository.resolve("lambda/pom.xml"), "<project/>");
        Path jar = Files.writeString(repository.resolve(FunctionJar.PATH_IN_REPOSITORY), "jar");

        assertThat(FunctionJar.locateFrom(repository)).isEqualTo(jar);
        assertThat(FunctionJar.locateFrom(repository.resolve("infra"))).isEqualTo(jar);
    }

    @Test
    void failsWithTheBuildCommandWhenTheJarHasNotBeenBuilt() throws IOException {
        Files.createDirectories(repository.resolve("lambda"));
        Files.writeString(repository.resolve("lambda/pom.xml"), "<project/>");

        assertThatThrownBy(() -> FunctionJar.locateFrom(repository))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./mvnw -pl lambda package");
    }

    @Test
    void failsOutsideTheRepository() {
        assertThatThrownBy(() -> FunctionJar.locateFrom(repository))
                .hasMessageContaining("No repository root");
    }

    @Test
    void contentHashIgnoresEntryTimestampsAndOrderButNotContent() throws IOException {
        Path first = jar("first.jar", Instant.parse("2026-01-01T00:00:00Z"), List.of(Map.entry("a/A.class", "A"), Map.entry("b/B.class", "B")));
        Path rebuilt = jar("rebuilt.jar", Instant.parse("2026-06-01T12:00:00Z"), List.of(Map.entry("b/B.class", "B"), Map.entry("a/A.class", "A")));
        Path changed = jar("changed.jar", Instant.parse("2026-01-01T00:00:00Z"), List.of(Map.entry("a/A.class", "A2"), Map.entry("b/B.class", "B")));

        assertThat(FunctionJar.contentHash(rebuilt)).isEqualTo(FunctionJar.contentHash(first));
        assertThat(FunctionJar.contentHash(changed)).isNotEqualTo(FunctionJar.contentHash(first));
    }

    private Path jar(String name, Instant built, List<Map.Entry<String, String>> entries) throws IOException {
        Path jar = repository.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setLastModifiedTime(FileTime.from(built));
                zip.putNextEntry(zipEntry);
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
