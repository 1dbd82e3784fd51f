package io.veriflow.app.work;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;

/**
 * The read model of stuck tasks: unfinished tasks attempted at least {@code stuck-after-attempts} times, or created
 * longer than {@code stuck-after} ago. Oldest first, at most {@value #LIMIT}.
 */
@Singleton
public final class StuckTasks {

    static final int LIMIT = 500;

    private final TaskQueue queue;
    private final WorkProperties properties;
    private final Clock clock;

    StuckTasks(TaskQueue queue, WorkProperties properties, Clock clock) {
        this.queue = queue;
        this.properties = properties;
        this.clock = clock;
    }

    public Report report() {
        List<StuckTask> tasks = queue.stuck(new TaskQueue.StuckCriteria(properties.getStuckAfterAttempts(),
                clock.instant().minus(properties.getStuckAfter())), LIMIT);
        return new Report(properties.getStuckAfterAttempts(), properties.getStuckAfter().toString(), LIMIT, tasks);
    }

    /**
     * @param stuckAfterAttempts the attempt count from which a task is stuck
     * @param stuckAfter the age (ISO-8601 duration) from which an unfinished task is stuck
     * @param limit the most tasks listed
     */
    @Serdeable
    public record Report(int stuckAfterAttempts, String stuckAfter, int limit, List<StuckTask> tasks) {
    }
}
