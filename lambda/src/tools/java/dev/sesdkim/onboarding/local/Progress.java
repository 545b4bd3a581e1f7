package dev.sesdkim.onboarding.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Progress lines for commands that run for minutes: what is running, how far it has got and how long it has taken,
 * so a long run is never silent. Ticks print at most one line per interval.
 */
final class Progress {

    private static final Duration EVERY = Duration.ofSeconds(10);

    private final PrintStream out;
    private final long started = System.nanoTime();
    private long lastLine = started;

    Progress(PrintStream out) {
        this.out = out;
    }

    /** A new step begins. */
    void step(String what) {
        print(what);
    }

    /** Work goes on: says how far, if nothing was printed for a while. */
    void tick(Supplier<String> howFar) {
        if (System.nanoTime() - lastLine >= EVERY.toNanos()) {
            print("  … " + howFar.get());
        }
    }

    private void print(String line) {
        lastLine = System.nanoTime();
        out.printf("[%4d s] %s%n", Duration.ofNanos(lastLine - started).toSeconds(), line);
        out.flush();
    }
}
