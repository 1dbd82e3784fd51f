package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinkRedirectTest {

    @Test
    void readsHostAndDecodedParameters() {
        LinkRedirect redirect = LinkRedirect.parse(
                "plaidlink://event?event_name=OPEN&timestamp=2026-05-05T09%3A35%3A58.001Z&view_name=&mfa_type")
                .orElseThrow();
        assertThat(redirect.host()).isEqualTo("event");
        assertThat(redirect.parameters()).containsOnlyKeys("event_name", "timestamp");
        assertThat(redirect.get("timestamp")).contains("2026-05-05T09:35:58.001Z");
        assertThat(redirect.get("view_name")).isEmpty();
        assertThat(redirect.get("mfa_type")).isEmpty();
    }

    @Test
    void toleratesOddShapes() {
        assertThat(LinkRedirect.parse("PLAIDLINK://Exit")).hasValueSatisfying(r -> {
            assertThat(r.host()).isEqualTo("exit");
            assertThat(r.parameters()).isEmpty();
        });
        assertThat(LinkRedirect.parse("plaidlink://exit?a=1&a=2&b=%ZZ#frag")).hasValueSatisfying(r -> {
            assertThat(r.get("a")).contains("1");
            assertThat(r.get("b")).contains("%ZZ");
        });
        assertThat(LinkRedirect.parse("plaidlink://connected/?public_token=&link_session_id=idv_1"))
                .hasValueSatisfying(r -> assertThat(r.get("link_session_id")).contains("idv_1"));
    }

    @Test
    void anythingElseIsNotARedirect() {
        assertThat(LinkRedirect.parse("https://example.com/?a=b")).isEmpty();
        assertThat(LinkRedirect.parse("plaidlink://")).isEmpty();
        assertThat(LinkRedirect.parse("plaidlink://?event_name=OPEN")).isEmpty();
        assertThat(LinkRedirect.parse(null)).isEmpty();
    }
}
