package io.veriflow.domain.model;

import java.util.List;
import java.util.Objects;

/** A verdict with the reasons behind it (typically the failed or reviewed steps). */
public record Decision(Verdict verdict, List<ReasonCode> reasons) {

    public Decision {
        Objects.requireNonNull(verdict, "verdict must not be null");
        reasons = List.copyOf(reasons);
    }

    public static Decision of(Verdict verdict, ReasonCode... reasons) {
        return new Decision(verdict, List.of(reasons));
    }
}
