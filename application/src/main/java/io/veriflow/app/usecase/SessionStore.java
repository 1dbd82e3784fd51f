package io.veriflow.app.usecase;

import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.port.out.ReconcileTasks;
import io.veriflow.domain.port.out.SecretVault;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.port.out.VerificationSessions;
import java.time.Clock;
import java.util.Objects;

/** The outbound ports every use case writes through, and the clock. Grouped to keep constructors short. */
public record SessionStore(
        VerificationSessions sessions,
        SignalLog signals,
        Notifications notifications,
        ReconcileTasks reconcileTasks,
        SecretVault vault,
        InTransaction inTransaction,
        Clock clock) {

    public SessionStore {
        Objects.requireNonNull(sessions, "sessions must not be null");
        Objects.requireNonNull(signals, "signals must not be null");
        Objects.requireNonNull(notifications, "notifications must not be null");
        Objects.requireNonNull(reconcileTasks, "reconcileTasks must not be null");
        Objects.requireNonNull(vault, "vault must not be null");
        Objects.requireNonNull(inTransaction, "inTransaction must not be null");
        Objects.requireNonNull(clock, "clock must not be null");
    }
}
