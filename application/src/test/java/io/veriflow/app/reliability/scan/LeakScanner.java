package io.veriflow.app.reliability.scan;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads text files line by line and reports every match of its rules: the file, the line number, the rule's kind and
 * the matched value masked (its first characters and its length, never the value itself, so the report does not leak
 * what it found). A rule applies to log files, span files or both; an {@link Exemption} lets a documented line pass.
 */
final class LeakScanner {

    /** Which files a rule reads. */
    enum Scope {
        LOGS, SPANS, BOTH;

        boolean covers(Scope file) {
            return this == BOTH || this == file;
        }
    }

    /** A kind of leak and the pattern that finds it. */
    record Rule(String kind, Pattern pattern, Scope scope) {

        Rule {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(scope, "scope");
        }

        /**
         * Any of these exact values, not inside a longer word: {@code 94108} is found in {@code "94108"} or
         * {@code code=94108,} but not in {@code 1294108} or a hex id {@code ...a94108f...}.
         */
        static Rule anyOf(String kind, Collection<String> values, Scope scope) {
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values for " + kind);
            }
            String alternatives = values.stream().distinct()
                    .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                    .map(Pattern::quote).collect(Collectors.joining("|"));
            return new Rule(kind, Pattern.compile("(?<![A-Za-z0-9])(?:" + alternatives + ")(?![A-Za-z0-9])"), scope);
        }
    }

    /** Lines that may carry a kind of value, and why. */
    record Exemption(String kind, Predicate<String> line, String why) {
    }

    /** One leak: where, what kind, and the value masked. */
    record Finding(String file, int line, String kind, String masked) {

        @Override
        public String toString() {
            return file + ":" + line + " " + kind + " " + masked;
        }
    }

    /** What one file held: how many lines were read and what was found. */
    record Report(Path file, long lines, List<Finding> findings) {
    }

    private final List<Rule> rules;
    private final List<Exemption> exemptions;

    LeakScanner(List<Rule> rules, List<Exemption> exemptions) {
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a scanner without rules finds nothing");
        }
        this.rules = List.copyOf(rules);
        this.exemptions = List.copyOf(exemptions);
    }

    List<Rule> rules() {
        return rules;
    }

    /** Scans {@code file}, which holds {@code what} (log lines or spans). */
    Report scan(Path file, Scope what) throws IOException {
        List<Rule> applicable = rules.stream().filter(rule -> rule.scope().covers(what)).toList();
        List<Finding> findings = new ArrayList<>();
        long count = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                count++;
                findings.addAll(scanLine(file.toString(), (int) count, line, applicable));
            }
        }
        return new Report(file, count, findings);
    }

    /** The findings in one line of text (what {@link #scan} does for each line). */
    List<Finding> scanLine(String file, int number, String line, List<Rule> applicable) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : applicable) {
            Matcher matcher = rule.pattern().matcher(line);
            while (matcher.find()) {
                if (!exempt(rule.kind(), line)) {
                    findings.add(new Finding(file, number, rule.kind(), mask(matcher.group())));
                }
            }
        }
        return findings;
    }

    private boolean exempt(String kind, String line) {
        return exemptions.stream().anyMatch(exemption -> exemption.kind().equals(kind) && exemption.line().test(line));
    }

    /** The first few characters (at most a quarter, at most 6) and the length: enough to find it, not to use it. */
    static String mask(String value) {
        int shown = Math.min(6, value.length() / 4);
        return value.substring(0, shown) + "*".repeat(3) + " (" + value.length() + " chars)";
    }
}
