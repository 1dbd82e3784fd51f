package io.veriflow.app.reliability.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.veriflow.app.reliability.scan.LeakScanner.Exemption;
import io.veriflow.app.reliability.scan.LeakScanner.Rule;
import io.veriflow.app.reliability.scan.LeakScanner.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the service must never write to a log line or a span:
 *
 * <ul>
 *   <li>credentials by their shape: whole API keys and client secrets ({@code vfk_}/{@code vfcs_} + 12-character
 *       prefix + secret; the prefix alone may be logged), endpoint signing secrets ({@code whsec_}), Persona webhook
 *       secrets ({@code wbhsec_}) and API keys ({@code persona_sandbox_}/{@code persona_production_}), Plaid link,
 *       public and access tokens, bearer tokens, JWTs (Persona session tokens, Plaid verification tokens);</li>
 *   <li>the secrets the tests configure or plant (operator keys, the Plaid secret, a receiver URL's query token, a
 *       password in a bug's message);</li>
 *   <li>personal data: every value of a personal field (names, birth dates, e-mail addresses, phone numbers, street
 *       addresses, postal codes, identity document numbers, IP addresses) in the shared provider fixtures, read when
 *       the scan runs, and the personal data the tests write themselves.</li>
 * </ul>
 */
final class WhatMustNotLeak {

    /** The shared provider fixtures, next to the repository, as the end-to-end tests find them. */
    static final Path FIXTURES = Path.of("..", "..", "shared", "providers");

    /** Personal fields of the fixtures, by name with dashes as underscores, lower case. */
    static final Set<String> PERSONAL_FIELDS = Set.of(
            "name_first", "name_middle", "name_last", "first_name", "middle_name", "last_name", "given_name",
            "family_name", "full_name", "birthdate", "date_of_birth", "dob", "email_address", "email",
            "phone_number", "phone", "address_street_1", "address_street_2", "street", "street_1", "street_2",
            "address_postal_code", "address_postal_code_abbr", "postal_code", "zip", "zip_code",
            "identification_number", "id_number", "social_security_number", "ssn", "ip_address", "ip");

    /** Secrets written in the tests' own code (configuration values and planted values). */
    static final List<String> TEST_SECRETS = List.of(
            "test-operator-key-0123456789abcdefghij", // security.Fixtures.OPERATOR_KEY
            "work-it-operator-key-0123456789abcdef", // work.TaskWorkerIT.OPERATOR_KEY
            "veriflow-e2e-secret-0123456789", // e2e.plaid.FakePlaidApi.SECRET (PLAID-SECRET)
            "receiver-query-secret", // notify.Receiver's endpoint URL query token
            "top-secret-query", // notify endpoint policy tests' URL query token
            "link-sandbox-secret-token-0001", // a Plaid link token of the e2e tests
            "short-but-secret-31-characters!", // security.OperatorKeyTest
            "hunter2"); // api.testprovider.TestProvider.BUG_MESSAGE, notify endpoint userinfo password

    /** Personal data written in the tests' own code. */
    static final List<String> TEST_PERSONAL_DATA = List.of(
            "jane.doe+kyc@example.co.uk", // work.FailureTextTest
            "+1 415 555 0100"); // work.FailureTextTest

    /** Subject references that a test marks as never to be traced. */
    static final List<String> UNTRACED_SUBJECTS = List.of(
            "subject-that-must-not-be-traced"); // tracing.RequestToProviderSpanTreeIT

    private static final Pattern ENUM_LIKE = Pattern.compile("[a-z_]+");
    private static final Pattern SHORT_NUMBER = Pattern.compile("\\d{1,4}");

    private WhatMustNotLeak() {
    }

    /** Every rule, the fixtures' personal values read from {@code fixtures}. */
    static List<Rule> rules(Path fixtures) {
        List<Rule> rules = new ArrayList<>(credentialShapes());
        rules.add(Rule.anyOf("test secret", TEST_SECRETS, Scope.BOTH));
        List<String> personal = new ArrayList<>(personalValues(fixtures));
        personal.addAll(TEST_PERSONAL_DATA);
        rules.add(Rule.anyOf("personal data", personal, Scope.BOTH));
        rules.add(Rule.anyOf("subject reference in a span", UNTRACED_SUBJECTS, Scope.SPANS));
        return rules;
    }

    /** Credentials recognised by their shape, wherever they come from. */
    static List<Rule> credentialShapes() {
        return List.of(
                new Rule("API key", Pattern.compile("vfk_[a-z2-7]{12}_[0-9A-Za-z]{16,}"), Scope.BOTH),
                new Rule("client secret", Pattern.compile("vfcs_[a-z2-7]{12}_[0-9A-Za-z]{16,}"), Scope.BOTH),
                new Rule("endpoint signing secret", Pattern.compile("whsec_[A-Za-z0-9+/=]{16,}"), Scope.BOTH),
                new Rule("Persona webhook secret", Pattern.compile("wbhsec_[A-Za-z0-9-]{8,}"), Scope.BOTH),
                new Rule("Persona API key", Pattern.compile("persona_(?:sandbox|production)_[A-Za-z0-9_]{4,}"),
                        Scope.BOTH),
                new Rule("Plaid token", Pattern.compile(
                        "(?:link|public|access)-(?:sandbox|development|production)-[A-Za-z0-9-]{8,}"), Scope.BOTH),
                new Rule("bearer token", Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/-]{8,}"), Scope.BOTH),
                new Rule("JWT", Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.eyJ[A-Za-z0-9_-]{4,}"), Scope.BOTH));
    }

    /**
     * Lines allowed to carry a kind of value. The development tenant's API key is logged once, on purpose, by the
     * {@code veriflow.dev-tenant} logger, and only on the embedded database (README, DevelopmentTenant): the one test
     * that turns it on checks that line.
     */
    static List<Exemption> exemptions() {
        return List.of(new Exemption("API key",
                line -> line.contains(" veriflow.dev-tenant - Development tenant '"),
                "the development tenant's key, logged once by design on the embedded database"));
    }

    /**
     * The values of personal fields in every JSON file under {@code fixtures}: a field's string value, or the
     * {@code value} member of a field that is an object (Persona's {@code fields}). Values shorter than 4 characters,
     * numbers of up to 4 digits (they are everywhere in ids) and enum-like words ({@code match}, {@code no_match}) are
     * left out.
     */
    static Set<String> personalValues(Path fixtures) {
        Set<String> values = new TreeSet<>();
        JsonFactory json = new JsonFactory();
        try (Stream<Path> files = Files.walk(fixtures)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                try (JsonParser parser = json.createParser(file.toFile())) {
                    collect(parser, values);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the fixtures under " + fixtures.toAbsolutePath(), e);
        }
        return values;
    }

    private static void collect(JsonParser parser, Set<String> values) throws IOException {
        Deque<String> objectNames = new ArrayDeque<>();
        String field = null;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            switch (token) {
                case FIELD_NAME -> field = parser.currentName();
                case START_OBJECT -> {
                    objectNames.push(field == null ? "" : field);
                    field = null;
                }
                case END_OBJECT -> {
                    objectNames.pop();
                    field = null;
                }
                case VALUE_STRING -> {
                    String owner = "value".equals(field) && !objectNames.isEmpty() ? objectNames.peek() : field;
                    if (owner != null && personal(owner) && worthFinding(parser.getText())) {
                        values.add(parser.getText());
                    }
                }
                default -> {
                    // numbers, booleans, nulls, arrays: nothing personal by themselves
                }
            }
        }
    }

    private static boolean personal(String field) {
        return PERSONAL_FIELDS.contains(field.toLowerCase(Locale.ROOT).replace('-', '_'));
    }

    private static boolean worthFinding(String value) {
        String stripped = value.strip();
        return stripped.length() >= 4 && !ENUM_LIKE.matcher(stripped).matches()
                && !SHORT_NUMBER.matcher(stripped).matches();
    }
}
