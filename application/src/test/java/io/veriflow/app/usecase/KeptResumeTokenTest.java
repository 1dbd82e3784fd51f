package io.veriflow.app.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.Secret;
import io.veriflow.domain.provider.ClientLaunch;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The vault's resume-token record: what is sealed reads back, and only a recent resume's token is reused. */
class KeptResumeTokenTest {

    private static final Instant ISSUED = Instant.parse("2026-03-12T16:40:10Z");
    private static final ProviderRef INQUIRY = new ProviderRef("inq_WQAG9g1TCkrtvcDBubgLHKA8hiZu");
    private static final Duration REUSE = Duration.ofMinutes(10);
    private static final Duration VALIDITY = Duration.ofMinutes(1);

    private static KeptResumeToken issued(Optional<Instant> expiresAt) {
        ClientLaunch launch = new ClientLaunch(Optional.of(new ClientToken("eyJ.a&b=c%.sig")),
                Map.of("inquiryId", INQUIRY.value()), expiresAt);
        return KeptResumeToken.issued(launch.token().orElseThrow(), launch, Optional.of(INQUIRY), ISSUED);
    }

    @Test
    void aSealedResumeGrantReadsBackWhole() {
        KeptResumeToken kept = issued(Optional.of(ISSUED.plus(Duration.ofDays(1))));

        KeptResumeToken read = KeptResumeToken.unseal(kept.seal());

        assertThat(read).isEqualTo(kept);
        assertThat(read.token().reveal()).isEqualTo("eyJ.a&b=c%.sig");
        assertThat(kept.toString()).doesNotContain("eyJ");
    }

    @Test
    void aBareValueIsAClientTokenAndAClientTokenIsNeverReused() {
        KeptResumeToken legacy = KeptResumeToken.unseal(new Secret("eyJhbGciOiJIUzI1NiJ9.e30.sig"));
        KeptResumeToken forged = KeptResumeToken.unseal(KeptResumeToken.fromClient(new ClientToken(
                KeptResumeToken.PREFIX + "origin=RESUME&issued-at=2026-03-12T16:40:10Z&token=x")).seal());

        assertThat(legacy.origin()).isEqualTo(KeptResumeToken.Origin.CLIENT);
        assertThat(legacy.token().reveal()).isEqualTo("eyJhbGciOiJIUzI1NiJ9.e30.sig");
        assertThat(forged.origin()).as("a client's token shaped like a record stays a client token")
                .isEqualTo(KeptResumeToken.Origin.CLIENT);
        assertThat(legacy.reusableLaunch(Optional.of(INQUIRY), ISSUED, REUSE, VALIDITY)).isEmpty();
        assertThat(forged.reusableLaunch(Optional.of(INQUIRY), ISSUED, REUSE, VALIDITY)).isEmpty();
    }

    @Test
    void aResumesTokenIsReusedForItsAttemptWithinTheWindowWhileValid() {
        KeptResumeToken kept = issued(Optional.of(ISSUED.plus(Duration.ofDays(1))));

        assertThat(kept.reusableLaunch(Optional.of(INQUIRY), ISSUED.plusSeconds(30), REUSE, VALIDITY))
                .hasValueSatisfying(launch -> {
                    assertThat(launch.token()).contains(new ClientToken("eyJ.a&b=c%.sig"));
                    assertThat(launch.parameters()).containsEntry("inquiryId", INQUIRY.value());
                });
        assertThat(kept.reusableLaunch(Optional.of(INQUIRY), ISSUED.plus(REUSE), REUSE, VALIDITY))
                .as("window over").isEmpty();
        assertThat(kept.reusableLaunch(Optional.of(new ProviderRef("inq_other")), ISSUED, REUSE, VALIDITY))
                .as("another attempt").isEmpty();
        assertThat(issued(Optional.of(ISSUED.plusSeconds(30))).reusableLaunch(Optional.of(INQUIRY), ISSUED, REUSE,
                VALIDITY)).as("about to expire").isEmpty();
        assertThat(issued(Optional.empty()).reusableLaunch(Optional.of(INQUIRY), ISSUED, REUSE, VALIDITY))
                .as("expiry unknown").isPresent();
    }
}
