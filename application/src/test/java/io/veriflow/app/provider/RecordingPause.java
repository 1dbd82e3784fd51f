package io.veriflow.app.provider;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link Pause} that records each backoff instead of waiting it out. */
final class RecordingPause implements Pause {

    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public boolean await(Duration wait) {
        waits.add(wait);
        return true;
    }

    List<Duration> waits() {
        return List.copyOf(waits);
    }
}
