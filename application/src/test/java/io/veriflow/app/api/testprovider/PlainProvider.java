package io.veriflow.app.api.testprovider;

import io.micronaut.context.annotation.Requires;
import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.WebhookStyle;
import io.veriflow.domain.signal.Snapshot;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST ONLY: a provider ({@code testplain}) with no client callbacks (no {@code ClientCallbackTranslator}), no
 * resume and no retry.
 */
@Singleton
@Requires(property = TestProvider.ENABLED, value = "true")
public final class PlainProvider implements VerificationProvider {

    public static final ProviderId ID = new ProviderId("testplain");

    private final AtomicInteger counter = new AtomicInteger();

    @Override
    public ProviderId id() {
        return ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(ResumeSupport.NONE, Set.of(), WebhookStyle.FAT,
                new ExpiryPolicy.ProviderExpires());
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        ProviderRef ref = new ProviderRef("pl_" + counter.incrementAndGet());
        return new StartedAttempt(Optional.of(ref),
                new ClientLaunch(Optional.of(new ClientToken("pl-token")), Map.of(), Optional.empty()),
                Optional.empty());
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        throw new ProviderRejected("not_found", "testplain keeps no attempts");
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        throw new ProviderRejected("unsupported", "testplain cannot resume");
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        throw new ProviderRejected("unsupported", "testplain cannot retry");
    }
}
