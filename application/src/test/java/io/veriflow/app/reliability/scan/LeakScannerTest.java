package io.veriflow.app.reliability.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.veriflow.app.reliability.scan.LeakScanner.Finding;
import io.veriflow.app.reliability.scan.LeakScanner.Report;
import io.veriflow.app.reliability.scan.LeakScanner.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner finds what is planted in a synthetic log, says where, masks it, and lets lookalikes pass. */
class LeakScannerTest {

    private static final String API_KEY = "vfk_abcdefgh2345_" + "Q7".repeat(21) + "x";
    private static final String CLIENT_SECRET = "vfcs_zyxwvuts7654_" + "k9".repeat(21) + "y";
    private static final String SIGNING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpcXNlX2lpQkdEUWtraTZzSGZ3N3oz.c2lnbmF0dXJl";

    @TempDir
    Path dir;

    private final LeakScanner scanner = new LeakScanner(WhatMustNotLeak.rules(WhatMustNotLeak.FIXTURES),
            WhatMustNotLeak.exemptions());

    @Test
    void plantedSecretsAndPersonalDataAreFoundWithTheirLineAndMasked() throws IOException {
        Path log = write("service.log",
                "10:00:00.000 INFO  [main] io.veriflow.Clean - session 0190f5c2-7a1b-7c3d-9e8f-123456789012 started",
                "10:00:00.001 DEBUG [main] io.veriflow.Leaky - key " + API_KEY + " accepted",
                "10:00:00.002 INFO  [main] io.veriflow.Clean - key prefix vfk_abcdefgh2345 shown, that is fine",
                "10:00:00.003 WARN  [main] io.veriflow.Leaky - Authorization: Bearer " + CLIENT_SECRET,
                "10:00:00.004 INFO  [main] io.veriflow.Leaky - endpoint secret " + SIGNING_SECRET,
                "10:00:00.005 INFO  [main] io.veriflow.Leaky - token " + JWT + " and wbhsec_6f1c3e2a-9b4d-4c7e",
                "10:00:00.006 INFO  [main] io.veriflow.Leaky - applicant Alexander Sample born 1977-08-31 at 94108",
                "10:00:00.007 INFO  [main] io.veriflow.Clean - ids 1294108 a94108f 19770831 Samples",
                "10:00:00.008 ERROR [main] io.veriflow.Leaky - failed {} ",
                "java.lang.IllegalStateException: database password hunter2 at io.veriflow.Secret",
                "10:00:00.009 WARN  [main] veriflow.dev-tenant - Development tenant 'dev' API key: " + API_KEY
                        + " (embedded database only; shown once)");

        Report report = scanner.scan(log, Scope.LOGS);

        assertThat(report.lines()).isEqualTo(11);
        assertThat(report.findings()).extracting(Finding::line, Finding::kind).containsExactlyInAnyOrder(
                tuple(2, "API key"),
                tuple(4, "client secret"),
                tuple(4, "bearer token"),
                tuple(5, "endpoint signing secret"),
                tuple(6, "JWT"),
                tuple(6, "Persona webhook secret"),
                tuple(7, "personal data"),
                tuple(7, "personal data"),
                tuple(7, "personal data"),
                tuple(7, "personal data"),
                tuple(10, "test secret"));
        assertThat(report.findings()).allSatisfy(finding -> {
            assertThat(finding.file()).isEqualTo(log.toString());
            assertThat(finding.toString()).startsWith(log + ":" + finding.line() + " ")
                    .doesNotContain(API_KEY).doesNotContain(CLIENT_SECRET).doesNotContain(SIGNING_SECRET)
                    .doesNotContain(JWT).doesNotContain("Alexander").doesNotContain("1977-08-31")
                    .doesNotContain("hunter2");
        });
    }

    @Test
    void aSpanRuleReadsSpansOnlyAndEverySpanPartIsScanned() throws IOException {
        Path spans = write("spans.jsonl",
                "{\"name\":\"veriflow.StartVerification\",\"attributes\":{\"veriflow.subject\":"
                        + "\"subject-that-must-not-be-traced\"},\"events\":[],\"links\":[]}",
                "{\"name\":\"provider.fetch\",\"attributes\":{},\"events\":[{\"name\":\"exception\",\"attributes\":"
                        + "{\"exception.message\":\"leslie.knope@example.com\"}}],\"links\":[]}");
        Path log = write("service.log", "10:00:00.000 INFO [main] io.veriflow.X - subject-that-must-not-be-traced");

        assertThat(scanner.scan(spans, Scope.SPANS).findings()).extracting(Finding::line, Finding::kind)
                .containsExactly(tuple(1, "subject reference in a span"),
                        tuple(2, "personal data"));
        assertThat(scanner.scan(log, Scope.LOGS).findings()).isEmpty();
    }

    @Test
    void personalValuesComeFromTheFixturesPersonalFieldsOnly() {
        Set<String> values = WhatMustNotLeak.personalValues(WhatMustNotLeak.FIXTURES);

        assertThat(values).contains("Alexander", "Sample", "1977-08-31", "600 California St", "94108", "I1234562",
                "203.0.113.24", "leslie.knope@example.com", "+13175550142", "Knope", "123456789");
        assertThat(values).doesNotContain("J", "US", "match", "no_match", "6789", "usr_1001",
                "inq_1eiAFYCsz2Dn2ky8CKgCYeJ6N7kw", "San Francisco");
    }

    @Test
    void theMaskShowsAtMostAQuarterOfTheValue() {
        assertThat(LeakScanner.mask("hunter2")).isEqualTo("h*** (7 chars)");
        assertThat(LeakScanner.mask(API_KEY)).isEqualTo("vfk_ab*** (60 chars)");
        assertThat(LeakScanner.mask("abc")).isEqualTo("*** (3 chars)");
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines), StandardCharsets.UTF_8);
    }
}
