package io.veriflow.domain.provider;

/** Whether a provider's webhooks embed the resource. */
public enum WebhookStyle {
    /** Only ids: every webhook leads to a fetch (Plaid IDV). */
    THIN,
    /** The resource with its timestamp, applied like a snapshot (Persona inquiry events). */
    FAT
}
