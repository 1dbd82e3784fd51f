package io.veriflow.app.persistence;

import io.veriflow.domain.model.Secret;
import io.veriflow.domain.port.out.SecretVault;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Secrets sealed with AES-256-GCM (JDK crypto) before they reach the database. The row's identity (tenant, purpose,
 * owner) is the additional authenticated data, so a ciphertext copied to another row does not open.
 */
@Singleton
public class JdbcSecretVault implements SecretVault {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretRepository secrets;
    private final SecretKeyring keyring;
    private final SecureRandom random = new SecureRandom();

    JdbcSecretVault(SecretRepository secrets, SecretKeyring keyring) {
        this.secrets = secrets;
        this.keyring = keyring;
    }

    @Override
    public void store(SecretRef ref, Secret secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keyring.current(), nonce, ref,
                secret.reveal().getBytes(StandardCharsets.UTF_8));
        secrets.upsert(ref.tenant().value(), ref.purpose().name(), ref.owner(), sealed, nonce, keyring.currentId());
    }

    @Override
    public Optional<Secret> read(SecretRef ref) {
        return secrets.find(ref.tenant().value(), ref.purpose().name(), ref.owner()).map(row -> {
            var key = keyring.byId(row.keyId()).orElseThrow(
                    () -> new IllegalStateException("secret sealed with unknown key " + row.keyId()));
            byte[] plain = crypt(Cipher.DECRYPT_MODE, key, row.nonce(), ref, row.ciphertext());
            return new Secret(new String(plain, StandardCharsets.UTF_8));
        });
    }

    @Override
    public void discard(SecretRef ref) {
        secrets.delete(ref.tenant().value(), ref.purpose().name(), ref.owner());
    }

    private static byte[] crypt(int mode, javax.crypto.SecretKey key, byte[] nonce, SecretRef ref, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD((ref.tenant().value() + "\u0000" + ref.purpose() + "\u0000" + ref.owner())
                    .getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // Never include the secret or ciphertext: only that it failed and for which row.
            throw new IllegalStateException("could not " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
                    + " secret " + ref.purpose() + " of tenant " + ref.tenant(), e);
        }
    }
}
