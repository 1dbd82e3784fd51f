package io.veriflow.domain.model;

import java.util.regex.Pattern;

/**
 * Names a verification provider ({@code plaid}, {@code persona}, ...). An open value, not an enum: adding a provider
 * must not change the domain.
 */
public record ProviderId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z][a-z0-9-]{1,31}");

    public ProviderId {
        Checks.matching(value, SHAPE, "provider id", "2-32 characters of a-z, 0-9 or '-', starting with a letter");
    }

    @Override
    public String toString() {
        return value;
    }
}
