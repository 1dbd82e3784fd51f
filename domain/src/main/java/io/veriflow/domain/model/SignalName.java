package io.veriflow.domain.model;

import java.util.regex.Pattern;

/**
 * What the provider called a signal, qualified by the channel it came through, for the timeline: {@code
 * persona.onCancel}, {@code plaid.webhook.STATUS_UPDATED}, {@code persona.api.inquiry}. Never carries personal data.
 */
public record SignalName(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}");

    public SignalName {
        Checks.matching(value, SHAPE, "signal name", "1-128 characters of letters, digits and _ . : / -");
    }

    @Override
    public String toString() {
        return value;
    }
}
