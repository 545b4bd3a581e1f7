package dev.sesdkim.onboarding;

import java.util.ArrayList;
import java.util.List;

/** Splits a list into consecutive pieces of at most a given size: SES and re-check messages take 100 domains at most. */
final class Chunks {

    private Chunks() {
    }

    static <T> List<List<T>> of(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(from + size, items.size())));
        }
        return chunks;
    }
}
