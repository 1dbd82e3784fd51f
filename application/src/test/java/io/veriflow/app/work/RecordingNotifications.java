package io.veriflow.app.work;

import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.Notifications;
import io.veriflow.domain.session.SessionEvent;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST ONLY: stands in for the outbox adapter (another package's work) in the work ITs, and records what was queued.
 * Primary, so the work ITs keep using it once the real adapter exists.
 */
@Singleton
@Primary
@Requires(property = "veriflow.test.fake-notifications", value = "true")
final class RecordingNotifications implements Notifications {

    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void enqueue(TenantId tenant, List<SessionEvent> queued) {
        events.addAll(queued);
    }

    List<SessionEvent> events() {
        return List.copyOf(events);
    }
}
