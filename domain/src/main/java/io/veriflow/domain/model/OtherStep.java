package io.veriflow.domain.model;

import java.util.regex.Pattern;

/** A provider step with no standard equivalent, kept under a normalised provider name. */
public record OtherStep(String name) implements StepKind {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public OtherStep {
        Checks.matching(name, SHAPE, "step name", "1-63 characters of a-z, 0-9, '_' or '-'");
        for (StandardStep standard : StandardStep.values()) {
            if (standard.code().equals(name)) {
                throw new IllegalArgumentException("step name '" + name + "' is a standard step; use StandardStep");
            }
        }
    }

    @Override
    public String code() {
        return name;
    }
}
