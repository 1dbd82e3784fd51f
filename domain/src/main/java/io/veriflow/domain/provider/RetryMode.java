package io.veriflow.domain.provider;

/** How a retry's new attempt is planned. */
public enum RetryMode {
    /** Start over from the first step. */
    RESTART,
    /** Start at the step that failed; passed steps are skipped. */
    FROM_FAILED_STEP,
    /** Let the provider choose between the two from the previous attempt's outcome. */
    PROVIDER_CHOOSES,
    /** Run exactly the selected steps. */
    SELECTED_STEPS
}
