package io.veriflow.adapters.plaid.sandbox;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.value.PropertyResolver;
import java.util.Optional;

/**
 * The offline sandbox runs only when no Plaid {@code client-id} is configured (blank counts as none), the same rule
 * by which the adapter decides to call it. With credentials configured it never answers.
 */
final class SandboxActive implements Condition {

    static final String CLIENT_ID = "veriflow.plaid.client-id";

    @Override
    public boolean matches(ConditionContext context) {
        if (context.getBeanContext() instanceof PropertyResolver properties) {
            Optional<String> clientId = properties.getProperty(CLIENT_ID, String.class);
            return clientId.map(String::isBlank).orElse(true);
        }
        return true;
    }
}
