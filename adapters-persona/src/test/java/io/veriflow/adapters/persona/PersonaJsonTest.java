package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonaJsonTest {

    @Test
    void theCanonicalFormSortsMembersAndDropsLayout() throws IOException {
        JsonNode a = Fixtures.JSON.parse("{ \"b\": [1, {\"y\": true, \"x\": null}], \"a\": \"s\" }");
        JsonNode b = Fixtures.JSON.parse("{\"a\":\"s\",\"b\":[1,{\"x\":null,\"y\":true}]}");

        assertThat(PersonaJson.canonical(a)).isEqualTo(PersonaJson.canonical(b))
                .isEqualTo("{\"a\":\"s\",\"b\":[1,{\"x\":null,\"y\":true}]}");
        assertThat(PersonaJson.write(a)).isEqualTo("{\"b\":[1,{\"y\":true,\"x\":null}],\"a\":\"s\"}");
    }

    @Test
    void stringsAreEscapedAndReadBack() throws IOException {
        String tricky = "quote \" backslash \\ newline \n tab \t control \u0001 line-sep \u2028 ü €";
        JsonNode node = PersonaJson.object("k", tricky, "n", 262.195556457, "big", 1773151206L, "none", null,
                "list", PersonaJson.array(List.of(PersonaJson.node(true))));

        JsonNode reread = Fixtures.JSON.parse(PersonaJson.write(node));

        assertThat(reread.get("k").getStringValue()).isEqualTo(tricky);
        assertThat(reread.get("n").getDoubleValue()).isEqualTo(262.195556457);
        assertThat(reread.get("big").getLongValue()).isEqualTo(1773151206L);
        assertThat(reread.get("none").isNull()).isTrue();
        assertThat(reread.get("list").get(0).getBooleanValue()).isTrue();
    }

    @Test
    void readersAreForgiving() throws IOException {
        JsonNode node = Fixtures.JSON.parse("{\"s\":\"  \",\"n\":1,\"o\":{\"p\":{\"q\":\"r\"}},\"z\":null}");

        assertThat(PersonaJson.text(node, "s")).isEmpty();
        assertThat(PersonaJson.text(node, "n")).isEmpty();
        assertThat(PersonaJson.text(node, "missing")).isEmpty();
        assertThat(PersonaJson.member(node, "z")).isEmpty();
        assertThat(PersonaJson.path(node, "o", "p").flatMap(p -> PersonaJson.text(p, "q"))).contains("r");
        assertThat(PersonaJson.path(node, "o", "nope", "q")).isEmpty();
        assertThat(PersonaJson.elements(node)).isEmpty();
    }
}
