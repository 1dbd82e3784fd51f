package io.veriflow.domain;

import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.WebhookStyle;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** Provider capabilities as adapters declare them. */
public final class Capabilities {

    /** The platform's lifetime for attempts of providers that do not expire them. */
    public static final Duration LIFETIME = Duration.ofHours(48);

    private Capabilities() {
    }

    /** Plaid IDV: reopens open attempts with a new link token, retries in every mode, thin webhooks, no expiry. */
    public static ProviderCapabilities plaidLike() {
        return new ProviderCapabilities(ResumeSupport.OPEN_ATTEMPTS, EnumSet.allOf(RetryMode.class),
                WebhookStyle.THIN, new ExpiryPolicy.PlatformExpires(LIFETIME));
    }

    /** Persona inquiries: resumes open and expired inquiries, no retry, fat webhooks, expires them itself. */
    public static ProviderCapabilities personaLike() {
        return new ProviderCapabilities(ResumeSupport.OPEN_AND_EXPIRED_ATTEMPTS, Set.of(), WebhookStyle.FAT,
                new ExpiryPolicy.ProviderExpires());
    }

    public static ProviderCapabilities resuming(ResumeSupport resume) {
        return new ProviderCapabilities(resume, Set.of(), WebhookStyle.THIN, new ExpiryPolicy.ProviderExpires());
    }

    public static ProviderCapabilities retrying(RetryMode... modes) {
        Set<RetryMode> set = modes.length == 0 ? Set.of() : EnumSet.of(modes[0], modes);
        return new ProviderCapabilities(ResumeSupport.NONE, set, WebhookStyle.THIN,
                new ExpiryPolicy.ProviderExpires());
    }
}
