package io.veriflow.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.http.Problem;
import java.util.List;
import java.util.Map;

/** What every error answer of the API must look like: RFC 9457 problem+json with a stable type, no stack trace. */
final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /** Asserts the reply is the problem {@code slug} with {@code status}, and returns its body. */
    static Map<String, Object> assertProblem(Api.Reply reply, int status, String slug) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as("content type of " + reply).hasValueSatisfying(
                type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
        assertThat(reply.body())
                .as("no stack trace or exception in " + reply)
                .doesNotContain("at io.")
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain(".java:");
        Map<String, Object> problem = reply.object();
        assertThat(problem.get("type")).as(reply.toString()).isEqualTo(Problem.TYPE_BASE + slug);
        assertThat(problem.get("title")).as(reply.toString()).isInstanceOf(String.class);
        assertThat(((Number) problem.get("status")).intValue()).isEqualTo(status);
        return problem;
    }

    /** Asserts the problem names exactly this field (pointer or parameter name) among its errors. */
    @SuppressWarnings("unchecked")
    static void assertField(Map<String, Object> problem, String pointer) {
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.get("errors");
        assertThat(errors).as("errors of " + problem).isNotNull();
        assertThat(errors).extracting(error -> error.get("pointer")).as("errors of " + problem).contains(pointer);
    }
}
