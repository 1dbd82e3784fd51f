package io.veriflow.adapters.plaid.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's webhook sender, doing what Plaid does: it owns an ES256 key pair (generated with nimbus on first use,
 * its public half served by the sandbox's {@code /webhook_verification_key/get}), writes the body pretty-printed, signs
 * a {@code Plaid-Verification} JWT ({@code iat}, {@code request_body_sha256} of the exact bytes) and POSTs it to this
 * service's own {@code /webhooks/plaid}, so the real verification path runs. A delivery that is not answered 2xx is
 * tried again after each of {@code veriflow.plaid.sandbox.redelivery-delays} (default Plaid's first steps: 30 s, 2 min,
 * 8 min, 32 min), signed anew each time.
 */
@Singleton
@Requires(condition = SandboxActive.class)
final class SandboxWebhooks {

    static final String WEBHOOK_PATH = "/webhooks/plaid";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxWebhooks.class);

    /** The outcome of the first delivery attempt. */
    record Delivery(String code, String identityVerificationId, Optional<Integer> status, boolean delivered) {
    }

    private final HttpClient http;
    private final BeanProvider<EmbeddedServer> server;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final List<Duration> redeliveryDelays;
    private volatile ECKey key;
    private volatile Instant keyCreatedAt;

    SandboxWebhooks(HttpClient http, BeanProvider<EmbeddedServer> server,
            @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, Clock clock,
            @Property(name = "veriflow.plaid.sandbox.redelivery-delays", defaultValue = "30s,2m,8m,32m")
            List<Duration> redeliveryDelays) {
        this.http = http;
        this.server = server;
        this.scheduler = scheduler;
        this.clock = clock;
        this.redeliveryDelays = List.copyOf(redeliveryDelays);
    }

    /** The public verification key, in the shape of Plaid's {@code JWKPublicKey}. */
    Map<String, Object> publicKey() {
        ECKey signing = signingKey();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("alg", JWSAlgorithm.ES256.getName());
        jwk.put("created_at", keyCreatedAt.getEpochSecond());
        jwk.put("crv", Curve.P_256.getName());
        jwk.put("expired_at", null);
        jwk.put("kid", signing.getKeyID());
        jwk.put("kty", "EC");
        jwk.put("use", "sig");
        jwk.put("x", signing.getX().toString());
        jwk.put("y", signing.getY().toString());
        return jwk;
    }

    String keyId() {
        return signingKey().getKeyID();
    }

    /** Sends one IDV webhook now and, if it is not acknowledged, again later. */
    Delivery send(String code, String identityVerificationId) {
        byte[] bytes = body(code, identityVerificationId);
        Optional<Integer> status = deliver(bytes);
        boolean delivered = status.filter(s -> s >= 200 && s < 300).isPresent();
        if (!delivered) {
            redeliver(bytes, code, identityVerificationId, 0);
        }
        return new Delivery(code, identityVerificationId, status, delivered);
    }

    /** An IDV webhook body as Plaid writes it: keys sorted, pretty-printed. */
    static byte[] body(String code, String identityVerificationId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("environment", SandboxPlaid.ENVIRONMENT);
        body.put("identity_verification_id", identityVerificationId);
        body.put("webhook_code", code);
        body.put("webhook_type", "IDENTITY_VERIFICATION");
        return SandboxJson.bytes(body);
    }

    /** The {@code Plaid-Verification} JWT for these exact body bytes, issued now. */
    String sign(byte[] body) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signingKey().getKeyID())
                            .type(JOSEObjectType.JWT).build(),
                    new JWTClaimsSet.Builder()
                            .issueTime(Date.from(Instant.ofEpochSecond(clock.instant().getEpochSecond())))
                            .claim("request_body_sha256", sha256Hex(body))
                            .build());
            jwt.sign(new ECDSASigner(signingKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("the sandbox could not sign a webhook", e);
        }
    }

    private void redeliver(byte[] body, String code, String id, int attempt) {
        if (attempt >= redeliveryDelays.size()) {
            LOG.warn("Sandbox webhook {} for {} given up after {} redeliveries", code, id, attempt);
            return;
        }
        scheduler.schedule(redeliveryDelays.get(attempt), () -> {
            boolean ok = deliver(body).filter(s -> s >= 200 && s < 300).isPresent();
            if (!ok) {
                redeliver(body, code, id, attempt + 1);
            }
        });
    }

    private Optional<Integer> deliver(byte[] body) {
        Optional<URI> target = target();
        if (target.isEmpty()) {
            LOG.warn("Sandbox webhook not sent: the service's HTTP server is not running");
            return Optional.empty();
        }
        var request = HttpRequest.POST(target.get(), body)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("Plaid-Verification", sign(body));
        try {
            HttpResponse<String> response = http.toBlocking().exchange(request, String.class);
            return Optional.of(response.code());
        } catch (HttpClientResponseException e) {
            LOG.info("Sandbox webhook answered {}", e.getStatus().getCode());
            return Optional.of(e.getStatus().getCode());
        } catch (HttpClientException e) {
            LOG.warn("Sandbox webhook could not be delivered ({})", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private Optional<URI> target() {
        if (!server.isPresent() || !server.get().isRunning()) {
            return Optional.empty();
        }
        String url = server.get().getURL().toString();
        if (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return Optional.of(URI.create(url + WEBHOOK_PATH));
    }

    private ECKey signingKey() {
        ECKey current = key;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (key == null) {
                try {
                    keyCreatedAt = Instant.ofEpochSecond(clock.instant().getEpochSecond());
                    key = new ECKeyGenerator(Curve.P_256)
                            .keyID("sandbox-" + UUID.randomUUID())
                            .keyUse(KeyUse.SIGNATURE)
                            .algorithm(JWSAlgorithm.ES256)
                            .generate();
                } catch (JOSEException e) {
                    throw new IllegalStateException("the sandbox could not generate its webhook key", e);
                }
            }
            return key;
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
