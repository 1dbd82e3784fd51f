package io.veriflow.app.http;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.veriflow.domain.port.out.ProviderContractViolation;
import io.veriflow.domain.port.out.ProviderFailure;
import io.veriflow.domain.port.out.ProviderRejected;
import io.veriflow.domain.port.out.ProviderUnavailable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider call that failed, after the resilience decorators gave up: {@code 503 provider-unavailable} (with
 * {@code Retry-After} when the provider or our circuit breaker said how long to wait), {@code 502 provider-rejected}
 * or {@code 502 provider-contract-violation}. The body never repeats the provider's message.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
final class ProviderFailureHandler implements ExceptionHandler<ProviderFailure, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderFailureHandler.class);

    @Override
    @SuppressWarnings("rawtypes") // ExceptionHandler declares the request raw
    public HttpResponse<Problem> handle(HttpRequest request, ProviderFailure failure) {
        // Port contract: provider failure messages carry no secrets or personal data, so they may be logged.
        return switch (failure) {
            case ProviderUnavailable unavailable -> {
                LOG.warn("Provider unavailable on {} {}: {}", request.getMethodName(), request.getPath(),
                        unavailable.getMessage());
                Map<String, String> headers = unavailable.retryAfter()
                        .map(wait -> Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds(wait))))
                        .orElse(Map.of());
                yield ProblemResponses.of(request, ProblemType.PROVIDER_UNAVAILABLE.problem(
                        "The verification provider cannot be reached right now; try again later."), headers);
            }
            case ProviderRejected rejected -> {
                LOG.warn("Provider rejected {} {} with code {}: {}", request.getMethodName(), request.getPath(),
                        rejected.code(), rejected.getMessage());
                yield ProblemResponses.of(request, ProblemType.PROVIDER_REJECTED.problem(
                        "The verification provider refused the request."));
            }
            case ProviderContractViolation violation -> {
                LOG.error("Provider broke its contract on {} {}: {}", request.getMethodName(), request.getPath(),
                        violation.getMessage());
                yield ProblemResponses.of(request, ProblemType.PROVIDER_CONTRACT_VIOLATION.problem(
                        "The verification provider answered in a way this service does not understand."));
            }
        };
    }

    /** Whole seconds, rounded up, at least 1 (RFC 9110 delay-seconds). */
    private static long seconds(Duration wait) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
