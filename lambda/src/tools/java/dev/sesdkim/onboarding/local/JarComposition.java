package dev.sesdkim.onboarding.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What makes the shaded jar: for each runtime dependency, the bytes its entries take in the jar (compressed data plus
 * the local and central zip headers, which carry each entry's name twice: with some 12,000 entries they are a fifth of
 * the file). An entry several dependencies carry counts for the first on the class path.
 */
record JarComposition(long bytes, int entries, Map<String, Long> contributions) {

    /** A zip local header is 30 bytes and a central directory record 46, each followed by the entry's name. */
    private static final int HEADER_BYTES = 30 + 46;

    static JarComposition of(Path shadedJar, Path runtimeClassPath) throws IOException {
        Map<String, Long> sizes = new HashMap<>();
        try (ZipFile jar = new ZipFile(shadedJar.toFile())) {
            for (Enumeration<? extends ZipEntry> all = jar.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                sizes.put(entry.getName(), entry.getCompressedSize() + HEADER_BYTES
                        + 2L * entry.getName().getBytes(StandardCharsets.UTF_8).length);
            }
        }
        Map<String, Long> contributions = new LinkedHashMap<>();
        Set<String> claimed = new HashSet<>();
        if (Files.exists(runtimeClassPath)) {
            for (String dependency : Files.readString(runtimeClassPath).strip().split(java.io.File.pathSeparator)) {
                long bytes = 0;
                try (ZipFile jar = new ZipFile(dependency)) {
                    for (Enumeration<? extends ZipEntry> all = jar.entries(); all.hasMoreElements(); ) {
                        String name = all.nextElement().getName();
                        if (sizes.containsKey(name) && !name.endsWith("/") && claimed.add(name)) {
                            bytes += sizes.get(name);
                        }
                    }
                }
                contributions.put(Path.of(dependency).getFileName().toString().replaceFirst("\\.jar$", ""), bytes);
            }
        }
        long rest = sizes.entrySet().stream().filter(entry -> !claimed.contains(entry.getKey())).mapToLong(Map.Entry::getValue).sum();
        Map<String, Long> sorted = new LinkedHashMap<>();
        contributions.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        sorted.put("(the function's own classes, merged service files, directories)", rest);
        return new JarComposition(Files.size(shadedJar), sizes.size(), sorted);
    }
}
