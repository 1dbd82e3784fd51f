package io.veriflow.app.persistence;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256 keys that seal secrets at rest. {@code veriflow.secrets.key} (base64 of 32 bytes) with its id
 * {@code veriflow.secrets.key-id} seals new secrets; {@code veriflow.secrets.previous-keys.<id>} keep older ones
 * readable during rotation. Without a configured key (development on the embedded database) an ephemeral key is
 * generated, so secrets sealed by one run cannot be read by the next: production deployments must set the key.
 */
@Singleton
class SecretKeyring {

    private static final Logger LOG = LoggerFactory.getLogger(SecretKeyring.class);

    private final String currentId;
    private final Map<String, SecretKey> keys = new HashMap<>();

    SecretKeyring(
            @Nullable @Value("${veriflow.secrets.key:}") String key,
            @Value("${veriflow.secrets.key-id:k1}") String keyId,
            @Nullable @Value("${veriflow.secrets.previous-keys:}") Map<String, String> previous) {
        this.currentId = keyId;
        if (key == null || key.isBlank()) {
            byte[] ephemeral = new byte[32];
            new SecureRandom().nextBytes(ephemeral);
            keys.put(keyId, new SecretKeySpec(ephemeral, "AES"));
            LOG.warn("No veriflow.secrets.key configured: secrets are sealed with an ephemeral key for this run only");
        } else {
            keys.put(keyId, decode(keyId, key));
        }
        if (previous != null) {
            previous.forEach((id, value) -> keys.putIfAbsent(id, decode(id, value)));
        }
    }

    String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    private static SecretKey decode(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("secret key " + id + " is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("secret key " + id + " must be 32 bytes (AES-256)");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
