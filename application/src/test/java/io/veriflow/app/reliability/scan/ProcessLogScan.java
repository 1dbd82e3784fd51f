package io.veriflow.app.reliability.scan;

import io.veriflow.app.reliability.scan.LeakScanner.Finding;
import io.veriflow.app.reliability.scan.LeakScanner.Report;
import io.veriflow.app.reliability.scan.LeakScanner.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The log scan of {@link LogAndTraceScanIT} for the logs of services run as processes of their own (the crash suites'
 * instances log with the service's production {@code logback.xml}): the same rules, the same exemptions.
 */
public final class ProcessLogScan {

    /** What the scan read and found. */
    public record Result(int files, long lines, List<String> findings) {

        public String summary() {
            return "scanned " + lines + " lines of " + files + " service logs, " + findings.size() + " leaks";
        }
    }

    private ProcessLogScan() {
    }

    /** Scans every {@code *.log} file in {@code directory}; a leak is reported with its file, line and masked value. */
    public static Result scan(Path directory) {
        LeakScanner scanner = new LeakScanner(WhatMustNotLeak.rules(WhatMustNotLeak.FIXTURES),
                WhatMustNotLeak.exemptions());
        List<String> findings = new ArrayList<>();
        long lines = 0;
        int files = 0;
        try (Stream<Path> logs = Files.list(directory)) {
            for (Path log : logs.filter(path -> path.toString().endsWith(".log")).sorted().toList()) {
                Report report = scanner.scan(log, Scope.LOGS);
                files++;
                lines += report.lines();
                report.findings().stream().map(Finding::toString).forEach(findings::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not scan the logs in " + directory, e);
        }
        return new Result(files, lines, List.copyOf(findings));
    }
}
