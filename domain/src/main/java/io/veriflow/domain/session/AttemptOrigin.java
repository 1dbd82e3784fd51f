package io.veriflow.domain.session;

/** Why an attempt exists. */
public enum AttemptOrigin {
    /** The first attempt, opened when the session started. */
    SESSION_START,
    /** Opened through the platform's retry. */
    RETRY,
    /** Opened at the provider (a dashboard retry), learned from a snapshot that names the attempt it replaced. */
    PROVIDER
}
