package io.veriflow.app.infrastructure.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Database names reach SQL unquoted, so only plain lower-case identifiers are accepted. */
class EmbeddedDatabaseTest {

    @ParameterizedTest
    @ValueSource(strings = {"veriflow", "_x", "veriflow_0123456789abcdef"})
    void acceptsPlainIdentifiers(String name) {
        assertThat(new EmbeddedDatabase(5432, name, false).jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/" + name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Veriflow", "1db", "veri-flow", "x; DROP DATABASE postgres", "\"quoted\"",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void rejectsAnythingElse(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> new EmbeddedDatabase(5432, name, false));
    }
}
