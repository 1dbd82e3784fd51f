package io.veriflow.adapters.plaid;

/**
 * The Plaid endpoints the adapter calls, and whether sending one again after an unknown outcome is safe. That decides
 * how a timeout crosses the port: the application's retry layer re-sends a {@code ProviderUnavailable} only when its
 * cause is not a {@link java.util.concurrent.TimeoutException}.
 */
enum PlaidEndpoint {
    /** Another link token for the same user is harmless. */
    LINK_TOKEN_CREATE("/link/token/create", Resend.SAFE),
    /** Sent with {@code is_idempotent: true}: a repeat returns the existing attempt. */
    IDV_CREATE("/identity_verification/create", Resend.SAFE),
    IDV_GET("/identity_verification/get", Resend.SAFE),
    IDV_LIST("/identity_verification/list", Resend.SAFE),
    /** No idempotency key: a second send may open a second attempt. */
    IDV_RETRY("/identity_verification/retry", Resend.UNSAFE),
    WEBHOOK_KEY_GET("/webhook_verification_key/get", Resend.SAFE);

    enum Resend {
        SAFE,
        UNSAFE
    }

    private final String path;
    private final Resend resend;

    PlaidEndpoint(String path, Resend resend) {
        this.path = path;
        this.resend = resend;
    }

    String path() {
        return path;
    }

    Resend resend() {
        return resend;
    }
}
