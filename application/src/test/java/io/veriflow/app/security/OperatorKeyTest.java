package io.veriflow.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.exceptions.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The operator key: optional, long enough, distinct from issued credentials, matched exactly. */
class OperatorKeyTest {

    private static final String KEY = Fixtures.OPERATOR_KEY;

    @Test
    void withoutAKeyTheAdminApiIsOffAndNothingMatches() {
        for (String unset : new String[] {null, "", "   "}) {
            OperatorKey key = new OperatorKey(unset);
            assertThat(key.configured()).isFalse();
            assertThat(key.matches("")).isFalse();
            assertThat(key.matches(KEY)).isFalse();
        }
    }

    @Test
    void onlyTheExactKeyMatches() {
        OperatorKey key = new OperatorKey(KEY);

        assertThat(key.configured()).isTrue();
        assertThat(key.matches(KEY)).isTrue();
        assertThat(key.matches(KEY + " ")).isFalse();
        assertThat(key.matches(KEY.substring(1))).isFalse();
        assertThat(key.matches(KEY.toUpperCase(java.util.Locale.ROOT))).isFalse();
        assertThat(key.matches(null)).isFalse();
    }

    @Test
    void surroundingWhitespaceInTheConfigurationIsIgnored() {
        assertThat(new OperatorKey("  " + KEY + "\n").matches(KEY)).isTrue();
    }

    @Test
    void aShortKeyIsRefusedWithoutEchoingIt() {
        String tooShort = "short-but-secret-31-characters!";
        assertThatThrownBy(() -> new OperatorKey(tooShort))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least 32")
                .hasMessageNotContaining(tooShort);
    }

    @Test
    void aKeyShapedLikeAnIssuedCredentialIsRefused() {
        assertThatThrownBy(() -> new OperatorKey("vfk_" + "a".repeat(40)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("a".repeat(40));
        assertThatThrownBy(() -> new OperatorKey("vfcs_" + "a".repeat(40)))
                .isInstanceOf(ConfigurationException.class);
    }
}
