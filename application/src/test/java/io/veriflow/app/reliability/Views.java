package io.veriflow.app.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.reliability.PersonaTraffic.Session;
import io.veriflow.app.reliability.Wire.Answer;
import io.veriflow.app.reliability.Wire.Call;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session as the API shows it ({@code GET /v1/sessions/{id}}), without what differs between two sessions that went
 * through the same story: ids, subject, wall-clock times, and the inquiry id (shown as {@code <inquiry>}). What is
 * left is the outcome: state, decision with its verdict and reasons, steps, attempts (number, origin, chain).
 */
final class Views {

    private Views() {
    }

    static Map<String, Object> outcome(Wire wire, URI base, Session session) {
        Answer answer = wire.send(Call.get(base, session.path(), session.apiKey()));
        assertThat(answer.status()).as("read of %s: %s", session, answer).isEqualTo(200);
        Map<String, Object> view = new LinkedHashMap<>(answer.object());
        for (String varying : List.of("id", "subject", "created_at", "updated_at")) {
            view.remove(varying);
        }
        List<Object> attempts = new ArrayList<>();
        for (Object attempt : (List<?>) view.getOrDefault("attempts", List.of())) {
            Map<String, Object> kept = new LinkedHashMap<>();
            ((Map<?, ?>) attempt).forEach((key, value) -> kept.put((String) key,
                    session.inquiry().id().equals(value) ? "<inquiry>" : value));
            kept.remove("opened_at");
            attempts.add(kept);
        }
        view.put("attempts", attempts);
        return view;
    }

    /** {@code state/verdict} of an outcome, e.g. {@code decided/passed} or {@code expired/-}. */
    static String stateAndVerdict(Map<String, Object> outcome) {
        Object decision = outcome.get("decision");
        return outcome.get("state") + "/" + (decision instanceof Map<?, ?> map ? map.get("verdict") : "-");
    }
}
