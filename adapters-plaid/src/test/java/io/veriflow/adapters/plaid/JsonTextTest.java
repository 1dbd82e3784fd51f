package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void parsesFixturesIntoTrees() {
        JsonNode node = Fixtures.json("api/identity_verification_get.failed.json");
        assertThat(JsonText.text(node, "id")).contains("idv_52xR9LKo77r1Np");
        assertThat(node.get("steps").isObject()).isTrue();
    }

    @Test
    void canonicalFormSortsKeysAndDropsWhitespace() {
        JsonNode a = Fixtures.parse("{\"b\": 1, \"a\": {\"d\": [true, null, \"x\"], \"c\": 2.5}}");
        JsonNode b = Fixtures.parse("{\"a\":{\"c\":2.5,\"d\":[true,null,\"x\"]},\"b\":1}");
        assertThat(JsonText.canonical(a)).isEqualTo(JsonText.canonical(b))
                .isEqualTo("{\"a\":{\"c\":2.5,\"d\":[true,null,\"x\"]},\"b\":1}");
    }

    @Test
    void writesEscapes() {
        JsonNode node = JsonText.object().put("k", "q\"\\\n\u0001é").build();
        assertThat(JsonText.write(node)).isEqualTo("{\"k\":\"q\\\"\\\\\\n\\u0001é\"}");
        assertThat(JsonText.parse(Fixtures.JSON, JsonText.write(node)).flatMap(n -> JsonText.text(n, "k")))
                .contains("q\"\\\n\u0001é");
    }

    @Test
    void notJsonIsEmpty() {
        assertThat(JsonText.parse(Fixtures.JSON, "not json")).isEmpty();
        assertThat(JsonText.parse(Fixtures.JSON, "")).isEmpty();
    }

    @Test
    void sha256OfTheVectorBodyMatchesTheVector() {
        assertThat(JsonText.sha256Hex(Fixtures.bytes("webhook_verification/vector01.body.json")))
                .isEqualTo("1783bf94e5943ced19c25c33f47052cea6705988bb4305d73e5de340657d3f38");
    }
}
