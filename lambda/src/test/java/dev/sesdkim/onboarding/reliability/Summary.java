package dev.sesdkim.onboarding.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The load test's figures: printed as a table (the README shows the latest) and written to target/reliability.json. */
final class Summary {

    private final Map<String, Object> rows = new LinkedHashMap<>();

    Summary put(String name, Object value) {
        rows.put(name, value);
        return this;
    }

    void print(PrintStream out) {
        out.println();
        out.println("Reliability: load with duplicates and faults");
        out.printf("| %-48s | %-28s |%n", "figure", "value");
        out.printf("|%s|%s|%n", "-".repeat(50), "-".repeat(30));
        rows.forEach((name, value) -> out.printf("| %-48s | %-28s |%n", name, value));
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
