package io.veriflow.app.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanResolutionContext;
import io.micronaut.inject.BeanConfiguration;
import io.micronaut.inject.BeanDefinitionReference;
import io.veriflow.app.provider.ResilienceSettings.CircuitBreakerSettings;
import io.veriflow.app.provider.ResilienceSettings.RateLimiterSettings;
import io.veriflow.app.provider.ResilienceSettings.RetrySettings;
import io.veriflow.app.provider.ResilienceSettings.TimeLimiterSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Binds {@code veriflow.providers.<id>.resilience.*} in an application context that holds only Micronaut's core and
 * this package's beans, so no datasource, Flyway or embedded PostgreSQL starts.
 */
class ProviderResilienceConfigurationTest {

    private static final String PLAID = "veriflow.providers.plaid.resilience.";

    @Test
    void everyKeyBindsAndDurationsTakeMicronautsForms() {
        Map<String, Object> properties = Map.ofEntries(
                Map.entry(PLAID + "retry.max-attempts", 6),
                Map.entry(PLAID + "retry.initial-backoff", "150ms"),
                Map.entry(PLAID + "retry.multiplier", "1.5"),
                Map.entry(PLAID + "retry.max-backoff", "5s"),
                Map.entry(PLAID + "retry.jitter", "0.25"),
                Map.entry(PLAID + "circuit-breaker.failure-rate-threshold", 40),
                Map.entry(PLAID + "circuit-breaker.sliding-window-size", 30),
                Map.entry(PLAID + "circuit-breaker.minimum-number-of-calls", 15),
                Map.entry(PLAID + "circuit-breaker.wait-in-open-state", "PT1M"),
                Map.entry(PLAID + "circuit-breaker.permitted-calls-in-half-open", 5),
                Map.entry(PLAID + "time-limiter.timeout", "7s"),
                Map.entry(PLAID + "rate-limiter.limit-for-period", 20),
                Map.entry(PLAID + "rate-limiter.limit-refresh-period", "2s"),
                Map.entry(PLAID + "rate-limiter.timeout-duration", "25ms"));

        Map<String, ResilienceSettings> bound = bind(properties);

        assertThat(bound.get("plaid")).isEqualTo(new ResilienceSettings(
                new RetrySettings(6, Duration.ofMillis(150), 1.5, Duration.ofSeconds(5), 0.25),
                new CircuitBreakerSettings(40, 30, 15, Duration.ofMinutes(1), 5),
                new TimeLimiterSettings(Duration.ofSeconds(7)),
                new RateLimiterSettings(20, Duration.ofSeconds(2), Duration.ofMillis(25))));
    }

    @Test
    void keysLeftOutKeepTheirDefaults() {
        Map<String, ResilienceSettings> bound = bind(Map.of(
                "veriflow.providers.persona.resilience.time-limiter.timeout", "3s",
                "veriflow.providers.other.client-id", "not ours"));

        ResilienceSettings defaults = ResilienceSettings.defaults();
        assertThat(bound.get("persona"))
                .isEqualTo(defaults.withTimeLimiter(new TimeLimiterSettings(Duration.ofSeconds(3))));
        assertThat(bound.get("other")).isEqualTo(defaults);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(ResilienceSettings.defaults()).isEqualTo(new ResilienceSettings(
                new RetrySettings(4, Duration.ofMillis(200), 2.0, Duration.ofSeconds(10), 0.5),
                new CircuitBreakerSettings(50, 20, 10, Duration.ofSeconds(30), 3),
                new TimeLimiterSettings(Duration.ofSeconds(10)),
                new RateLimiterSettings(50, Duration.ofSeconds(1), Duration.ZERO)));
    }

    @Test
    void anOutOfRangeValueIsRefusedWithTheKeyInTheMessage() {
        assertThatThrownBy(() -> bind(Map.of(PLAID + "retry.jitter", "1.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retry jitter");
        assertThatThrownBy(() -> bind(Map.of(PLAID + "time-limiter.timeout", "0s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time-limiter timeout");
    }

    private static Map<String, ResilienceSettings> bind(Map<String, Object> properties) {
        try (ApplicationContext context = ApplicationContext.builder()
                .environments("test")
                .deduceEnvironment(false)
                .properties(properties)
                .beanConfigurations(new ProviderBeansOnly())
                .start()) {
            return context.getBeansOfType(ProviderResilienceProperties.class).stream()
                    .collect(Collectors.toMap(ProviderResilienceProperties::getName,
                            ProviderResilienceProperties::toSettings));
        }
    }

    /** A disabled bean configuration that holds every bean but Micronaut's core ones and this package's. */
    private static final class ProviderBeansOnly implements BeanConfiguration {

        private static final List<String> KEPT = List.of("io.micronaut.context.", "io.veriflow.app.provider.");

        @Override
        public Package getPackage() {
            return ProviderBeansOnly.class.getPackage();
        }

        @Override
        public String getName() {
            return "veriflow-test-everything-but-provider-beans";
        }

        @Override
        public String getVersion() {
            return "test";
        }

        @Override
        public boolean isEnabled(BeanContext context, BeanResolutionContext resolutionContext) {
            return false;
        }

        @Override
        @SuppressWarnings("rawtypes") // the overridden method takes the raw type
        public boolean isWithin(BeanDefinitionReference reference) {
            return KEPT.stream().noneMatch(reference.getBeanDefinitionName()::startsWith);
        }
    }
}
