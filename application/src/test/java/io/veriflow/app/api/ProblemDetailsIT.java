package io.veriflow.app.api;

import static io.veriflow.app.api.ProblemAssertions.assertField;
import static io.veriflow.app.api.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.veriflow.app.api.testprovider.TestProvider;
import io.veriflow.app.security.Tenants;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input is a 4xx problem, never a 500, and every error is {@code application/problem+json} with a stable type
 * and no stack trace; provider failures are 502/503 problems.
 */
@MicronautTest(transactional = false)
@Property(name = TestProvider.ENABLED, value = "true")
@Property(name = "veriflow.providers.testprov.resilience.retry.max-attempts", value = "1")
class ProblemDetailsIT {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Inject
    Tenants tenants;

    Api api;

    @BeforeEach
    void driver() {
        api = new Api(client, json, tenants);
    }

    private Api.Reply postStart(String body, MediaType type) {
        return api.send(api.as("acme", HttpRequest.POST("/v1/sessions", body).contentType(type)
                .header("Idempotency-Key", UUID.randomUUID().toString())));
    }

    @Test
    void malformedJsonIsABadRequest() {
        Api.Reply reply = postStart("{\"provider\": \"testprov\", ", MediaType.APPLICATION_JSON_TYPE);

        assertProblem(reply, 400, "malformed-json");
    }

    @Test
    void aJsonValueOfTheWrongShapeIsABadRequestNamingTheField() {
        Api.Reply reply = postStart("{\"provider\": \"testprov\", \"template\": {\"a\": 1}, \"subject\": \"s\"}",
                MediaType.APPLICATION_JSON_TYPE);

        assertField(assertProblem(reply, 400, "invalid-field"), "/template");
    }

    @Test
    void aJsonArrayInsteadOfAnObjectIsABadRequest() {
        Api.Reply reply = postStart("[1, 2, 3]", MediaType.APPLICATION_JSON_TYPE);

        assertProblem(reply, 400, "malformed-json");
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        Api.Reply reply = postStart("", MediaType.APPLICATION_JSON_TYPE);

        assertProblem(reply, 400, "malformed-json");
    }

    @Test
    void aWrongContentTypeIsUnsupported() {
        Api.Reply reply = postStart("provider=testprov&template=t&subject=s",
                MediaType.APPLICATION_FORM_URLENCODED_TYPE);
        Api.Reply text = postStart("{\"provider\":\"testprov\"}", MediaType.TEXT_PLAIN_TYPE);

        assertProblem(reply, 415, "unsupported-media-type");
        assertProblem(text, 415, "unsupported-media-type");
    }

    @Test
    void anOversizedBodyIsTooLarge() {
        String subject = "x".repeat(300 * 1024);
        Api.Reply reply = postStart("{\"provider\":\"testprov\",\"template\":\"t\",\"subject\":\"" + subject + "\"}",
                MediaType.APPLICATION_JSON_TYPE);

        assertProblem(reply, 413, "payload-too-large");
    }

    @Test
    void anAnswerTheClientDoesNotAcceptIsNotAcceptable() {
        Api.Reply reply = api.send(api.as("acme", HttpRequest.GET("/v1/sessions").accept(MediaType.TEXT_XML_TYPE)));

        assertProblem(reply, 406, "not-acceptable");
    }

    @Test
    void aBrowserAskingForHtmlStillGetsAProblem() {
        Api.Reply reply = api.send(api.as("acme", HttpRequest.GET("/v1/nothing-here")
                .accept(MediaType.TEXT_HTML_TYPE)));

        assertProblem(reply, 404, "not-found");
    }

    @Test
    void anUnknownRouteIsNotFound() {
        assertProblem(api.get("acme", "/v1/nothing-here"), 404, "not-found");
        assertProblem(api.get("acme", "/v2/sessions"), 404, "not-found");
    }

    @Test
    void aWrongMethodIsNotAllowed() {
        Api.Reply reply = api.send(api.as("acme", HttpRequest.DELETE("/v1/sessions")));

        assertProblem(reply, 405, "method-not-allowed");
        assertThat(reply.header("Allow")).isPresent();
    }

    @Test
    void noCredentialsIsUnauthenticated() {
        Api.Reply reply = api.send(HttpRequest.GET("/v1/sessions"));

        assertProblem(reply, 401, "unauthenticated");
    }

    @Test
    void anUnavailableProviderIsA503WithRetryAfter() {
        Api.Reply reply = api.start("acme", UUID.randomUUID().toString(), "tmpl_unavailable", "user-1");

        Map<String, Object> problem = assertProblem(reply, 503, "provider-unavailable");
        assertThat(reply.header("Retry-After")).hasValue("30");
        assertThat(reply.body()).doesNotContain("maintenance");
        assertThat(problem).containsKey("detail");
    }

    @Test
    void aRejectingProviderIsA502() {
        Api.Reply reply = api.start("acme", UUID.randomUUID().toString(), "tmpl_rejected", "user-2");

        assertProblem(reply, 502, "provider-rejected");
        assertThat(reply.body()).doesNotContain("invalid_template").doesNotContain("refused the template");
    }

    @Test
    void aBugIsAnInternalErrorThatSaysNothingAboutIt() {
        Api.Reply reply = api.start("acme", UUID.randomUUID().toString(), "tmpl_broken", "user-3");

        Map<String, Object> problem = assertProblem(reply, 500, "internal-error");
        assertThat(problem).doesNotContainKey("detail");
        assertThat(reply.body()).doesNotContain("hunter2").doesNotContain("IllegalState");
    }

    @Test
    void aBadQueryParameterIsNamed() {
        assertField(assertProblem(api.get("acme", "/v1/sessions?state=done"), 400, "invalid-field"), "state");
    }
}
