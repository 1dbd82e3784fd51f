package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The spec validator itself: every shared fixture validates against its schema, and broken documents do not. */
class OpenApiSpecTest {

    static Stream<Arguments> fixtures() {
        Map<String, String> schemas = new LinkedHashMap<>();
        for (Path file : Fixtures.list("api")) {
            String name = file.getFileName().toString();
            String schema = name.startsWith("link_token_create.request") ? "LinkTokenCreateRequest"
                    : name.startsWith("link_token_create.response") ? "LinkTokenCreateResponse"
                    : name.startsWith("identity_verification_create.request") ? "IdentityVerificationCreateRequest"
                    : name.startsWith("identity_verification_create.response") ? "IdentityVerificationCreateResponse"
                    : name.startsWith("identity_verification_get.request") ? "IdentityVerificationGetRequest"
                    : name.startsWith("identity_verification_get.") ? "IdentityVerificationGetResponse"
                    : name.startsWith("identity_verification_list.request") ? "IdentityVerificationListRequest"
                    : name.startsWith("identity_verification_list.response") ? "IdentityVerificationListResponse"
                    : name.startsWith("identity_verification_retry.request") ? "IdentityVerificationRetryRequest"
                    : name.startsWith("identity_verification_retry.response") ? "IdentityVerificationRetryResponse"
                    : null;
            assertThat(schema).as("schema for %s", name).isNotNull();
            schemas.put("api/" + name, schema);
        }
        for (Path file : Fixtures.list("errors")) {
            if (!file.getFileName().toString().startsWith("_")) {
                schemas.put("errors/" + file.getFileName(), "PlaidError");
            }
        }
        schemas.put("webhooks/identity_verification.retried.json", "IdentityVerificationRetriedWebhook");
        schemas.put("webhooks/identity_verification.status_updated.failed.json", "IdentityVerificationStatusUpdatedWebhook");
        schemas.put("webhooks/identity_verification.status_updated.success.json", "IdentityVerificationStatusUpdatedWebhook");
        schemas.put("webhooks/identity_verification.status_updated.production.json", "IdentityVerificationStatusUpdatedWebhook");
        schemas.put("webhooks/identity_verification.step_updated.json", "IdentityVerificationStepUpdatedWebhook");
        schemas.put("webhooks/link.session_finished.json", "LinkSessionFinishedWebhook");
        schemas.put("webhook_verification/webhook_verification_key_get.request.json", "WebhookVerificationKeyGetRequest");
        for (String key : new String[] {"key1", "key2", "key1_expired", "docs_example"}) {
            schemas.put("webhook_verification/webhook_verification_key_get.response." + key + ".json",
                    "WebhookVerificationKeyGetResponse");
        }
        return schemas.entrySet().stream().map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0} is a {1}")
    @MethodSource("fixtures")
    void everySharedFixtureValidates(String file, String schema) {
        assertThat(OpenApiSpec.violations(schema, Fixtures.json(file))).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIsAViolation() {
        JsonNode broken = Fixtures.parse("{\"link_token\": \"link-sandbox-x\", \"request_id\": \"r\"}");
        assertThat(OpenApiSpec.violations("LinkTokenCreateResponse", broken)).containsExactly("$: missing required expiration");
    }

    @Test
    void aWrongTypeAndAnUnknownEnumValueAreViolations() {
        JsonNode broken = Fixtures.parse("""
                {"client_user_id": "u", "template_id": "t", "strategy": "sometimes", "steps": {"verify_sms": "yes",
                 "kyc_check": true, "documentary_verification": true, "selfie_check": false}}""");
        assertThat(OpenApiSpec.violations("IdentityVerificationRetryRequest", broken))
                .anyMatch(error -> error.contains("strategy") && error.contains("sometimes"))
                .anyMatch(error -> error.contains("verify_sms") && error.contains("boolean"));
    }

    @Test
    void nullWhereTheSpecForbidsItIsAViolation() {
        JsonNode broken = Fixtures.parse("{\"identity_verification_id\": null}");
        assertThat(OpenApiSpec.violations("IdentityVerificationGetRequest", broken)).isNotEmpty();
    }
}
