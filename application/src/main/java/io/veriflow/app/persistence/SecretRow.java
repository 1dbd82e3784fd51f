package io.veriflow.app.persistence;

import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** One encrypted secret: AES-GCM ciphertext, its nonce, and the id of the key that sealed it. */
@MappedEntity("secret")
record SecretRow(
        @EmbeddedId SecretKey key,
        @MappedProperty("ciphertext") byte[] ciphertext,
        @MappedProperty("nonce") byte[] nonce,
        @MappedProperty("key_id") String keyId) {
}
