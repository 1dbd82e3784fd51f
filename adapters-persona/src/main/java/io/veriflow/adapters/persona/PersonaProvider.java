package io.veriflow.adapters.persona;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.WebhookStyle;
import java.util.Set;

/** What Persona is to the platform: its id and what it supports. */
public final class PersonaProvider {

    public static final ProviderId ID = new ProviderId("persona");

    /**
     * Persona resumes pending and expired inquiries with a fresh session token (same inquiry, no new attempt); it has
     * no retry that opens a new attempt; its inquiry webhooks embed the inquiry; it expires inquiries itself.
     */
    public static final ProviderCapabilities CAPABILITIES = new ProviderCapabilities(
            ResumeSupport.OPEN_AND_EXPIRED_ATTEMPTS, Set.of(), WebhookStyle.FAT, new ExpiryPolicy.ProviderExpires());

    private PersonaProvider() {
    }
}
