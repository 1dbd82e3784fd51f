package io.veriflow.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Session ids are UUIDv7: time-ordered, canonical text, nothing else accepted. */
class SessionIdTest {

    private static final long MILLIS = Instant.parse("2025-03-03T09:00:00Z").toEpochMilli();

    @Test
    void fromPartsBuildsAVersion7UuidWithTheRfcVariant() {
        SessionId id = SessionId.fromParts(MILLIS, 0xabc, 0x0123_4567_89ab_cdefL);

        assertThat(id.value().version()).isEqualTo(7);
        assertThat(id.value().variant()).isEqualTo(2);
        assertThat(id.unixMillis()).isEqualTo(MILLIS);
    }

    @Test
    void fromPartsUsesOnlyTheLowerBitsOfTheRandomParts() {
        SessionId id = SessionId.fromParts(MILLIS, -1, -1L);

        assertThat(id.value().version()).isEqualTo(7);
        assertThat(id.value().variant()).isEqualTo(2);
        assertThat(id.unixMillis()).isEqualTo(MILLIS);
    }

    @Test
    void theTimestampMustFitIn48Bits() {
        assertThatIllegalArgumentException().isThrownBy(() -> SessionId.fromParts(-1, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> SessionId.fromParts(1L << 48, 0, 0));
        assertThat(SessionId.fromParts((1L << 48) - 1, 0, 0).unixMillis()).isEqualTo((1L << 48) - 1);
    }

    @Test
    void itRoundTripsThroughItsText() {
        SessionId id = SessionId.fromParts(MILLIS, 0x123, 0x0fed_cba9_8765_4321L);

        assertThat(SessionId.parse(id.toString())).isEqualTo(id);
        assertThat(id.toString()).isEqualTo(id.value().toString());
    }

    @Test
    void upperCaseTextIsTheSameId() {
        SessionId id = SessionId.fromParts(MILLIS, 0x123, 0x0fed_cba9_8765_4321L);

        assertThat(SessionId.parse(id.toString().toUpperCase(Locale.ROOT))).isEqualTo(id);
    }

    @Test
    void idsSortByCreationTime() {
        SessionId earlier = SessionId.fromParts(MILLIS, 0xfff, -1L);
        SessionId later = SessionId.fromParts(MILLIS + 1, 0, 0);

        assertThat(earlier.toString()).isLessThan(later.toString());
        assertThat(earlier.value()).isLessThan(later.value());
    }

    @Test
    void aVersion4UuidIsNotASessionId() {
        UUID v4 = UUID.fromString("3f1b9e4c-2d7a-4c1e-9b3a-1f2e3d4c5b6a");

        assertThatIllegalArgumentException().isThrownBy(() -> new SessionId(v4)).withMessageContaining("version 7");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionId.parse(v4.toString()));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "not-a-uuid", "01955b3b-ca80-72a5-8000-123456789abc-", "1-1-7-1-1",
            "01955b3bca8072a58000123456789abc", " 01955b3b-ca80-72a5-8000-123456789abc"})
    void parseRejectsAnythingButACanonicalUuid(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> SessionId.parse(text));
    }

    @Test
    void nullIsRejected() {
        assertThatNullPointerException().isThrownBy(() -> SessionId.parse(null));
        assertThatNullPointerException().isThrownBy(() -> new SessionId(null));
    }
}
