package io.veriflow.adapters.plaid;

import io.micronaut.json.JsonMapper;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.port.out.ClientCallbackTranslator;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * Plaid's {@link ClientCallbackTranslator}: Link's web {@code onSuccess}/{@code onExit}/{@code onEvent} (single or in
 * a batch), the React Native, iOS and Android forms of the same callbacks, and the webview's {@code plaidlink://}
 * redirects. The body shapes the front end forwards are documented on {@code LinkCallbackTranslator}.
 */
@Singleton
public final class PlaidClientCallbacks implements ClientCallbackTranslator {

    private final LinkCallbackTranslator translator;

    PlaidClientCallbacks(JsonMapper json) {
        this.translator = new LinkCallbackTranslator(json);
    }

    @Override
    public ProviderId provider() {
        return PlaidProvider.ID;
    }

    @Override
    public Translation translate(String body, Instant receivedAt) {
        return translator.translate(body, receivedAt);
    }
}
