package io.veriflow.app.usecase;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.port.out.VerificationProvider;
import java.util.Optional;

/** The installed providers, already wrapped in retries, circuit breaking and tracing. */
@FunctionalInterface
public interface Providers {

    Optional<VerificationProvider> find(ProviderId id);
}
