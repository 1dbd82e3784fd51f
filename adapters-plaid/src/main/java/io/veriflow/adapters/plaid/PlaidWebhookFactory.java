package io.veriflow.adapters.plaid;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires webhook verification: keys from Plaid's {@code /webhook_verification_key/get}, through {@link PlaidApi}. */
@Factory
final class PlaidWebhookFactory {

    @Singleton
    WebhookKeys webhookKeys(PlaidApi api, Clock clock) {
        return new WebhookKeys(kid -> api.post(PlaidEndpoint.WEBHOOK_KEY_GET,
                JsonText.object().put("key_id", kid).build()).get("key"), clock);
    }

    @Singleton
    PlaidWebhookVerifier plaidWebhookVerifier(WebhookKeys keys, Clock clock) {
        return new PlaidWebhookVerifier(keys, clock);
    }
}
