package io.veriflow.domain.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retry plans and the other capability values an adapter declares. */
class RetryPlanTest {

    @Test
    void selectedStepsNeedAtLeastOneStep() {
        assertThatIllegalArgumentException().isThrownBy(() -> RetryPlan.of(RetryMode.SELECTED_STEPS));
        assertThat(new RetryPlan(RetryMode.SELECTED_STEPS, Set.of(StandardStep.DOCUMENT)).steps())
                .containsExactly(StandardStep.DOCUMENT);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = RetryMode.class, names = "SELECTED_STEPS", mode = EnumSource.Mode.EXCLUDE)
    void onlySelectedStepsSelectSteps(RetryMode mode) {
        assertThat(RetryPlan.of(mode).steps()).isEmpty();
        assertThatIllegalArgumentException().isThrownBy(() -> new RetryPlan(mode, Set.of(StandardStep.SELFIE)));
    }

    @Test
    void thePlansStepsAreACopy() {
        Set<StepKind> steps = new HashSet<>(Set.of(StandardStep.DOCUMENT));
        RetryPlan plan = new RetryPlan(RetryMode.SELECTED_STEPS, steps);

        steps.add(StandardStep.SELFIE);

        assertThat(plan.steps()).containsExactly(StandardStep.DOCUMENT);
        assertThatThrownBy(() -> plan.steps().add(StandardStep.RISK))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aModeIsRequired() {
        assertThatThrownBy(() -> new RetryPlan(null, Set.of())).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aPlatformLifetimeIsPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ExpiryPolicy.PlatformExpires(Duration.ZERO));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ExpiryPolicy.PlatformExpires(Duration.ofSeconds(-1)));
    }

    @Test
    void aProviderWithoutRetryModesDoesNotRetry() {
        var none = new ProviderCapabilities(ResumeSupport.NONE, Set.of(), WebhookStyle.THIN,
                new ExpiryPolicy.ProviderExpires());
        var some = new ProviderCapabilities(ResumeSupport.NONE, EnumSet.of(RetryMode.RESTART), WebhookStyle.THIN,
                new ExpiryPolicy.ProviderExpires());

        assertThat(none.retries()).isFalse();
        assertThat(some.retries()).isTrue();
    }
}
