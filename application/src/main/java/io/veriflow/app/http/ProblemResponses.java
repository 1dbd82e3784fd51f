package io.veriflow.app.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.util.Map;

/** Turns a {@link Problem} into the HTTP response that carries it. */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /**
     * The response: the problem's status, {@code application/problem+json}, and the request's path (never its query,
     * which may carry subject references) as {@code instance}.
     */
    public static MutableHttpResponse<Problem> of(HttpRequest<?> request, Problem problem, Map<String, String> headers) {
        MutableHttpResponse<Problem> response = HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
                .contentType(Problem.MEDIA_TYPE)
                .body(problem.instance() == null ? problem.at(request.getPath()) : problem);
        headers.forEach(response::header);
        return response;
    }

    public static MutableHttpResponse<Problem> of(HttpRequest<?> request, Problem problem) {
        return of(request, problem, Map.of());
    }
}
