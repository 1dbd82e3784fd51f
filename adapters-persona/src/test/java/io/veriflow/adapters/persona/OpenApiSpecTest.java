package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema checker the sandbox and request tests rely on accepts Persona's own fixtures and refuses broken ones. */
class OpenApiSpecTest {

    private final OpenApiSpec spec = OpenApiSpec.load();

    static List<String> inquiryAnswers() {
        return Fixtures.files("api", ".json").stream().filter(file -> file.contains("get-inquiry.")).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inquiryAnswers")
    void everyRetrieveFixtureConformsToTheSpec(String file) {
        Map<String, Object> schema = spec.responseSchema("/inquiries/{inquiry-id}", "get", "200");
        assertThat(spec.problems(schema, Fixtures.tree(file))).isEmpty();
    }

    @Test
    void theResumeFixtureConformsToTheSpec() {
        Map<String, Object> schema = spec.responseSchema("/inquiries/{inquiry-id}/resume", "post", "200");
        assertThat(spec.problems(schema, Fixtures.tree("api/post-resume.pending.json"))).isEmpty();
    }

    @Test
    void aMisspelledOrMistypedMemberIsCaught() {
        Map<String, Object> schema = spec.responseSchema("/inquiries/{inquiry-id}", "get", "200");
        String fixture = Fixtures.text("api/get-inquiry.approved.json");
        JsonNode misspelled = tree(fixture.replace("\"reference-id\"", "\"referenceId\""));
        JsonNode mistyped = tree(fixture.replace("\"status\": \"approved\"", "\"status\": 7"));
        assertThat(spec.problems(schema, misspelled)).anySatisfy(problem -> assertThat(problem).contains("referenceId"));
        assertThat(spec.problems(schema, mistyped)).anySatisfy(problem -> assertThat(problem).contains("status"));
    }

    @Test
    void theCreateRequestSchemaRefusesUnknownMeta() {
        Map<String, Object> schema = spec.requestSchema("/inquiries", "post");
        JsonNode good = tree("{\"data\":{\"attributes\":{\"inquiry-template-id\":\"itmpl_x\"}},"
                + "\"meta\":{\"auto-create-account-reference-id\":\"usr_1\"}}");
        JsonNode bad = tree("{\"data\":{\"attributes\":{\"inquiry-template-id\":\"itmpl_x\"}},"
                + "\"meta\":{\"reference\":\"usr_1\"}}");
        assertThat(spec.problems(schema, good)).isEmpty();
        assertThat(spec.problems(schema, bad)).isNotEmpty();
    }

    private static JsonNode tree(String json) {
        try {
            return Fixtures.JSON.parse(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
