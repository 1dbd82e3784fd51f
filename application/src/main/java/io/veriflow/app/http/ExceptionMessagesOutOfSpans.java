package io.veriflow.app.http;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.web.router.RouteAttributes;
import org.reactivestreams.Publisher;

/**
 * Keeps exception messages out of the HTTP server spans. Micronaut Tracing records the exception a response was made
 * from (handled or not) on the request's span, message and stack trace included, and a message carries whatever the
 * failing code put in it. This filter sits just inside the tracing filter and swaps that exception for a
 * {@link WithheldMessages} copy before the tracing filter reads it: the span still names the exception's class (in
 * the event's message) and its frames, nothing else. The response itself is already made and is not touched.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
final class ExceptionMessagesOutOfSpans implements HttpServerFilter {

    @Override
    public int getOrder() {
        return ServerFilterPhase.TRACING.after();
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        return Publishers.map(chain.proceed(request), response -> {
            RouteAttributes.getException(response)
                    .filter(exception -> !(exception instanceof WithheldMessages))
                    .ifPresent(exception -> RouteAttributes.setException(response, WithheldMessages.of(exception)));
            return response;
        });
    }
}
