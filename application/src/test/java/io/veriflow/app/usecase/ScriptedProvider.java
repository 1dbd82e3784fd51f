package io.veriflow.app.usecase;

import io.veriflow.domain.model.ClientToken;
import io.veriflow.domain.model.ProviderId;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.provider.ClientLaunch;
import io.veriflow.domain.provider.ExpiryPolicy;
import io.veriflow.domain.provider.ProviderCapabilities;
import io.veriflow.domain.provider.ResumeSupport;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.WebhookStyle;
import io.veriflow.domain.signal.Snapshot;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;

/** A provider whose answers the test scripts; counts calls. */
final class ScriptedProvider implements VerificationProvider {

    static final ProviderId ID = new ProviderId("scripted");

    final Deque<Snapshot> fetches = new ArrayDeque<>();
    ProviderRef nextRef = new ProviderRef("att_1");
    int starts;
    int resumes;
    int retries;

    @Override
    public ProviderId id() {
        return ID;
    }

    @Override
    public ProviderCapabilities capabilities() {
        return new ProviderCapabilities(ResumeSupport.OPEN_AND_EXPIRED_ATTEMPTS, EnumSet.allOf(RetryMode.class),
                WebhookStyle.THIN, new ExpiryPolicy.ProviderExpires());
    }

    @Override
    public StartedAttempt start(StartRequest request) {
        starts++;
        return new StartedAttempt(Optional.of(nextRef), launch("start-token"), Optional.empty());
    }

    @Override
    public Snapshot fetch(ProviderRef ref) {
        return fetches.removeFirst();
    }

    @Override
    public ResumeGrant resume(ResumeRequest request) {
        resumes++;
        return new ResumeGrant(launch("resume-token-" + resumes), Optional.empty());
    }

    @Override
    public StartedAttempt retry(RetryRequest request) {
        retries++;
        return new StartedAttempt(Optional.of(nextRef), launch("retry-token"), Optional.empty());
    }

    private static ClientLaunch launch(String token) {
        return new ClientLaunch(Optional.of(new ClientToken(token)), Map.of(), Optional.empty());
    }
}
