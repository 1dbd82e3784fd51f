package io.veriflow.app.provider;

import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.util.Locale;

/** How one provider call ended, in the words traces and logs use ({@code ok}, {@code unavailable}, ...). */
enum CallOutcome {
    OK,
    UNAVAILABLE,
    REJECTED,
    CONTRACT_VIOLATION,
    /** Anything that is not a {@link ProviderFailure}: a bug in an adapter or here. */
    ERROR;

    static CallOutcome of(Throwable failure) {
        if (failure instanceof ProviderFailure providerFailure) {
            return switch (providerFailure) {
                case ProviderUnavailable unavailable -> UNAVAILABLE;
                case ProviderRejected rejected -> REJECTED;
                case ProviderContractViolation violation -> CONTRACT_VIOLATION;
            };
        }
        return ERROR;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
