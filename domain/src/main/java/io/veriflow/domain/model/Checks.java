package io.veriflow.domain.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** Validation helpers for the compact constructors of the value objects. */
final class Checks {

    private Checks() {
    }

    static String token(String value, String what, int maxLength) {
        Objects.requireNonNull(value, what + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " must not contain whitespace or control characters");
            }
        }
        return value;
    }

    static String matching(String value, Pattern pattern, String what, String rule) {
        Objects.requireNonNull(value, what + " must not be null");
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be " + rule);
        }
        return value;
    }
}
