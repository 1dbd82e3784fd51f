package io.veriflow.app.work;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Operators' view of stuck tasks. Under {@code /admin}, which only operators may call. */
@Controller("/admin/tasks")
@ExecuteOn(TaskExecutors.BLOCKING)
class StuckTasksController {

    private final StuckTasks stuckTasks;

    StuckTasksController(StuckTasks stuckTasks) {
        this.stuckTasks = stuckTasks;
    }

    /**
     * Unfinished tasks attempted too often or waiting too long, oldest first: ids, counts, times and the last error
     * (class and sanitised message), no personal data.
     */
    @Get(uri = "/stuck", produces = MediaType.APPLICATION_JSON)
    StuckTasks.Report stuck() {
        return stuckTasks.report();
    }
}
