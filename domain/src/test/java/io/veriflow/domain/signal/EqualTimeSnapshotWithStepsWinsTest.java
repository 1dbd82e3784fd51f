package io.veriflow.domain.signal;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.Step;
import io.veriflow.domain.model.StepStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A webhook may embed the resource without its steps (Persona's newer webhooks carry no {@code included}); an API
 * read of the same version has them. Whatever the order, the view with the steps is the one kept.
 */
class EqualTimeSnapshotWithStepsWinsTest {

    private static final Instant AS_OF = Instant.parse("2026-05-04T15:10:00Z");
    private static final ProviderRef REF = new ProviderRef("inq_1");

    private static Snapshot snapshot(List<Step> steps) {
        return new Snapshot(REF, Optional.empty(), Optional.empty(), SnapshotStatus.SUBMITTED, "completed", steps,
                List.of(), AS_OF);
    }

    @Test
    void theViewWithStepsIsNewerThanTheSameMomentWithout() {
        Snapshot withSteps = snapshot(List.of(new Step(StandardStep.DOCUMENT, StepStatus.PASSED)));
        Snapshot withoutSteps = snapshot(List.of());

        assertThat(withSteps.newerThan(withoutSteps)).isTrue();
        assertThat(withoutSteps.newerThan(withSteps)).isFalse();
    }

    @Test
    void aLaterViewWithoutStepsStillWins() {
        Snapshot earlierWithSteps = snapshot(List.of(new Step(StandardStep.DOCUMENT, StepStatus.PASSED)));
        Snapshot later = new Snapshot(REF, Optional.empty(), Optional.empty(), SnapshotStatus.PASSED, "approved",
                List.of(), List.of(), AS_OF.plusSeconds(1));

        assertThat(later.newerThan(earlierWithSteps)).isTrue();
    }
}
