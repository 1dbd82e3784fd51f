package io.veriflow.app.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * How long each phase of a test took, printed as one line when the test ends (durations and counts only, never a
 * payload or credential), so a slow machine or a slow change shows where the time goes.
 */
final class Phases {

    private final String test;
    private final List<String> done = new ArrayList<>();
    private long started = System.nanoTime();

    Phases(String test) {
        this.test = test;
    }

    /** Ends the current phase under {@code name} and starts the next. */
    void done(String name) {
        long now = System.nanoTime();
        done.add(String.format("%s %.1f s", name, (now - started) / 1e9));
        started = now;
    }

    void print() {
        System.out.println(test + ": " + String.join(", ", done));
    }
}
