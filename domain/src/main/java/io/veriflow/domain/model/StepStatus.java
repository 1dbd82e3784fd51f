package io.veriflow.domain.model;

/** Where one step stands. */
public enum StepStatus {
    /** Not reached yet; may never run. */
    PENDING(0),
    /** The user's current step. */
    ACTIVE(1),
    PASSED(2),
    FAILED(2),
    /** Skipped (for example by the plan of a retried attempt). */
    SKIPPED(2),
    /** Waiting for a human reviewer. */
    IN_REVIEW(2),
    /** Will not run in this session. */
    NOT_APPLICABLE(2);

    private final int progress;

    StepStatus(int progress) {
        this.progress = progress;
    }

    /** 0 not started, 1 under way, 2 settled. Statuses of equal progress are ordered by declaration. */
    public int progress() {
        return progress;
    }

    public boolean settled() {
        return progress == 2;
    }

    /** The further of two statuses; ties between settled statuses resolve by declaration order, deterministically. */
    public static StepStatus furthest(StepStatus a, StepStatus b) {
        if (a.progress != b.progress) {
            return a.progress > b.progress ? a : b;
        }
        return a.ordinal() >= b.ordinal() ? a : b;
    }
}
