package io.veriflow.app.usecase;

import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.port.in.RetryVerification;
import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.RetryPlan;
import io.veriflow.domain.session.Permission;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import java.util.Optional;
import java.util.function.Function;

/** Replaces a failed or expired attempt with a new one at the provider, chained to the previous attempt. */
public final class RetryVerificationUseCase implements RetryVerification {

    private final SessionStore store;
    private final Providers providers;
    private final Function<ProviderId, RetryPlan> defaultPlans;

    /** @param defaultPlans the deployment's configured retry plan per provider, used when a command names none */
    public RetryVerificationUseCase(
            SessionStore store, Providers providers, Function<ProviderId, RetryPlan> defaultPlans) {
        this.store = store;
        this.providers = providers;
        this.defaultPlans = defaultPlans;
    }

    @Override
    public Result retry(Command command) {
        Optional<VerificationSession> found = store.sessions().find(command.tenant(), command.session());
        if (found.isEmpty()) {
            return new NotFound();
        }
        VerificationSession session = found.get();
        VerificationProvider provider = providers.find(session.provider())
                .orElseThrow(() -> new IllegalStateException("no adapter installed for " + session.provider()));
        RetryPlan plan = command.plan().orElseGet(() -> defaultPlans.apply(session.provider()));
        if (session.mayRetry(provider.capabilities(), plan) instanceof Permission.Refused refused) {
            return new Refused(refused.reason());
        }
        VerificationProvider.StartedAttempt attempt = provider.retry(new VerificationProvider.RetryRequest(
                session.id(), session.providerRef(), session.subject(), session.template(), plan));
        var newRef = attempt.ref().orElseThrow(
                () -> new ProviderContractViolation("the provider's retry answer names no attempt"));
        SignalOutcome.Changed retried = session.retried(provider.capabilities(), plan, newRef, attempt.snapshot(),
                store.clock().instant());
        VerificationSession saved = store.inTransaction().run(() -> {
            VerificationSession stored = store.sessions().save(retried.session());
            store.notifications().enqueue(session.tenant(), retried.events());
            return stored;
        });
        return new Retried(saved, attempt.launch());
    }
}
