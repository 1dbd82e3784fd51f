package io.veriflow.domain.provider;

/** Which attempts a provider can reopen for the same user without starting a new attempt. */
public enum ResumeSupport {
    /** The provider cannot reopen a flow. */
    NONE,
    /** Attempts that are still open (created, in progress, abandoned) can be reopened (Plaid: a new link token). */
    OPEN_ATTEMPTS,
    /** Open attempts and expired ones (Persona: the resume endpoint flips {@code expired} back to {@code pending}). */
    OPEN_AND_EXPIRED_ATTEMPTS
}
