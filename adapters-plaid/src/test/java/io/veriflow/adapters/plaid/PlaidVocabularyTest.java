package io.veriflow.adapters.plaid;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.model.OtherStep;
import io.veriflow.domain.model.StandardStep;
import io.veriflow.domain.model.StepStatus;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.signal.SnapshotStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PlaidVocabularyTest {

    private static final Path API = Path.of("..", "..", "shared", "providers", "plaid", "fixtures", "api");

    @ParameterizedTest
    @CsvSource({
        "active, IN_PROGRESS",
        "success, PASSED",
        "failed, FAILED",
        "pending_review, NEEDS_REVIEW",
        "expired, EXPIRED",
        "canceled, CANCELED",
        "some_future_status, UNKNOWN",
    })
    void sessionStatuses(String plaid, SnapshotStatus neutral) {
        assertThat(PlaidVocabulary.sessionStatus(plaid)).isEqualTo(neutral);
    }

    @ParameterizedTest
    @CsvSource({
        "accept_tos, TERMS", "ACCEPT_TOS, TERMS",
        "verify_sms, PHONE", "VERIFY_SMS, PHONE",
        "kyc_check, DATA_CHECK", "KYC_CHECK, DATA_CHECK",
        "documentary_verification, DOCUMENT", "DOCUMENTARY_VERIFICATION, DOCUMENT",
        "selfie_check, SELFIE", "SELFIE_CHECK, SELFIE",
        "watchlist_screening, WATCHLIST", "SCREENING, WATCHLIST",
        "risk_check, RISK", "RISK_CHECK, RISK",
    })
    void stepKeysAndViewNames(String plaid, StandardStep neutral) {
        assertThat(PlaidVocabulary.step(plaid)).isEqualTo(neutral);
    }

    @Test
    void unknownStepKeysAreKeptAsOtherSteps() {
        assertThat(PlaidVocabulary.step("liveness")).isEqualTo(new OtherStep("liveness"));
    }

    @Test
    void oddStepNamesBecomeValidOtherStepsOrStandardOnes() {
        assertThat(PlaidVocabulary.step("_leading")).isEqualTo(new OtherStep("x_leading"));
        assertThat(PlaidVocabulary.step("Some View!")).isEqualTo(new OtherStep("some_view_"));
        assertThat(PlaidVocabulary.step("x".repeat(100))).isEqualTo(new OtherStep("x".repeat(63)));
        assertThat(PlaidVocabulary.step("phone")).isEqualTo(StandardStep.PHONE);
        assertThat(PlaidVocabulary.step(" KYC_CHECK ")).isEqualTo(StandardStep.DATA_CHECK);
    }

    @ParameterizedTest
    @CsvSource({
        "waiting_for_prerequisite, PENDING",
        "active, ACTIVE",
        "success, PASSED",
        "manually_approved, PASSED",
        "failed, FAILED",
        "manually_rejected, FAILED",
        "skipped, SKIPPED",
        "pending_review, IN_REVIEW",
        "not_applicable, NOT_APPLICABLE",
        "expired, NOT_APPLICABLE",
        "canceled, NOT_APPLICABLE",
    })
    void stepStatuses(String plaid, StepStatus neutral) {
        assertThat(PlaidVocabulary.stepStatus(plaid)).contains(neutral);
    }

    @Test
    void unknownStepStatusesAreEmptyNotErrors() {
        assertThat(PlaidVocabulary.stepStatus("some_future_status")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(RetryMode.class)
    void everyRetryModeHasAPlaidStrategy(RetryMode mode) {
        assertThat(PlaidVocabulary.strategy(mode)).isIn("reset", "incomplete", "infer", "custom");
    }

    static Stream<Path> getFixtures() throws IOException {
        try (Stream<Path> files = Files.list(API)) {
            return files.filter(f -> f.getFileName().toString().startsWith("identity_verification_get.")
                            && !f.getFileName().toString().endsWith(".request.json"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("getFixtures")
    void everyStatusAndStepInTheFixturesIsKnown(Path fixture) throws IOException {
        String body = Files.readString(fixture);
        Matcher status = Pattern.compile("\"status\"\\s*:\\s*\"([a-z_]+)\"").matcher(body);
        Set<String> seen = new HashSet<>();
        while (status.find()) {
            seen.add(status.group(1));
        }
        assertThat(seen).isNotEmpty();
        for (String value : seen) {
            boolean known = PlaidVocabulary.sessionStatus(value) != SnapshotStatus.UNKNOWN
                    || PlaidVocabulary.stepStatus(value).isPresent();
            assertThat(known).as("%s in %s", value, fixture.getFileName()).isTrue();
        }
        int steps = body.indexOf("\"steps\"");
        assertThat(steps).as("fixture has a steps object").isPositive();
        Matcher keys = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*\"[a-z_]+\"")
                .matcher(body.substring(steps, body.indexOf('}', steps)));
        while (keys.find()) {
            assertThat(PlaidVocabulary.step(keys.group(1))).as(keys.group(1)).isInstanceOf(StandardStep.class);
        }
    }
}
