package io.veriflow.domain.model;

/**
 * The product team's own id for the person being verified. It must not be personal data (no e-mail or phone number):
 * providers index it and it travels in notifications.
 */
public record SubjectRef(String value) {

    public SubjectRef {
        Checks.token(value, "subject reference", 255);
    }

    @Override
    public String toString() {
        return value;
    }
}
