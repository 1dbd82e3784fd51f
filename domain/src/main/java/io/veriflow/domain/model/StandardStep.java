package io.veriflow.domain.model;

import java.util.Locale;

/** The step kinds every provider maps onto. */
public enum StandardStep implements StepKind {
    /** Accepting terms and consent. */
    TERMS,
    /** Phone possession (SMS code). */
    PHONE,
    /** Matching the entered identity against data sources. */
    DATA_CHECK,
    /** A government identity document. */
    DOCUMENT,
    /** A selfie or liveness check. */
    SELFIE,
    /** Sanctions, PEP and watchlist screening. */
    WATCHLIST,
    /** Device, behaviour and fraud risk scoring. */
    RISK;

    @Override
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
