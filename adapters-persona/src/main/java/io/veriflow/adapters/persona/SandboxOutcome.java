package io.veriflow.adapters.persona;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the sandbox can make happen to an inquiry ({@code POST /sandbox/persona/inquiries/{id}/simulate}), after
 * Persona's own sandbox simulate actions, with the statuses each may start from and the event it sends.
 */
enum SandboxOutcome {
    START("start", "inquiry.started", "pending", Set.of("created")),
    COMPLETE("complete", "inquiry.completed", "completed", Set.of("created", "pending")),
    FAIL("fail", "inquiry.failed", "failed", Set.of("created", "pending")),
    EXPIRE("expire", "inquiry.expired", "expired", Set.of("created", "pending")),
    MARK_FOR_REVIEW("mark_for_review", "inquiry.marked-for-review", "needs_review",
            Set.of("created", "pending", "completed")),
    APPROVE("approve", "inquiry.approved", "approved",
            Set.of("created", "pending", "completed", "needs_review", "declined")),
    DECLINE("decline", "inquiry.declined", "declined",
            Set.of("created", "pending", "completed", "needs_review", "approved"));

    private final String word;
    private final String event;
    private final String status;
    private final Set<String> from;

    SandboxOutcome(String word, String event, String status, Set<String> from) {
        this.word = word;
        this.event = event;
        this.status = status;
        this.from = from;
    }

    /** Accepts {@code mark_for_review}, {@code mark-for-review} and any letter case. */
    static Optional<SandboxOutcome> of(String word) {
        if (word == null) {
            return Optional.empty();
        }
        String normalised = word.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(outcome -> outcome.word.equals(normalised)).findFirst();
    }

    String word() {
        return word;
    }

    String event() {
        return event;
    }

    String status() {
        return status;
    }

    boolean allowedFrom(String current) {
        return from.contains(current);
    }
}
