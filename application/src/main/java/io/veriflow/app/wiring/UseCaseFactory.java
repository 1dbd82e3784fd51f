package io.veriflow.app.wiring;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.OpenTelemetry;
import io.veriflow.app.tracing.TracedUseCases;
import io.veriflow.app.tracing.UseCaseSpans;
import io.micronaut.transaction.TransactionOperations;
import io.veriflow.app.usecase.FindSessionsUseCase;
import io.veriflow.app.usecase.InTransaction;
import io.veriflow.app.usecase.Providers;
import io.veriflow.app.usecase.ReconcileSessionUseCase;
import io.veriflow.app.usecase.RecordSignalUseCase;
import io.veriflow.app.usecase.ResumeVerificationUseCase;
import io.veriflow.app.usecase.RetryVerificationUseCase;
import io.veriflow.app.usecase.SessionStore;
import io.veriflow.app.usecase.StartVerificationUseCase;
import io.veriflow.domain.port.in.FindSessions;
import io.veriflow.domain.port.in.ReconcileSession;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.port.in.ResumeVerification;
import io.veriflow.domain.port.in.RetryVerification;
import io.veriflow.domain.port.in.StartVerification;
import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.port.out.ReconcileTasks;
import io.veriflow.domain.port.out.SecretVault;
import io.veriflow.domain.port.out.SessionIds;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.port.out.VerificationSessions;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;

/**
 * Builds the use cases (plain classes) from the outbound-port beans, each wrapped in its tracing decorator: the beans
 * of the inbound-port types are the traced use cases.
 */
@Factory
class UseCaseFactory {

    /** Microsecond ticks: what PostgreSQL's timestamptz keeps, so a stored instant reads back equal. */
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    @Singleton
    SessionIds sessionIds(Clock clock) {
        return new TimeOrderedSessionIds(clock);
    }

    @Singleton
    InTransaction inTransaction(TransactionOperations<Connection> transactions) {
        return new JdbcInTransaction(transactions);
    }

    @Singleton
    SessionStore sessionStore(
            VerificationSessions sessions,
            SignalLog signals,
            Notifications notifications,
            ReconcileTasks reconcileTasks,
            SecretVault vault,
            InTransaction inTransaction,
            Clock clock) {
        return new SessionStore(sessions, signals, notifications, reconcileTasks, vault, inTransaction, clock);
    }

    @Singleton
    UseCaseSpans useCaseSpans(OpenTelemetry openTelemetry) {
        return new UseCaseSpans(openTelemetry.getTracer("io.veriflow"));
    }

    @Singleton
    RecordSignal recordSignal(SessionStore store, UseCaseSpans spans) {
        return TracedUseCases.of(new RecordSignalUseCase(store), spans);
    }

    @Singleton
    StartVerification startVerification(SessionStore store, Providers providers, SessionIds ids, UseCaseSpans spans) {
        return TracedUseCases.of(new StartVerificationUseCase(store, providers, ids), spans);
    }

    /**
     * {@code veriflow.resume.token-reuse} (default 10m, {@code 0s} turns it off): how long a token issued by a resume
     * is handed out again to a repeated resume instead of asking the provider for another one.
     */
    @Singleton
    ResumeVerification resumeVerification(SessionStore store, Providers providers, UseCaseSpans spans,
            @Value("${veriflow.resume.token-reuse:10m}") Duration tokenReuse) {
        return TracedUseCases.of(new ResumeVerificationUseCase(store, providers, tokenReuse), spans);
    }

    @Singleton
    /**
     * @param defaultMode the retry mode used when a retry request names none ({@code veriflow.retry.default-mode}:
     *     {@code restart}, {@code from_failed_step} or {@code provider_chooses}; default {@code provider_chooses},
     *     which is Plaid's {@code infer})
     */
    RetryVerification retryVerification(SessionStore store, Providers providers, UseCaseSpans spans,
            @Value("${veriflow.retry.default-mode:provider_chooses}") String defaultMode) {
        RetryMode mode = switch (defaultMode.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "restart" -> RetryMode.RESTART;
            case "from_failed_step" -> RetryMode.FROM_FAILED_STEP;
            case "provider_chooses" -> RetryMode.PROVIDER_CHOOSES;
            default -> throw new IllegalStateException("veriflow.retry.default-mode must be restart, from_failed_step"
                    + " or provider_chooses");
        };
        RetryPlan plan = RetryPlan.of(mode);
        return TracedUseCases.of(new RetryVerificationUseCase(store, providers, provider -> plan), spans);
    }

    @Singleton
    ReconcileSession reconcileSession(
            SessionStore store, Providers providers, RecordSignal recordSignal, UseCaseSpans spans) {
        return TracedUseCases.of(new ReconcileSessionUseCase(store, providers, recordSignal), spans);
    }

    @Singleton
    FindSessions findSessions(SessionStore store, UseCaseSpans spans) {
        return TracedUseCases.of(new FindSessionsUseCase(store), spans);
    }
}
