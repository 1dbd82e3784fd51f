package io.veriflow.domain.model;

/**
 * A neutral kind of verification step. The standard kinds cover what Plaid and Persona both do; anything else is an
 * {@link OtherStep} with the provider's name, so new provider steps never break parsing.
 */
public sealed interface StepKind permits StandardStep, OtherStep {

    /** A stable lower-case code, used in reason codes, persistence and the API. */
    String code();

    /** Reads a code written by {@link #code()}. */
    static StepKind fromCode(String code) {
        for (StandardStep standard : StandardStep.values()) {
            if (standard.code().equals(code)) {
                return standard;
            }
        }
        return new OtherStep(code);
    }
}
