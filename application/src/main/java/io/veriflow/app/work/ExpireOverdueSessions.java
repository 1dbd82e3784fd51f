package io.veriflow.app.work;

import io.veriflow.app.usecase.InTransaction;
import io.veriflow.app.usecase.Providers;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.port.out.ConcurrentSessionUpdate;
import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.session.SignalOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expires sessions left open longer than their provider's platform-enforced lifetime ({@link
 * ExpiryPolicy.PlatformExpires}; providers that expire attempts themselves are left alone). The domain decides
 * ({@code expireIfOverdue}); an expired session is saved and its events are queued for the tenant in one transaction.
 * A session changed concurrently is skipped and looked at again by the next sweep.
 */
public final class ExpireOverdueSessions {

    private static final Logger LOG = LoggerFactory.getLogger(ExpireOverdueSessions.class);

    private final SessionSweeps sweeps;
    private final VerificationSessions sessions;
    private final Notifications notifications;
    private final InTransaction inTransaction;
    private final Providers providers;
    private final Clock clock;

    public ExpireOverdueSessions(SessionSweeps sweeps, VerificationSessions sessions, Notifications notifications,
            InTransaction inTransaction, Providers providers, Clock clock) {
        this.sweeps = sweeps;
        this.sessions = sessions;
        this.notifications = notifications;
        this.inTransaction = inTransaction;
        this.providers = providers;
        this.clock = clock;
    }

    /** Expires up to {@code limitPerProvider} overdue sessions of each provider; returns how many were expired. */
    public int expireOverdue(int limitPerProvider) {
        Instant now = clock.instant();
        int expired = 0;
        for (ProviderId provider : sweeps.providersWithOpenSessions()) {
            Optional<ExpiryPolicy.PlatformExpires> policy = platformPolicyOf(provider);
            if (policy.isEmpty()) {
                continue;
            }
            Instant openedBy = now.minus(policy.get().lifetime());
            for (SessionSweeps.SessionKey key : sweeps.openSessionsOpenedBy(provider, openedBy, limitPerProvider)) {
                if (expire(key, policy.get(), now)) {
                    expired++;
                }
            }
        }
        return expired;
    }

    private Optional<ExpiryPolicy.PlatformExpires> platformPolicyOf(ProviderId provider) {
        return providers.find(provider)
                .map(VerificationProvider::capabilities)
                .map(capabilities -> capabilities.expiry())
                .filter(ExpiryPolicy.PlatformExpires.class::isInstance)
                .map(ExpiryPolicy.PlatformExpires.class::cast);
    }

    private boolean expire(SessionSweeps.SessionKey key, ExpiryPolicy policy, Instant now) {
        try {
            return inTransaction.run(() -> sessions.find(key.tenant(), key.session())
                    .map(session -> session.expireIfOverdue(policy, now))
                    .filter(SignalOutcome.Changed.class::isInstance)
                    .map(SignalOutcome.Changed.class::cast)
                    .map(changed -> {
                        sessions.save(changed.session());
                        notifications.enqueue(key.tenant(), changed.events());
                        return true;
                    })
                    .orElse(false));
        } catch (ConcurrentSessionUpdate e) {
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Could not expire session {} of tenant {}: {}", key.session(), key.tenant(), FailureText.of(e));
            return false;
        }
    }
}
