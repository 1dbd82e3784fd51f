package io.veriflow.adapters.persona;

import io.veriflow.domain.model.OtherStep;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Persona's words for steps and their outcomes, in neutral terms. Every list here is open at Persona's side
 * (verification types, verification and report statuses, client error codes): an unknown word maps to an explicit
 * neutral value, never to an exception.
 */
final class PersonaVocabulary {

    private static final Pattern STEP_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private PersonaVocabulary() {
    }

    /**
     * The step a verification type stands for ({@code verification/government-id} and so on).
     *
     * <table>
     *   <caption>verification types</caption>
     *   <tr><td>government-id, government-id-nfc</td><td>DOCUMENT</td></tr>
     *   <tr><td>selfie</td><td>SELFIE</td></tr>
     *   <tr><td>database, database-*, aamva</td><td>DATA_CHECK</td></tr>
     *   <tr><td>phone-number</td><td>PHONE</td></tr>
     *   <tr><td>document (a generic, non-government document)</td><td>OTHER(generic-document)</td></tr>
     *   <tr><td>anything else, e.g. email-address</td><td>OTHER(its name)</td></tr>
     * </table>
     */
    static Optional<StepKind> verificationStep(String type) {
        if (type == null || !type.startsWith("verification/")) {
            return Optional.empty();
        }
        String kind = type.substring("verification/".length()).toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "government-id", "government-id-nfc" -> Optional.of(StandardStep.DOCUMENT);
            case "selfie" -> Optional.of(StandardStep.SELFIE);
            case "phone-number" -> Optional.of(StandardStep.PHONE);
            case "aamva" -> Optional.of(StandardStep.DATA_CHECK);
            case "document" -> Optional.of(new OtherStep("generic-document"));
            default -> kind.equals("database") || kind.startsWith("database-")
                    ? Optional.of(StandardStep.DATA_CHECK)
                    : otherStep(kind);
        };
    }

    /**
     * The step a report type stands for: screening reports ({@code report/watchlist},
     * {@code report/politically-exposed-person}, {@code report/adverse-media}) are the WATCHLIST step; other reports
     * (address lookups, profiles...) are enrichment, not steps of the flow.
     */
    static Optional<StepKind> reportStep(String type) {
        if (type == null) {
            return Optional.empty();
        }
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "report/watchlist", "report/politically-exposed-person", "report/adverse-media" ->
                    Optional.of(StandardStep.WATCHLIST);
            default -> Optional.empty();
        };
    }

    /**
     * A verification's status as a step status: {@code initiated}, {@code submitted} and {@code requires_retry} are
     * under way (ACTIVE); {@code passed} and {@code confirmed} PASSED; {@code failed} FAILED; {@code canceled}
     * (for example by the inquiry expiring) PENDING, since a resume runs it again; anything else ACTIVE: the
     * verification exists, so the step has started, and nothing more is known.
     */
    static StepStatus verificationStatus(String status) {
        if (status == null) {
            return StepStatus.ACTIVE;
        }
        return switch (status.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "passed", "confirmed" -> StepStatus.PASSED;
            case "failed" -> StepStatus.FAILED;
            case "canceled", "cancelled" -> StepStatus.PENDING;
            default -> StepStatus.ACTIVE;
        };
    }

    /**
     * A screening report's status: {@code ready} without a match PASSED, {@code ready} with a match IN_REVIEW (a
     * hit is for a human to judge; the inquiry's own status carries any decision), anything else ({@code pending},
     * {@code errored}, unknown) ACTIVE.
     */
    static StepStatus reportStatus(String status, boolean hasMatch) {
        if ("ready".equalsIgnoreCase(status)) {
            return hasMatch ? StepStatus.IN_REVIEW : StepStatus.PASSED;
        }
        return StepStatus.ACTIVE;
    }

    /**
     * The step a client page belongs to, from a {@code page-change} event's {@code path} ({@code
     * verification/government-id}) or, failing that, its {@code name} ({@code verification_government_id}). Pages
     * that are not verifications (start, success, custom pages) belong to no step.
     */
    static Optional<StepKind> pageStep(Optional<String> path, Optional<String> name) {
        Optional<StepKind> fromPath = path.map(value -> value.toLowerCase(Locale.ROOT))
                .filter(value -> value.startsWith("verification/"))
                .flatMap(PersonaVocabulary::verificationStep);
        if (fromPath.isPresent()) {
            return fromPath;
        }
        return name.map(value -> value.toLowerCase(Locale.ROOT))
                .filter(value -> value.startsWith("verification_"))
                .map(value -> "verification/" + value.substring("verification_".length()).replace('_', '-'))
                .flatMap(PersonaVocabulary::verificationStep);
    }

    /**
     * Whether a web {@code onError} code leaves the flow unusable. Persona documents {@code onError} as errors "that
     * prevent the inquiry flow from being usable", so every code blocks, including unknown future ones, except
     * {@code camera_error}, which Persona documents as noisy and for monitoring only.
     */
    static boolean errorBlocksFlow(String code) {
        return switch (code) {
            case "camera_error" -> false;
            default -> true;
        };
    }

    private static Optional<StepKind> otherStep(String name) {
        String normalised = name.replace('/', '-').replace('_', '-');
        if (!STEP_NAME.matcher(normalised).matches()) {
            return Optional.empty();
        }
        return Optional.of(StepKind.fromCode(normalised));
    }
}
