package io.veriflow.app.reliability.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.app.reliability.scan.LeakScanner.Finding;
import io.veriflow.app.reliability.scan.LeakScanner.Report;
import io.veriflow.app.reliability.scan.LeakScanner.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * After every other test of the build (a failsafe run of its own, see {@code application/pom.xml}): everything the
 * service logged ({@code target/test-logs/service.log}, logback-test.xml, DEBUG for {@code io.veriflow}) and every
 * span it ended ({@code target/test-logs/spans.jsonl}, {@link SpanFile}) holds no secret, token, key or personal
 * value ({@link WhatMustNotLeak}). A finding names the file and line and masks the value. Missing or empty files fail
 * the scan: it never passes for want of anything to read.
 */
class LogAndTraceScanIT {

    private static final Path LOGS = Path.of(System.getProperty("veriflow.test-logs", "target/test-logs"));

    @Test
    void nothingLoggedOrTracedCarriesASecretOrPersonalData(TestReporter reporter) throws IOException {
        Path log = LOGS.resolve("service.log");
        Path spans = LOGS.resolve("spans.jsonl");
        assertThat(log).as("the service's log of this build").exists().isNotEmptyFile();
        assertThat(spans).as("the spans of this build").exists().isNotEmptyFile();
        Set<String> personal = WhatMustNotLeak.personalValues(WhatMustNotLeak.FIXTURES);
        assertThat(personal).as("personal values read from the fixtures").hasSizeGreaterThanOrEqualTo(20);
        LeakScanner scanner = new LeakScanner(WhatMustNotLeak.rules(WhatMustNotLeak.FIXTURES),
                WhatMustNotLeak.exemptions());

        Report logReport = scanner.scan(log, Scope.LOGS);
        Report spanReport = scanner.scan(spans, Scope.SPANS);

        String summary = "scanned " + logReport.lines() + " log lines and " + spanReport.lines() + " spans for "
                + scanner.rules().size() + " kinds of leak (" + personal.size() + " personal values from the "
                + "fixtures)";
        reporter.publishEntry("log and trace scan", summary);
        System.out.println("LogAndTraceScanIT: " + summary);
        assertThat(logReport.lines()).as("log lines").isPositive();
        assertThat(spanReport.lines()).as("spans").isPositive();
        assertThat(Files.readString(spans)).as("spans of the service's own use cases among them")
                .contains("\"name\":\"veriflow.");
        List<Finding> findings = new ArrayList<>(logReport.findings());
        findings.addAll(spanReport.findings());
        assertThat(findings).as(summary + "; " + findings.size() + " leaks found ("
                + findings.stream().collect(Collectors.groupingBy(Finding::kind, Collectors.counting()))
                + "), the first ones:\n" + findings.stream().limit(100).map(Finding::toString)
                .collect(Collectors.joining("\n"))).isEmpty();
    }
}
