package io.veriflow.app.provider;

import java.util.Locale;

/** The provider SPI's calls, and whether re-sending one after an unknown outcome is safe. */
enum ProviderOperation {
    START(false),
    FETCH(true),
    RESUME(false),
    RETRY(false);

    private final boolean read;

    ProviderOperation(boolean read) {
        this.read = read;
    }

    /**
     * Whether the call only reads. A read may be re-sent after any {@code ProviderUnavailable}, a timeout included; a
     * write only when the provider said it did not process it (see {@link RetryRules}).
     */
    boolean read() {
        return read;
    }

    /** {@code start}, {@code fetch}, ...: the span name suffix and attribute value. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
