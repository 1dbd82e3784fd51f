package io.veriflow.app.reliability;

import java.security.SecureRandom;
import java.util.stream.Stream;

/**
 * The seed of a randomised test: {@code -Dveriflow.seed=...} when given (to replay a run), else a fresh one. Tests take
 * it as their parameter, so it is in the test's display name, and put it in their failure messages.
 */
final class Seeds {

    static final String PROPERTY = "veriflow.seed";

    private Seeds() {
    }

    static Stream<Long> seed() {
        Long given = Long.getLong(PROPERTY);
        return Stream.of(given != null ? given : new SecureRandom().nextLong());
    }
}
