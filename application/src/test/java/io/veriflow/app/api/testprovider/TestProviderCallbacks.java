package io.veriflow.app.api.testprovider;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.veriflow.domain.model.DedupeKey;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.RawPayload;
import io.veriflow.domain.model.SignalName;
import io.veriflow.domain.port.out.ClientCallbackTranslator;
import io.veriflow.domain.signal.ClientHint;
import io.veriflow.domain.signal.HintContent;
import io.veriflow.domain.signal.SignalMeta;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * TEST ONLY: {@code testprov}'s client callbacks, {@code {"callback": "open"|"exit"|"finish", "id": "..."}}. The
 * dedupe key is the {@code id} when given, else a digest of the body.
 */
@Singleton
@Requires(property = TestProvider.ENABLED, value = "true")
final class TestProviderCallbacks implements ClientCallbackTranslator {

    private final JsonMapper json;

    TestProviderCallbacks(JsonMapper json) {
        this.json = json;
    }

    @Override
    public ProviderId provider() {
        return TestProvider.ID;
    }

    @Override
    public Translation translate(String body, Instant receivedAt) {
        Map<String, Object> callback;
        try {
            callback = json.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            return new Unreadable("", "the body is not a JSON object");
        }
        if (callback == null || !(callback.get("callback") instanceof String name)) {
            return new Unreadable("/callback", "is required");
        }
        HintContent content = switch (name) {
            case "open" -> new HintContent.FlowOpened();
            case "exit" -> new HintContent.FlowExited(Optional.empty());
            case "finish" -> new HintContent.FlowFinished(Optional.empty());
            default -> null;
        };
        if (content == null) {
            return new Unreadable("/callback", "must be one of open, exit, finish");
        }
        String dedupe = callback.get("id") instanceof String id ? "cb:" + id : "cb:" + digest(body);
        SignalMeta meta = new SignalMeta(new DedupeKey(dedupe), new SignalName("testprov.client." + name),
                Optional.empty(), receivedAt);
        return new Translated(List.of(new ClientHint(meta, Optional.empty(), content)),
                new RawPayload("{\"callback\":\"" + name + "\"}"));
    }

    private static String digest(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
