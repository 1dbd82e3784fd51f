package io.veriflow.domain.model;

/** What was decided about the subject. */
public enum Verdict {
    PASSED,
    FAILED,
    /** A human must look; a later authoritative change will pass or fail the session. */
    NEEDS_REVIEW
}
