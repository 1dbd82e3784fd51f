package io.veriflow.app.notify.store;

import io.veriflow.app.notify.signing.WebhookSecret;
import io.veriflow.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Tenants' webhook endpoints and their signing secrets (sealed in the {@code SecretVault}). Every method is scoped to
 * one tenant: another tenant's endpoint does not exist for it.
 */
public interface WebhookEndpoints {

    /** Stores a new endpoint and its signing secret, in one transaction. */
    WebhookEndpoint register(NewEndpoint endpoint, WebhookSecret secret);

    /** The tenant's endpoints, oldest first. */
    List<WebhookEndpoint> list(TenantId tenant);

    Optional<WebhookEndpoint> find(TenantId tenant, EndpointId id);

    /** Removes the endpoint, its pending deliveries and its secrets; false if there was no such endpoint. */
    boolean delete(TenantId tenant, EndpointId id);

    /**
     * Enables the endpoint (after an auto-disable) with a clean health record; its pending deliveries become due now
     * and get a fresh retry window.
     */
    Optional<WebhookEndpoint> enable(TenantId tenant, EndpointId id, Instant now);

    /**
     * Replaces the signing secret; the replaced one keeps signing too until {@code previousValidUntil}, so receivers
     * can switch without losing a notification.
     */
    Optional<WebhookEndpoint> rotateSecret(
            TenantId tenant, EndpointId id, WebhookSecret secret, Instant now, Instant previousValidUntil);

    /** The secrets to sign with now: the current one, preceded by the replaced one while it is still valid. */
    List<WebhookSecret> signingSecrets(TenantId tenant, EndpointId id, Instant now);

    /**
     * Queues the matching notifications again for this endpoint, with their original ids (so their
     * {@code webhook-id}s): new deliveries for notifications it never had, delivered or failed ones reset to pending.
     * Deliveries still pending are left as they are.
     *
     * @return how many deliveries were queued; empty if the endpoint does not exist
     */
    OptionalInt replay(TenantId tenant, EndpointId id, ReplayFilter filter, Instant now);
}
