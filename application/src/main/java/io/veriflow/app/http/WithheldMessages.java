package io.veriflow.app.http;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A copy of an exception's chain for the log, in which every message is replaced by its exception's class name: the
 * classes and stack frames say where it failed, and nothing the failing code wrote into a message is logged.
 */
final class WithheldMessages extends RuntimeException {

    private WithheldMessages(Throwable original, Throwable cause) {
        super(original.getClass().getName() + " (message withheld)", cause, false, true);
        setStackTrace(original.getStackTrace());
    }

    static Throwable of(Throwable original) {
        return copy(original, new IdentityHashMap<>());
    }

    private static Throwable copy(Throwable original, Map<Throwable, Boolean> seen) {
        seen.put(original, Boolean.TRUE);
        Throwable cause = original.getCause();
        return new WithheldMessages(original, cause == null || seen.containsKey(cause) ? null : copy(cause, seen));
    }
}
