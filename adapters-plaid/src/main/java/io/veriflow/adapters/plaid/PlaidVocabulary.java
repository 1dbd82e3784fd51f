package io.veriflow.adapters.plaid;

import io.veriflow.domain.model.OtherStep;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.signal.SnapshotStatus;
import java.util.Locale;
import java.util.Optional;

/**
 * Plaid's IDV words in neutral terms: session statuses, step keys and Link view names, step statuses, retry
 * strategies. Plaid's enums are open: unknown values map to an explicit unknown, never to an exception.
 */
final class PlaidVocabulary {

    private PlaidVocabulary() {
    }

    /** {@code IdentityVerificationStatus}. */
    static SnapshotStatus sessionStatus(String status) {
        if (status == null) {
            return SnapshotStatus.UNKNOWN;
        }
        return switch (status) {
            case "active" -> SnapshotStatus.IN_PROGRESS;
            case "success" -> SnapshotStatus.PASSED;
            case "failed" -> SnapshotStatus.FAILED;
            case "pending_review" -> SnapshotStatus.NEEDS_REVIEW;
            case "expired" -> SnapshotStatus.EXPIRED;
            case "canceled" -> SnapshotStatus.CANCELED;
            default -> SnapshotStatus.UNKNOWN;
        };
    }

    /**
     * A {@code steps} key ({@code kyc_check}) or a Link {@code view_name} ({@code KYC_CHECK}) as a step kind; keys
     * Plaid adds later become {@link OtherStep}s.
     */
    static StepKind step(String keyOrViewName) {
        String key = keyOrViewName.strip().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "accept_tos" -> StandardStep.TERMS;
            case "verify_sms" -> StandardStep.PHONE;
            case "kyc_check" -> StandardStep.DATA_CHECK;
            case "documentary_verification" -> StandardStep.DOCUMENT;
            case "selfie_check" -> StandardStep.SELFIE;
            case "watchlist_screening", "screening" -> StandardStep.WATCHLIST;
            case "risk_check" -> StandardStep.RISK;
            default -> other(key);
        };
    }

    /** A name that is none of the known steps, normalised to a valid {@link OtherStep} code. */
    private static StepKind other(String key) {
        String name = key.replaceAll("[^a-z0-9_-]", "_");
        if (name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0))) {
            name = "x" + name;
        }
        if (name.length() > 63) {
            name = name.substring(0, 63);
        }
        return StepKind.fromCode(name);
    }

    /** {@code IdentityVerificationStepStatus}; empty for a value Plaid added later. */
    static Optional<StepStatus> stepStatus(String status) {
        if (status == null) {
            return Optional.empty();
        }
        return switch (status) {
            case "waiting_for_prerequisite" -> Optional.of(StepStatus.PENDING);
            case "active" -> Optional.of(StepStatus.ACTIVE);
            case "success", "manually_approved" -> Optional.of(StepStatus.PASSED);
            case "failed", "manually_rejected" -> Optional.of(StepStatus.FAILED);
            case "skipped" -> Optional.of(StepStatus.SKIPPED);
            case "pending_review" -> Optional.of(StepStatus.IN_REVIEW);
            // The step will not run any more: the session expired or was canceled before it.
            case "not_applicable", "expired", "canceled" -> Optional.of(StepStatus.NOT_APPLICABLE);
            default -> Optional.empty();
        };
    }

    /** The {@code strategy} of {@code /identity_verification/retry}. */
    static String strategy(RetryMode mode) {
        return switch (mode) {
            case RESTART -> "reset";
            case FROM_FAILED_STEP -> "incomplete";
            case PROVIDER_CHOOSES -> "infer";
            case SELECTED_STEPS -> "custom";
        };
    }
}
