package io.veriflow.app.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationPropertiesTest {

    @Test
    void anEmptyConfigurationBindsTheDefaults() {
        try (ApplicationContext context = NotifyOnlyContext.start(Map.of())) {
            assertThat(context.getBean(NotificationProperties.class)).isEqualTo(NotificationProperties.defaults());
        }
    }

    @Test
    void everySettingCanBeConfigured() {
        Map<String, Object> settings = Map.of(
                "veriflow.notifications.allow-private-endpoints", "true",
                "veriflow.notifications.allow-http-endpoints", "true",
                "veriflow.notifications.retry-delays", "1s,1m,1h",
                "veriflow.notifications.retry-jitter", "0.1",
                "veriflow.notifications.give-up-after", "12h",
                "veriflow.notifications.disable-after-failures", "5",
                "veriflow.notifications.disable-after-failing-for", "2d");

        try (ApplicationContext context = NotifyOnlyContext.start(settings)) {
            assertThat(context.getBean(NotificationProperties.class)).isEqualTo(new NotificationProperties(
                    true, true, List.of(Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1)), 0.1,
                    Duration.ofHours(12), 5, Duration.ofDays(2)));
        }
    }

    @Test
    void nonsensicalSettingsAreRefused() {
        var d = NotificationProperties.defaults();

        assertThatThrownBy(() -> new NotificationProperties(false, false, List.of(), 0.2, d.giveUpAfter(), 15,
                d.disableAfterFailingFor())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationProperties(false, false,
                List.of(Duration.ofMinutes(1), Duration.ofSeconds(1)), 0.2, d.giveUpAfter(), 15,
                d.disableAfterFailingFor())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationProperties(false, false, d.retryDelays(), 0.9, d.giveUpAfter(), 15,
                d.disableAfterFailingFor())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationProperties(false, false, d.retryDelays(), 0.2, Duration.ZERO, 15,
                d.disableAfterFailingFor())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NotificationProperties(false, false, d.retryDelays(), 0.2, d.giveUpAfter(), 0,
                d.disableAfterFailingFor())).isInstanceOf(IllegalArgumentException.class);
    }
}
