package io.veriflow.domain.signal;

import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.StepKind;
import io.veriflow.domain.model.StepStatus;
import java.util.Objects;
import java.util.Optional;

/** What a client callback says, in neutral terms. None of these can carry a decision. */
public sealed interface HintContent {

    /** The flow was opened or became interactive (Plaid {@code OPEN}, Persona {@code onReady}/{@code start}). */
    record FlowOpened() implements HintContent {
    }

    /** The client reports progress on one step (Plaid {@code IDENTITY_VERIFICATION_PASS_STEP}...). */
    record StepReported(StepKind step, StepStatus status) implements HintContent {
        public StepReported {
            Objects.requireNonNull(step, "step must not be null");
            Objects.requireNonNull(status, "status must not be null");
        }
    }

    /**
     * The user left before finishing (Plaid {@code onExit}, Persona {@code onCancel}). The session becomes resumable.
     *
     * @param resumeToken a token to reopen the flow, when the provider handed one to the client (Persona)
     */
    record FlowExited(Optional<ClientToken> resumeToken) implements HintContent {
        public FlowExited {
            Objects.requireNonNull(resumeToken, "resumeToken must not be null (use Optional.empty())");
        }
    }

    /**
     * The user reached the end of the flow (Plaid {@code onSuccess}, Persona {@code onComplete}). This says nothing
     * about the verdict: whatever status the client claimed is kept for the timeline only.
     */
    record FlowFinished(Optional<String> claimedStatus) implements HintContent {
        public FlowFinished {
            Objects.requireNonNull(claimedStatus, "claimedStatus must not be null (use Optional.empty())");
        }
    }

    /**
     * The client reported an error (Persona {@code onError}, a Plaid exit error). {@code code} is the provider's code,
     * or {@code unclassified} for mobile errors that only carry a message.
     */
    record ClientFailed(String code, boolean blocksFlow) implements HintContent {
        public ClientFailed {
            Objects.requireNonNull(code, "code must not be null");
        }
    }

    /** Anything else the client reported (analytics events, unknown future names): recorded, moves nothing. */
    record Informational() implements HintContent {
    }
}
