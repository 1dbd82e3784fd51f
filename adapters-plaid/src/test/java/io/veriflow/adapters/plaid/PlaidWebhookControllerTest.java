package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.veriflow.adapters.plaid.FakePlaid.Reply;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.port.in.RecordSignal;
import io.veriflow.domain.signal.Notification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /webhooks/plaid} over HTTP, with Plaid's key endpoint served locally and an in-memory RecordSignal. */
class PlaidWebhookControllerTest {

    static final long VECTOR01_IAT = 1777907507L;
    static final String DIR = "webhook_verification/";

    static FakePlaid plaid;
    static MutableClock clock;
    static RecordingSignals signals;
    static ApplicationContext context;
    static EmbeddedServer server;
    static ECKey testKey;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        plaid = new FakePlaid();
        clock = new MutableClock(Instant.ofEpochSecond(VECTOR01_IAT + 60));
        signals = new RecordingSignals();
        testKey = new ECKeyGenerator(Curve.P_256).keyID("test-key-0003").generate();
        context = ApplicationContext.builder()
                .properties(Map.of(
                        "micronaut.server.port", -1,
                        "veriflow.plaid.client-id", "test-client-id",
                        "veriflow.plaid.secret", "test-secret-value",
                        "veriflow.plaid.base-url", plaid.url()))
                .singletons(clock, signals)
                .start();
        server = context.getBean(EmbeddedServer.class).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        context.close();
        plaid.close();
    }

    @BeforeEach
    void reset() {
        plaid.reset();
        plaid.route("/webhook_verification_key/get", request -> {
            if (JsonText.text(request.json(), "key_id").orElse("").equals(testKey.getKeyID())) {
                return Reply.ok(JsonText.write(JsonText.object()
                        .put("key", PlaidWebhookVerifierTest.jwk(testKey, Optional.empty()))
                        .put("request_id", "testKeyRequest").build()));
            }
            String kid = JsonText.text(request.json(), "key_id").orElse("");
            for (String key : new String[] {"key1", "key2"}) {
                String file = DIR + "webhook_verification_key_get.response." + key + ".json";
                if (kid.equals(JsonText.text(Fixtures.json(file).get("key"), "kid").orElse(null))) {
                    return Reply.fixture(200, file);
                }
            }
            return Reply.fixture(400, "errors/400_INVALID_INPUT.INVALID_WEBHOOK_VERIFICATION_KEY_ID.json");
        });
        signals.clear();
        clock.set(Instant.ofEpochSecond(VECTOR01_IAT + 60));
    }

    @Test
    void aValidWebhookIsRecordedAsAThinNotification() throws Exception {
        byte[] body = Fixtures.bytes(DIR + "vector01.body.json");
        HttpResponse<String> response = post(body, header("vector01.plaid_verification_header.txt"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("recorded");
        RecordSignal.Command command = signals.commands().getFirst();
        assertThat(command.provider()).isEqualTo(PlaidProvider.ID);
        assertThat(command.target()).isEqualTo(new RecordSignal.ToProviderRef(new ProviderRef("idv_52xR9LKo77r1Np")));
        assertThat(command.signal()).isInstanceOfSatisfying(Notification.class, notification -> {
            assertThat(notification.thin()).isTrue();
            assertThat(notification.ref()).isEqualTo(new ProviderRef("idv_52xR9LKo77r1Np"));
            assertThat(notification.meta().name().value()).isEqualTo("plaid.webhook.STATUS_UPDATED");
            assertThat(notification.meta().occurredAt()).isEmpty();
            assertThat(notification.meta().receivedAt()).isEqualTo(clock.instant());
            assertThat(notification.meta().dedupeKey().value()).isEqualTo(
                    "plaid:wh:1783bf94e5943ced19c25c33f47052cea6705988bb4305d73e5de340657d3f38:" + VECTOR01_IAT + ":"
                            + JsonText.sha256Hex(header("vector01.plaid_verification_header.txt").split("\\.")[2]
                                    .getBytes(StandardCharsets.US_ASCII)).substring(0, 16));
        });
        assertThat(Fixtures.parse(command.payload().json()).get("identity_verification_id").getStringValue())
                .isEqualTo("idv_52xR9LKo77r1Np");
        assertThat(plaid.received("/webhook_verification_key/get")).hasSize(1);
        assertThat(plaid.received("/webhook_verification_key/get").getFirst().headers())
                .containsEntry("plaid-client-id", "test-client-id");
    }

    @Test
    void theSameDeliveryTwiceIsAcknowledgedAsADuplicate() throws Exception {
        byte[] body = Fixtures.bytes(DIR + "vector01.body.json");
        assertThat(post(body, header("vector01.plaid_verification_header.txt")).statusCode()).isEqualTo(200);
        HttpResponse<String> again = post(body, header("vector01.plaid_verification_header.txt"));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
        assertThat(signals.commands()).hasSize(2);
    }

    @Test
    void aRotatedKeyIsFetchedAndVerifies() throws Exception {
        clock.set(Instant.ofEpochSecond(1777973400L + 60));
        HttpResponse<String> response = post(Fixtures.bytes(DIR + "vector02.body.json"),
                header("vector02.plaid_verification_header.txt"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(signals.commands()).singleElement().satisfies(command ->
                assertThat(command.signal().meta().name().value()).isEqualTo("plaid.webhook.RETRIED"));
    }

    @ParameterizedTest
    @CsvSource({
        "vector03_tampered.body.json, vector01.plaid_verification_header.txt",
        "vector01.body.json, vector04_alg_hs256.plaid_verification_header.txt",
        "vector01.body.json, vector05_alg_none.plaid_verification_header.txt",
    })
    void forgedWebhooksAreRefusedAndNothingIsRecorded(String bodyFile, String headerFile) throws Exception {
        HttpResponse<String> response = post(Fixtures.bytes(DIR + bodyFile), header(headerFile));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(signals.commands()).isEmpty();
    }

    @Test
    void aStaleOrUnsignedOrReserialisedWebhookIsRefused() throws Exception {
        byte[] body = Fixtures.bytes(DIR + "vector01.body.json");
        assertThat(post(body, null).statusCode()).isEqualTo(401);
        String compact = JsonText.write(Fixtures.parse(new String(body, StandardCharsets.UTF_8)));
        assertThat(post(compact.getBytes(StandardCharsets.UTF_8), header("vector01.plaid_verification_header.txt"))
                .statusCode()).isEqualTo(401);
        clock.set(Instant.ofEpochSecond(VECTOR01_IAT + 301));
        assertThat(post(body, header("vector01.plaid_verification_header.txt")).statusCode()).isEqualTo(401);
        assertThat(signals.commands()).isEmpty();
    }

    @Test
    void twoChangesSignedInTheSameSecondAreBothRecorded() throws Exception {
        byte[] body = Fixtures.bytes("webhooks/identity_verification.status_updated.success.json");
        assertThat(post(body, signed(body)).body()).contains("recorded");
        HttpResponse<String> second = post(body, signed(body));
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).contains("recorded");
        assertThat(signals.commands()).extracting(command -> command.signal().meta().dedupeKey())
                .doesNotHaveDuplicates().hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({
        "identity_verification.status_updated.failed.json, STATUS_UPDATED, idv_52xR9LKo77r1Np",
        "identity_verification.status_updated.success.json, STATUS_UPDATED, idv_8Wq3Nn5pTzKvLm",
        "identity_verification.step_updated.json, STEP_UPDATED, idv_52xR9LKo77r1Np",
        "identity_verification.retried.json, RETRIED, idv_8Wq3Nn5pTzKvLm",
    })
    void everyIdvWebhookIsRecorded(String file, String code, String id) throws Exception {
        byte[] body = Fixtures.bytes("webhooks/" + file);
        HttpResponse<String> response = post(body, signed(body));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(signals.commands()).singleElement().satisfies(command -> {
            assertThat(command.target()).isEqualTo(new RecordSignal.ToProviderRef(new ProviderRef(id)));
            assertThat(command.signal().meta().name().value()).isEqualTo("plaid.webhook." + code);
            assertThat(((Notification) command.signal()).embedded()).isEmpty();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "identity_verification.unknown_code.json",
        "link.session_finished.json",
        "identity_verification.status_updated.production.json",
    })
    void otherWebhooksAreAcknowledgedWithoutRecording(String file) throws Exception {
        byte[] body = Fixtures.bytes("webhooks/" + file);
        HttpResponse<String> response = post(body, signed(body));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("ignored").doesNotContain("link-sandbox");
        assertThat(signals.commands()).isEmpty();
    }

    @Test
    void aWebhookNoSessionOwnsYetIsNotAcknowledged() throws Exception {
        signals.answer = command -> new RecordSignal.UnknownSession();
        byte[] body = Fixtures.bytes("webhooks/identity_verification.status_updated.success.json");
        HttpResponse<String> response = post(body, signed(body));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("30");
        assertThat(signals.commands()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[1, 2]",
        "not json at all",
        "{\"webhook_type\": \"IDENTITY_VERIFICATION\"}",
        "{\"webhook_type\": \"IDENTITY_VERIFICATION\", \"webhook_code\": \"STATUS_UPDATED\", \"environment\": \"sandbox\"}",
    })
    void aSignedButMalformedBodyIsABadRequest(String text) throws Exception {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        assertThat(post(body, signed(body)).statusCode()).isEqualTo(400);
        assertThat(signals.commands()).isEmpty();
    }

    @Test
    void whenPlaidCannotGiveTheKeyTheWebhookIsNotAcknowledged() throws Exception {
        plaid.route("/webhook_verification_key/get",
                request -> Reply.fixture(503, "errors/503_API_ERROR.PLANNED_MAINTENANCE.json"));
        ECKey fresh = new ECKeyGenerator(Curve.P_256).keyID("test-key-unseen").generate();
        byte[] body = Fixtures.bytes("webhooks/identity_verification.step_updated.json");
        HttpResponse<String> response = post(body, PlaidWebhookVerifierTest.sign(fresh, clock.instant(), body));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(signals.commands()).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    static String header(String file) {
        return Fixtures.text(DIR + file).strip();
    }

    static String signed(byte[] body) throws Exception {
        return PlaidWebhookVerifierTest.sign(testKey, clock.instant(), body);
    }

    static HttpResponse<String> post(byte[] body, String verification) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + "/webhooks/plaid"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (verification != null) {
            request.header("Plaid-Verification", verification);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
