package io.veriflow.app.work;

import io.micronaut.context.annotation.Factory;
import io.veriflow.app.usecase.InTransaction;
import io.veriflow.app.usecase.Providers;
import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.port.out.VerificationSessions;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires this package's plain classes. */
@Factory
class WorkFactory {

    @Singleton
    ExpireOverdueSessions expireOverdueSessions(SessionSweeps sweeps, VerificationSessions sessions,
            Notifications notifications, InTransaction inTransaction, Providers providers, Clock clock) {
        return new ExpireOverdueSessions(sweeps, sessions, notifications, inTransaction, providers, clock);
    }
}
