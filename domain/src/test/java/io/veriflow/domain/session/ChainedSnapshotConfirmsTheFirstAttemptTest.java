package io.veriflow.domain.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.Outcomes;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.signal.AuthoritativeSnapshot;
import io.veriflow.domain.signal.SignalMeta;
import io.veriflow.domain.signal.Snapshot;
import io.veriflow.domain.signal.SnapshotStatus;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.SignalName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A session started without a provider id (Plaid Link creates the attempt). If the retry's snapshot, chained to the
 * first attempt, is read before the first attempt's own snapshot, the chain confirms the first attempt; either order
 * ends in the same two attempts.
 */
class ChainedSnapshotConfirmsTheFirstAttemptTest {

    private static final Instant T0 = Instant.parse("2026-05-04T15:00:00Z");
    private static final SubjectRef SUBJECT = new SubjectRef("cus_1");
    private static final ProviderRef FIRST = new ProviderRef("idv_first");
    private static final ProviderRef SECOND = new ProviderRef("idv_second");

    private static VerificationSession unconfirmed() {
        return VerificationSession.start(SessionId.fromParts(T0.toEpochMilli(), 1, 1), new TenantId("acme"),
                new ProviderId("plaid"), SUBJECT, new TemplateRef("idvtmp_1"), Optional.empty(), T0).session();
    }

    private static AuthoritativeSnapshot read(ProviderRef ref, Optional<ProviderRef> previous, SnapshotStatus status,
            int minutes) {
        Instant asOf = T0.plusSeconds(60L * minutes);
        return new AuthoritativeSnapshot(new SignalMeta(new DedupeKey("fetch-" + ref), new SignalName("plaid.api.fetch"),
                Optional.of(asOf), asOf), new Snapshot(ref, previous, Optional.of(SUBJECT), status, status.name(),
                List.of(), List.of(), asOf));
    }

    @Test
    void theRetrysSnapshotFirstConfirmsTheFirstAttemptAndEitherOrderAgrees() {
        var failed = read(FIRST, Optional.empty(), SnapshotStatus.FAILED, 5);
        var passed = read(SECOND, Optional.of(FIRST), SnapshotStatus.PASSED, 10);

        var secondFirst = Outcomes.changed(unconfirmed().apply(passed)).session();
        assertThat(secondFirst.attempts()).extracting(Attempt::ref)
                .containsExactly(Optional.of(FIRST), Optional.of(SECOND));
        var thenFirst = Outcomes.changed(secondFirst.apply(failed)).session();

        var inOrder = Outcomes.changed(Outcomes.changed(unconfirmed().apply(failed)).session().apply(passed)).session();

        assertThat(thenFirst.attempts()).isEqualTo(inOrder.attempts());
        assertThat(thenFirst.decision()).isEqualTo(inOrder.decision());
    }
}
