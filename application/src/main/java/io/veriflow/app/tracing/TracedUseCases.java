package io.veriflow.app.tracing;

import io.veriflow.domain.port.in.FindSessions;
import io.veriflow.domain.port.in.ReconcileSession;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.port.in.ResumeVerification;
import io.veriflow.domain.port.in.RetryVerification;
import io.veriflow.domain.port.in.StartVerification;
import io.veriflow.domain.port.out.SignalLog;
import io.veriflow.domain.session.SessionPage;
import io.veriflow.domain.session.SessionQuery;
import io.veriflow.domain.session.SignalOutcome;
import io.veriflow.domain.session.VerificationSession;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import java.util.List;
import java.util.Optional;

/** Decorators that give each inbound port one span per call (ARCHITECTURE.md section 5, "Tracing"). */
public final class TracedUseCases {

    private TracedUseCases() {
    }

    public static StartVerification of(StartVerification inner, UseCaseSpans spans) {
        return command -> spans.run("StartVerification", span -> {
            span.setAttribute(UseCaseSpans.TENANT, command.tenant().value());
            span.setAttribute(UseCaseSpans.PROVIDER, command.provider().value());
        }, () -> {
            StartVerification.Result result = inner.start(command);
            if (result instanceof StartVerification.Started started) {
                io.opentelemetry.api.trace.Span.current()
                        .setAttribute(UseCaseSpans.SESSION, started.session().id().toString());
            }
            return result;
        }, result -> result.getClass().getSimpleName());
    }

    public static RecordSignal of(RecordSignal inner, UseCaseSpans spans) {
        return command -> spans.run("RecordSignal", span -> {
            span.setAttribute(UseCaseSpans.PROVIDER, command.provider().value());
            span.setAttribute("veriflow.signal.authority", command.signal().authority().name());
            span.setAttribute("veriflow.signal.name", command.signal().meta().name().value());
            if (command.target() instanceof RecordSignal.ToSession toSession) {
                span.setAttribute(UseCaseSpans.TENANT, toSession.tenant().value());
                span.setAttribute(UseCaseSpans.SESSION, toSession.session().toString());
            }
        }, () -> inner.record(command), TracedUseCases::describe);
    }

    public static ResumeVerification of(ResumeVerification inner, UseCaseSpans spans) {
        return command -> spans.run("ResumeVerification", span -> {
            span.setAttribute(UseCaseSpans.TENANT, command.tenant().value());
            span.setAttribute(UseCaseSpans.SESSION, command.session().toString());
        }, () -> inner.resume(command), result -> result.getClass().getSimpleName());
    }

    public static RetryVerification of(RetryVerification inner, UseCaseSpans spans) {
        return command -> spans.run("RetryVerification", span -> {
            span.setAttribute(UseCaseSpans.TENANT, command.tenant().value());
            span.setAttribute(UseCaseSpans.SESSION, command.session().toString());
        }, () -> inner.retry(command), result -> result.getClass().getSimpleName());
    }

    public static ReconcileSession of(ReconcileSession inner, UseCaseSpans spans) {
        return command -> spans.run("ReconcileSession", span -> {
            span.setAttribute(UseCaseSpans.TENANT, command.tenant().value());
            span.setAttribute(UseCaseSpans.SESSION, command.session().toString());
            span.setAttribute("veriflow.reconcile.why", command.request().why().name());
        }, () -> inner.reconcile(command), result -> switch (result) {
            case ReconcileSession.Reconciled reconciled -> "Reconciled." + describe(reconciled.outcome());
            case ReconcileSession.NotFound notFound -> "NotFound";
        });
    }

    public static FindSessions of(FindSessions inner, UseCaseSpans spans) {
        return new FindSessions() {
            @Override
            public Optional<VerificationSession> byId(TenantId tenant, SessionId session) {
                return spans.run("FindSessions.byId", span -> {
                    span.setAttribute(UseCaseSpans.TENANT, tenant.value());
                    span.setAttribute(UseCaseSpans.SESSION, session.toString());
                }, () -> inner.byId(tenant, session), found -> found.isPresent() ? "found" : "not_found");
            }

            @Override
            public SessionPage search(SessionQuery query) {
                return spans.run("FindSessions.search",
                        span -> span.setAttribute(UseCaseSpans.TENANT, query.tenant().value()),
                        () -> inner.search(query), page -> "page");
            }

            @Override
            public Optional<List<SignalLog.Entry>> timeline(TenantId tenant, SessionId session) {
                return spans.run("FindSessions.timeline", span -> {
                    span.setAttribute(UseCaseSpans.TENANT, tenant.value());
                    span.setAttribute(UseCaseSpans.SESSION, session.toString());
                }, () -> inner.timeline(tenant, session), found -> found.isPresent() ? "found" : "not_found");
            }
        };
    }

    private static String describe(RecordSignal.Result result) {
        return switch (result) {
            case RecordSignal.Applied applied -> "Applied." + describe(applied.outcome());
            case RecordSignal.Duplicate duplicate -> "Duplicate";
            case RecordSignal.UnknownSession unknown -> "UnknownSession";
        };
    }

    private static String describe(SignalOutcome outcome) {
        return switch (outcome) {
            case SignalOutcome.Changed changed -> "Changed";
            case SignalOutcome.Ignored ignored -> "Ignored." + ignored.reason().name();
            case SignalOutcome.Rejected rejected -> "Rejected." + rejected.reason().name();
        };
    }
}
