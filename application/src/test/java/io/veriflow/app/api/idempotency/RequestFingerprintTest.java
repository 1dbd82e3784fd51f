package io.veriflow.app.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A fingerprint tells a repeated request from a different one, whatever the values contain. */
class RequestFingerprintTest {

    @Test
    void theSameRequestHasTheSameFingerprint() {
        assertThat(RequestFingerprint.of("POST /v1/sessions", "persona", "itmpl_1", "user-1"))
                .isEqualTo(RequestFingerprint.of("POST /v1/sessions", "persona", "itmpl_1", "user-1"))
                .hasSize(64)
                .matches("[0-9a-f]{64}");
    }

    @Test
    void anyDifferentValueChangesTheFingerprint() {
        String original = RequestFingerprint.of("POST /v1/sessions", "persona", "itmpl_1", "user-1");

        assertThat(RequestFingerprint.of("POST /v1/sessions", "plaid", "itmpl_1", "user-1")).isNotEqualTo(original);
        assertThat(RequestFingerprint.of("POST /v1/sessions", "persona", "itmpl_2", "user-1")).isNotEqualTo(original);
        assertThat(RequestFingerprint.of("POST /v1/sessions", "persona", "itmpl_1", "user-2")).isNotEqualTo(original);
    }

    @Test
    void valuesCannotRunTogetherIntoAnotherRequest() {
        assertThat(RequestFingerprint.of("ab", "c")).isNotEqualTo(RequestFingerprint.of("a", "bc"));
        assertThat(RequestFingerprint.of("a:1", "b")).isNotEqualTo(RequestFingerprint.of("a", "1:b"));
    }
}
