package io.veriflow.app.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.veriflow.domain.model.ProcessState;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.ReasonCode;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.session.ClientProgress;
import io.veriflow.domain.session.ReconcileRequest;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The JSON documents kept in jsonb columns, as small serde records of their own: the domain types carry no
 * serialisation annotations, and the stored shape stays stable when a domain type changes. Enums are stored by name,
 * step kinds by {@link StepKind#code()}, instants as ISO-8601 text (nanosecond precision survives).
 */
@Singleton
final class Documents {

    private final JsonMapper json;

    Documents(JsonMapper json) {
        this.json = json;
    }

    String write(Snapshot snapshot) {
        return toJson(new SnapshotDocument(
                snapshot.ref().value(),
                snapshot.previousRef().map(ProviderRef::value).orElse(null),
                snapshot.subject().map(SubjectRef::value).orElse(null),
                snapshot.status().name(),
                snapshot.providerStatus(),
                stepDocuments(snapshot.steps()),
                snapshot.reasons().stream().map(ReasonCode::value).toList(),
                snapshot.asOf().toString()));
    }

    Snapshot readSnapshot(String text) {
        SnapshotDocument document = fromJson(text, SnapshotDocument.class);
        return new Snapshot(
                new ProviderRef(document.ref()),
                Optional.ofNullable(document.previousRef()).map(ProviderRef::new),
                Optional.ofNullable(document.subject()).map(SubjectRef::new),
                SnapshotStatus.valueOf(document.status()),
                document.providerStatus(),
                steps(document.steps()),
                orEmpty(document.reasons()).stream().map(ReasonCode::new).toList(),
                Instant.parse(document.asOf()));
    }

    String write(ClientProgress progress) {
        return toJson(new ClientProgressDocument(progress.furthest().name(), stepDocuments(progress.steps())));
    }

    ClientProgress readClientProgress(String text) {
        ClientProgressDocument document = fromJson(text, ClientProgressDocument.class);
        return new ClientProgress(ProcessState.valueOf(document.furthest()), steps(document.steps()));
    }

    String write(ReconcileRequest request) {
        return toJson(new ReconcileRequestDocument(request.ref().value(), request.why().name()));
    }

    ReconcileRequest readReconcileRequest(String text) {
        ReconcileRequestDocument document = fromJson(text, ReconcileRequestDocument.class);
        return new ReconcileRequest(new ProviderRef(document.ref()), ReconcileRequest.Why.valueOf(document.why()));
    }

    private static List<StepDocument> stepDocuments(List<Step> steps) {
        return steps.stream().map(step -> new StepDocument(step.kind().code(), step.status().name())).toList();
    }

    private static List<Step> steps(@Nullable List<StepDocument> documents) {
        return orEmpty(documents).stream()
                .map(step -> new Step(StepKind.fromCode(step.kind()), StepStatus.valueOf(step.status())))
                .toList();
    }

    private static <T> List<T> orEmpty(@Nullable List<T> list) {
        return list == null ? List.of() : list;
    }

    private String toJson(Object document) {
        try {
            return json.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + document.getClass().getSimpleName(), e);
        }
    }

    private <T> T fromJson(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored " + type.getSimpleName() + " is not readable", e);
        }
    }

    /** A {@link Snapshot}; {@code asOf} is ISO-8601 text. */
    @Serdeable
    record SnapshotDocument(
            String ref,
            @Nullable String previousRef,
            @Nullable String subject,
            String status,
            String providerStatus,
            @Nullable List<StepDocument> steps,
            @Nullable List<String> reasons,
            String asOf) {
    }

    /** A {@link Step}: the kind's code and the status's name. */
    @Serdeable
    record StepDocument(String kind, String status) {
    }

    /** A {@link ClientProgress}. */
    @Serdeable
    record ClientProgressDocument(String furthest, @Nullable List<StepDocument> steps) {
    }

    /** A {@link ReconcileRequest}, the payload of a reconcile task. */
    @Serdeable
    record ReconcileRequestDocument(String ref, String why) {
    }
}
