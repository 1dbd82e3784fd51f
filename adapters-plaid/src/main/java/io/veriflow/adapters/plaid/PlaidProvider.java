package io.veriflow.adapters.plaid;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.WebhookStyle;
import java.time.Duration;
import java.util.EnumSet;

/** What Plaid Identity Verification is to the platform: its id and what it supports. */
public final class PlaidProvider {

    public static final ProviderId ID = new ProviderId("plaid");

    private PlaidProvider() {
    }

    /**
     * Plaid reopens an active attempt with a new link token; {@code /identity_verification/retry} opens a new attempt
     * in any of its four strategies; IDV webhooks are thin; attempts do not expire by themselves, so the platform
     * enforces {@code lifetime}.
     */
    public static ProviderCapabilities capabilities(Duration lifetime) {
        return new ProviderCapabilities(ResumeSupport.OPEN_ATTEMPTS, EnumSet.allOf(RetryMode.class),
                WebhookStyle.THIN, new ExpiryPolicy.PlatformExpires(lifetime));
    }
}
