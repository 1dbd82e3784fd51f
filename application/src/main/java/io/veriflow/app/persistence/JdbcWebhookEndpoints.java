package io.veriflow.app.persistence;

import io.micronaut.transaction.annotation.Transactional;
import io.veriflow.app.notify.payload.NotificationType;
import io.veriflow.app.notify.signing.WebhookSecret;
import io.veriflow.app.notify.store.EndpointId;
import io.veriflow.app.notify.store.NewEndpoint;
import io.veriflow.app.notify.store.ReplayFilter;
import io.veriflow.app.notify.store.WebhookEndpoint;
import io.veriflow.app.notify.store.WebhookEndpoints;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.SecretVault;
import io.veriflow.domain.port.out.SecretVault.SecretRef;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Webhook endpoints in {@code webhook_endpoint}, their signing secrets sealed through the {@link SecretVault}
 * (purpose {@code ENDPOINT_SIGNING_SECRET}, owner = the endpoint id; a replaced secret still in its grace period
 * under {@code <id>-previous}). A row and its secrets are written and removed in one transaction.
 */
@Singleton
public class JdbcWebhookEndpoints implements WebhookEndpoints {

    static final String PREVIOUS_SUFFIX = "-previous";

    private final WebhookEndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final SecretVault vault;

    JdbcWebhookEndpoints(WebhookEndpointRepository endpoints, DeliveryRepository deliveries, SecretVault vault) {
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.vault = vault;
    }

    @Override
    @Transactional
    public WebhookEndpoint register(NewEndpoint endpoint, WebhookSecret secret) {
        String[] types = endpoint.eventTypes().stream().map(NotificationType::wireName).sorted()
                .toArray(String[]::new);
        endpoints.insert(endpoint.tenant().value(), endpoint.id().value(), endpoint.url(),
                endpoint.description().orElse(null), types, endpoint.createdAt());
        vault.store(current(endpoint.tenant(), endpoint.id()), secret.asSecret());
        return endpoints.find(endpoint.tenant().value(), endpoint.id().value())
                .map(WebhookEndpointRow::toDomain)
                .orElseThrow(() -> new IllegalStateException("endpoint " + endpoint.id() + " vanished"));
    }

    @Override
    @Transactional(readOnly = true)
    public List<WebhookEndpoint> list(TenantId tenant) {
        return endpoints.findByTenant(tenant.value()).stream().map(WebhookEndpointRow::toDomain).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<WebhookEndpoint> find(TenantId tenant, EndpointId id) {
        return endpoints.find(tenant.value(), id.value()).map(WebhookEndpointRow::toDomain);
    }

    @Override
    @Transactional
    public boolean delete(TenantId tenant, EndpointId id) {
        if (endpoints.delete(tenant.value(), id.value()) == 0) {
            return false;
        }
        vault.discard(current(tenant, id));
        vault.discard(previous(tenant, id));
        return true;
    }

    @Override
    @Transactional
    public Optional<WebhookEndpoint> enable(TenantId tenant, EndpointId id, Instant now) {
        if (endpoints.enable(tenant.value(), id.value(), now) == 0) {
            return Optional.empty();
        }
        deliveries.restartPending(tenant.value(), id.value(), now);
        return find(tenant, id);
    }

    @Override
    @Transactional
    public Optional<WebhookEndpoint> rotateSecret(
            TenantId tenant, EndpointId id, WebhookSecret secret, Instant now, Instant previousValidUntil) {
        if (endpoints.setPreviousSecretUntil(tenant.value(), id.value(), previousValidUntil, now) == 0) {
            return Optional.empty();
        }
        vault.read(current(tenant, id)).ifPresentOrElse(
                replaced -> vault.store(previous(tenant, id), replaced),
                () -> vault.discard(previous(tenant, id)));
        vault.store(current(tenant, id), secret.asSecret());
        return find(tenant, id);
    }

    @Override
    public List<WebhookSecret> signingSecrets(TenantId tenant, EndpointId id, Instant now) {
        List<WebhookSecret> secrets = new ArrayList<>(2);
        boolean previousValid = endpoints.find(tenant.value(), id.value())
                .map(WebhookEndpointRow::previousSecretUntil)
                .filter(until -> until.isAfter(now))
                .isPresent();
        if (previousValid) {
            vault.read(previous(tenant, id)).map(WebhookSecret::new).ifPresent(secrets::add);
        }
        vault.read(current(tenant, id)).map(WebhookSecret::new).ifPresent(secrets::add);
        return List.copyOf(secrets);
    }

    @Override
    @Transactional
    public OptionalInt replay(TenantId tenant, EndpointId id, ReplayFilter filter, Instant now) {
        if (endpoints.find(tenant.value(), id.value()).isEmpty()) {
            return OptionalInt.empty();
        }
        long queued = deliveries.replay(tenant.value(), id.value(),
                filter.session().map(SessionId::value).orElse(null), filter.since().orElse(null), now);
        return OptionalInt.of(Math.toIntExact(queued));
    }

    private static SecretRef current(TenantId tenant, EndpointId id) {
        return new SecretRef(tenant, SecretVault.Purpose.ENDPOINT_SIGNING_SECRET, id.toString());
    }

    private static SecretRef previous(TenantId tenant, EndpointId id) {
        return new SecretRef(tenant, SecretVault.Purpose.ENDPOINT_SIGNING_SECRET, id + PREVIOUS_SUFFIX);
    }
}
