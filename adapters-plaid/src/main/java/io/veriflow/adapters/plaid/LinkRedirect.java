package io.veriflow.adapters.plaid;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code plaidlink://<host>?<query>} navigation from Link's (deprecated) webview integration: {@code host} is
 * {@code connected}, {@code exit} or {@code event}. Query keys are URL-decoded; a bare {@code key} or an empty
 * {@code key=} reads as absent; the first occurrence of a key wins. Plaid's own documentation example puts the first
 * parameter after {@code &} instead of {@code ?} ({@code plaidlink://event&event_name=...?error_type=...}), so both
 * separators are accepted anywhere after the host.
 *
 * @param host lower-cased
 * @param parameters decoded, non-empty values only
 */
record LinkRedirect(String host, Map<String, String> parameters) {

    static final String SCHEME = "plaidlink://";

    LinkRedirect {
        Objects.requireNonNull(host, "host must not be null");
        parameters = Map.copyOf(parameters);
    }

    /** The redirect, or empty when {@code uri} is not a {@code plaidlink://} URI with a host. */
    static Optional<LinkRedirect> parse(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        String text = uri.strip();
        if (!text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String rest = text.substring(SCHEME.length());
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '?' && rest.charAt(end) != '&' && rest.charAt(end) != '/'
                && rest.charAt(end) != '#') {
            end++;
        }
        String host = rest.substring(0, end).toLowerCase(Locale.ROOT);
        if (host.isEmpty()) {
            return Optional.empty();
        }
        String query = rest.substring(end);
        int fragment = query.indexOf('#');
        if (fragment >= 0) {
            query = query.substring(0, fragment);
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String part : query.split("[?&]")) {
            if (part.isEmpty() || part.equals("/")) {
                continue;
            }
            int equals = part.indexOf('=');
            String key = decode(equals < 0 ? part : part.substring(0, equals)).strip();
            String value = equals < 0 ? "" : decode(part.substring(equals + 1));
            if (key.isEmpty() || parameters.containsKey(key)) {
                continue;
            }
            parameters.put(key, value);
        }
        parameters.values().removeIf(String::isBlank);
        return Optional.of(new LinkRedirect(host, parameters));
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(parameters.get(key));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
