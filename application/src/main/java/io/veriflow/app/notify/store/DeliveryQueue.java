package io.veriflow.app.notify.store;

import io.veriflow.app.notify.delivery.EndpointHealth;
import io.veriflow.domain.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The delivery worker's view of the {@code delivery} table: claims with {@code FOR UPDATE SKIP LOCKED} leases, then
 * records each attempt's outcome while the lease is still the caller's. Every method runs in its own short
 * transaction; none is called while a request is being sent.
 */
public interface DeliveryQueue {

    /**
     * Leases up to {@code limit} due deliveries to {@code owner} until {@code now + lease}: pending ones whose next
     * attempt is due and whose lease is free or expired, to enabled endpoints, and only the lowest pending sequence of
     * each (endpoint, session), so a session's notifications reach an endpoint in order.
     */
    List<ClaimedDelivery> claim(String owner, int limit, Duration lease, Instant now);

    /**
     * The receiver took it (a 2xx): the delivery is done and the endpoint's failure run ends.
     *
     * @return false if the lease had passed to another worker (nothing was changed)
     */
    boolean delivered(ClaimedDelivery delivery, String owner, int status, Instant at);

    /**
     * The attempt failed: the delivery is tried again at {@code nextAttemptAt} and the endpoint's failure run grows.
     *
     * @return the endpoint's health after this failure; empty if the lease had passed (nothing was changed)
     */
    Optional<EndpointHealth> retryLater(
            ClaimedDelivery delivery, String owner, AttemptFailure failure, Instant nextAttemptAt, Instant at);

    /**
     * The attempt failed and the delivery is given up (failed, replayable); the endpoint's failure run grows.
     *
     * @return the endpoint's health after this failure; empty if the lease had passed (nothing was changed)
     */
    Optional<EndpointHealth> giveUp(ClaimedDelivery delivery, String owner, AttemptFailure failure, Instant at);

    /**
     * Releases the lease without counting the attempt against the endpoint (the attempt could not be made for a
     * reason of ours, e.g. the signing secret could not be read); tried again at {@code nextAttemptAt}.
     */
    boolean release(ClaimedDelivery delivery, String owner, String error, Instant nextAttemptAt, Instant at);

    /**
     * Disables an endpoint that has failed for too long.
     *
     * @return false if it was disabled already (or is gone)
     */
    boolean disable(TenantId tenant, EndpointId endpoint, String reason, Instant at);
}
