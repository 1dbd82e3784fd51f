package io.veriflow.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import org.junit.jupiter.api.Test;

/** The merges behind rule 5 are joins: commutative, idempotent, and never move a closed state. */
class OrderingOfStatesTest {

    @Test
    void furthestStepStatusIsCommutativeAndIdempotent() {
        for (StepStatus a : StepStatus.values()) {
            assertThat(StepStatus.furthest(a, a)).isEqualTo(a);
            for (StepStatus b : StepStatus.values()) {
                assertThat(StepStatus.furthest(a, b)).as("%s, %s", a, b).isEqualTo(StepStatus.furthest(b, a));
                for (StepStatus c : StepStatus.values()) {
                    assertThat(StepStatus.furthest(StepStatus.furthest(a, b), c)).as("%s, %s, %s", a, b, c)
                            .isEqualTo(StepStatus.furthest(a, StepStatus.furthest(b, c)));
                }
            }
        }
    }

    @Test
    void aSettledStepIsFurtherThanAnUnsettledOne() {
        assertThat(StepStatus.furthest(StepStatus.PASSED, StepStatus.ACTIVE)).isEqualTo(StepStatus.PASSED);
        assertThat(StepStatus.furthest(StepStatus.PENDING, StepStatus.ACTIVE)).isEqualTo(StepStatus.ACTIVE);
        assertThat(StepStatus.ACTIVE.settled()).isFalse();
        assertThat(StepStatus.NOT_APPLICABLE.settled()).isTrue();
    }

    @Test
    void furthestOpenStateIsCommutativeAndFollowsTheFlow() {
        ProcessState[] open = {ProcessState.CREATED, ProcessState.IN_PROGRESS, ProcessState.ABANDONED,
                ProcessState.SUBMITTED};
        for (int i = 0; i < open.length; i++) {
            for (int j = 0; j < open.length; j++) {
                assertThat(ProcessState.furthestOpen(open[i], open[j])).isEqualTo(open[Math.max(i, j)]);
            }
        }
    }

    @Test
    void closedStatesHaveNoOpenRank() {
        for (ProcessState state : ProcessState.values()) {
            boolean closed = state == ProcessState.DECIDED || state == ProcessState.EXPIRED
                    || state == ProcessState.CANCELED;
            assertThat(state.closed()).as("%s", state).isEqualTo(closed);
            if (closed) {
                assertThatIllegalStateException().isThrownBy(state::openRank);
            }
        }
    }
}
