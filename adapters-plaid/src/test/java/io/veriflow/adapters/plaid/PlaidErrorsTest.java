package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PlaidErrorsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-05T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        assertThat(PlaidErrors.retryAfter("12", CLOCK)).contains(Duration.ofSeconds(12));
        assertThat(PlaidErrors.retryAfter("Tue, 05 May 2026 10:01:30 GMT", CLOCK)).contains(Duration.ofSeconds(90));
        assertThat(PlaidErrors.retryAfter("Tue, 05 May 2026 09:00:00 GMT", CLOCK)).contains(Duration.ZERO);
        assertThat(PlaidErrors.retryAfter("-3", CLOCK)).contains(Duration.ZERO);
        assertThat(PlaidErrors.retryAfter("soon", CLOCK)).isEmpty();
        assertThat(PlaidErrors.retryAfter(null, CLOCK)).isEmpty();
    }

    @Test
    void unknownErrorTypesAreRejectionsAndHostileCodesAreNotEchoed() {
        var failure = PlaidErrors.fromResponse(PlaidEndpoint.IDV_GET, 400,
                "{\"error_type\": \"SOME_FUTURE_TYPE\", \"error_code\": \"SOME_CODE\", \"error_message\": \"m\"}",
                null, Fixtures.JSON, CLOCK);
        assertThat(failure).isInstanceOfSatisfying(ProviderRejected.class, rejected ->
                assertThat(rejected.code()).isEqualTo("SOME_FUTURE_TYPE/SOME_CODE"));
        var hostile = PlaidErrors.fromResponse(PlaidEndpoint.IDV_GET, 400,
                "{\"error_type\": \"INVALID_INPUT\", \"error_code\": \"leslie.knope@example.com <script>\"}",
                null, Fixtures.JSON, CLOCK);
        assertThat(hostile.getMessage()).doesNotContain("leslie");
    }

    @Test
    void anErrorTypeThatMeansPlaidSideIsUnavailableWhateverTheStatus() {
        assertThat(PlaidErrors.fromResponse(PlaidEndpoint.IDV_GET, 400,
                "{\"error_type\": \"RATE_LIMIT_EXCEEDED\", \"error_code\": \"IDENTITY_VERIFICATION_GET_LIMIT\"}",
                null, Fixtures.JSON, CLOCK)).isInstanceOf(ProviderUnavailable.class);
        assertThat(PlaidErrors.fromResponse(PlaidEndpoint.IDV_GET, 400, "", null, Fixtures.JSON, CLOCK))
                .isInstanceOf(ProviderContractViolation.class);
    }

    @Test
    void aRetryThatNeverReachedPlaidIsSafeToResend() {
        ProviderUnavailable refused = PlaidErrors.unreachable(PlaidEndpoint.IDV_RETRY,
                new RuntimeException("connect", new ConnectException("refused")));
        assertThat(refused.getCause()).isNotInstanceOf(TimeoutException.class);
        ProviderUnavailable reset = PlaidErrors.unreachable(PlaidEndpoint.IDV_RETRY, new RuntimeException("reset"));
        assertThat(reset.getCause()).isInstanceOf(TimeoutException.class);
        assertThat(PlaidErrors.timedOut(PlaidEndpoint.IDV_RETRY, new RuntimeException()).getCause())
                .isInstanceOf(TimeoutException.class);
        assertThat(PlaidErrors.timedOut(PlaidEndpoint.IDV_GET, new RuntimeException()).retryAfter())
                .isEqualTo(Optional.empty());
    }
}
