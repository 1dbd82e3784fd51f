package io.veriflow.app.security;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedProperty;

/** The key of an {@code api_key} row: the tenant and the key's public prefix. */
@Embeddable
record ApiKeyKey(@MappedProperty("tenant_id") String tenantId, @MappedProperty("prefix") String prefix) {
}
