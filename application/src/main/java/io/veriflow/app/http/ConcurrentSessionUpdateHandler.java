package io.veriflow.app.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.veriflow.domain.port.out.ConcurrentSessionUpdate;
import jakarta.inject.Singleton;

/** Another request changed the session while this one was changing it (and retrying did not help): 409. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
final class ConcurrentSessionUpdateHandler implements ExceptionHandler<ConcurrentSessionUpdate, HttpResponse<Problem>> {

    @Override
    @SuppressWarnings("rawtypes") // ExceptionHandler declares the request raw
    public HttpResponse<Problem> handle(HttpRequest request, ConcurrentSessionUpdate exception) {
        return ProblemResponses.of(request, ProblemType.CONCURRENT_UPDATE.problem(
                "The session was changed by another request at the same time; repeat the request."));
    }
}
