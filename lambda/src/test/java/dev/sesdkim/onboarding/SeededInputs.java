package dev.sesdkim.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Inputs for the property tests, drawn from one seeded {@link Random}: the same cases on every run, so a failure names
 * its case index and replays as it is. {@code -Dproperties.seed=N} draws another set.
 */
final class SeededInputs {

    static final long SEED = Long.getLong("properties.seed", 20261208L);

    private final Random random;

    SeededInputs(String property) {
        this.random = new Random(SEED ^ property.hashCode());
    }

    /** {@code count} values of {@code draw}, for a {@code @MethodSource}. */
    static <T> Stream<T> cases(String property, int count, java.util.function.Function<SeededInputs, T> draw) {
        SeededInputs inputs = new SeededInputs(property);
        return Stream.generate(() -> draw.apply(inputs)).limit(count);
    }

    /** A string of {@code min} to {@code max} characters, each one of {@code chars}. */
    String string(String chars, int min, int max) {
        int[] codePoints = chars.codePoints().toArray();
        StringBuilder text = new StringBuilder();
        int length = min + random.nextInt(max - min + 1);
        for (int i = 0; i < length; i++) {
            text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return text.toString();
    }

    @SafeVarargs
    final <T> T of(T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of {@code choices}, each drawn as often as its weight says. */
    @SafeVarargs
    final <T> T weighted(Weighted<T>... choices) {
        int total = Stream.of(choices).mapToInt(Weighted::weight).sum();
        int pick = random.nextInt(total);
        for (Weighted<T> choice : choices) {
            pick -= choice.weight();
            if (pick < 0) {
                return choice.draw().get();
            }
        }
        throw new IllegalStateException("weights must be positive");
    }

    /** {@code min} to {@code max} values of {@code draw}. */
    <T> List<T> list(Supplier<T> draw, int min, int max) {
        int size = min + random.nextInt(max - min + 1);
        List<T> values = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            values.add(draw.get());
        }
        return values;
    }

    record Weighted<T>(int weight, Supplier<T> draw) {
    }
}
