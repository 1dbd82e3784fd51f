package io.veriflow.adapters.persona;

import io.veriflow.domain.signal.SnapshotStatus;
import java.util.Locale;

/**
 * Persona's inquiry {@code status} words in neutral terms. Persona warns the list is open: an unknown word maps to
 * {@link SnapshotStatus#UNKNOWN}, never to an exception.
 */
final class PersonaInquiryStatus {

    private PersonaInquiryStatus() {
    }

    static SnapshotStatus toNeutral(String status) {
        if (status == null) {
            return SnapshotStatus.UNKNOWN;
        }
        return switch (status.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "created" -> SnapshotStatus.NOT_STARTED;
            case "pending" -> SnapshotStatus.IN_PROGRESS;
            case "completed" -> SnapshotStatus.SUBMITTED;
            case "approved" -> SnapshotStatus.PASSED;
            case "failed", "declined" -> SnapshotStatus.FAILED;
            case "needs_review", "marked_for_review" -> SnapshotStatus.NEEDS_REVIEW;
            case "expired" -> SnapshotStatus.EXPIRED;
            default -> SnapshotStatus.UNKNOWN;
        };
    }
}
