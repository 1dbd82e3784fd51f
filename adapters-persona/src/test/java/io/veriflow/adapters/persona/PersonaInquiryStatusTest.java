package io.veriflow.adapters.persona;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.signal.SnapshotStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PersonaInquiryStatusTest {

    private static final Path FIXTURES = Path.of("..", "..", "shared", "providers", "persona", "fixtures", "api");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");

    @ParameterizedTest
    @CsvSource({
        "created, NOT_STARTED",
        "pending, IN_PROGRESS",
        "completed, SUBMITTED",
        "approved, PASSED",
        "declined, FAILED",
        "failed, FAILED",
        "needs_review, NEEDS_REVIEW",
        "expired, EXPIRED",
    })
    void mapsEveryDocumentedStatus(String persona, SnapshotStatus neutral) {
        assertThat(PersonaInquiryStatus.toNeutral(persona)).isEqualTo(neutral);
    }

    @Test
    void unknownFutureStatusesAreUnknownNotErrors() {
        assertThat(PersonaInquiryStatus.toNeutral("frozen")).isEqualTo(SnapshotStatus.UNKNOWN);
        assertThat(PersonaInquiryStatus.toNeutral(null)).isEqualTo(SnapshotStatus.UNKNOWN);
    }

    static Stream<Arguments> inquiryFixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(file -> file.getFileName().toString().startsWith("get-inquiry."))
                    .sorted()
                    .map(file -> Arguments.of(file.getFileName().toString(), file))
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inquiryFixtures")
    void everyInquiryFixtureHasAKnownStatus(String name, Path file) throws IOException {
        Matcher matcher = STATUS.matcher(Files.readString(file));
        assertThat(matcher.find()).as("%s has a status", name).isTrue();
        String status = matcher.group(1);
        assertThat(name).as("fixture name matches its status").contains("." + status + ".");
        assertThat(PersonaInquiryStatus.toNeutral(status)).as(status).isNotEqualTo(SnapshotStatus.UNKNOWN);
    }
}
