package dev.sesdkim.onboarding;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * README and docs/ point at each other by relative links, and the function, the stack and the tools print where to
 * read on ("see docs/operations.md, Settings"): every such pointer must land on a file and a heading that exist.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern POINTER = Pattern.compile("docs/([a-z-]+\\.md)(?:, ([A-Z][^.;:)\"]*[A-Za-z]))?");

    @Test
    void everyRelativeLinkInTheDocumentationLandsOnAFileAndAHeadingThatExist() {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            Matcher link = LINK.matcher(read(page));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^(https?|mailto):.*")) {
                    continue;
                }
                String[] parts = target.split("#", 2);
                Path file = parts[0].isEmpty() ? page : page.getParent().resolve(parts[0]).normalize();
                if (!Files.exists(file)) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such file)");
                } else if (parts.length == 2 && Files.isRegularFile(file) && !anchors(file).contains(parts[1])) {
                    broken.add(ROOT.relativize(page) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void everyPageAndSectionTheCodeSendsReadersToExists() throws IOException {
        List<String> broken = new ArrayList<>();
        int pointers = 0;
        for (String tree : List.of("lambda/src/main", "lambda/src/tools", "infra/src/main")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(tree))) {
                for (Path source : files.filter(file -> file.toString().endsWith(".java")).toList()) {
                    Matcher pointer = POINTER.matcher(read(source));
                    while (pointer.find()) {
                        pointers++;
                        Path page = ROOT.resolve("docs").resolve(pointer.group(1));
                        if (!Files.isRegularFile(page)) {
                            broken.add(source.getFileName() + ": " + pointer.group());
                        } else if (pointer.group(2) != null && !headings(page).contains(pointer.group(2))) {
                            broken.add(source.getFileName() + ": " + pointer.group() + " (no heading " + pointer.group(2) + ")");
                        }
                    }
                }
            }
        }
        assertThat(pointers).as("the code points readers at docs/").isPositive();
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeStaysAFrontDoor() {
        assertThat(read(ROOT.resolve("README.md")).lines().count()).isLessThanOrEqualTo(300);
    }

    private static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** The headings of a page, as written (code blocks left out). */
    private static Set<String> headings(Path page) {
        Set<String> headings = new LinkedHashSet<>();
        boolean code = false;
        for (String line : read(page).lines().toList()) {
            if (line.startsWith("```")) {
                code = !code;
            } else if (!code && line.matches("#{1,6} .*")) {
                headings.add(line.replaceFirst("#+ ", "").strip());
            }
        }
        return headings;
    }

    /** The anchors GitHub makes of a page's headings. */
    private static Set<String> anchors(Path page) {
        Set<String> anchors = new LinkedHashSet<>();
        headings(page).forEach(heading -> anchors.add(heading.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-')));
        return anchors;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
