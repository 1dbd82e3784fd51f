package io.veriflow.app.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;

/**
 * The {@code B_http} baseline of the benchmark: reads the body and answers 204, no database, no crypto. Only in the
 * test sources and only with {@code veriflow.bench.enabled=true}, which only {@link Benchmark} sets. Under
 * {@code /webhooks/} so that, like the real webhook endpoints, it passes the authentication filter as public.
 */
@Controller("/webhooks/bench-noop")
@Requires(property = "veriflow.bench.enabled", value = "true")
class BenchNoopController {

    @Post(consumes = MediaType.ALL)
    HttpResponse<Void> receive(@Body byte[] body) {
        return HttpResponse.noContent();
    }
}
