package io.veriflow.domain.model;

import java.util.regex.Pattern;

/** An onboarding product team using the platform. Every tenant-owned record carries one. */
public record TenantId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public TenantId {
        Checks.matching(value, SHAPE, "tenant id", "1-63 characters of a-z, 0-9, '_' or '-', starting with a letter or digit");
    }

    @Override
    public String toString() {
        return value;
    }
}
