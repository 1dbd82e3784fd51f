package io.veriflow.app.provider;

import io.veriflow.domain.model.IdempotencyKey;
import io.veriflow.domain.model.ProviderRef;
import io.veriflow.domain.model.SessionId;
import io.veriflow.domain.model.SubjectRef;
import io.veriflow.domain.model.TemplateRef;
import io.veriflow.domain.model.TenantId;
import io.veriflow.domain.port.out.VerificationProvider;
import io.veriflow.domain.port.out.VerificationProvider.ResumeRequest;
import io.veriflow.domain.port.out.VerificationProvider.RetryRequest;
import io.veriflow.domain.port.out.VerificationProvider.StartRequest;
import io.veriflow.domain.provider.RetryMode;
import io.veriflow.domain.provider.RetryPlan;
import java.util.Optional;

/** Request fixtures, and a way to make any provider call by its operation. */
final class Requests {

    static final SessionId SESSION = SessionId.fromParts(1_735_689_600_000L, 0x123, 0x4567_89AB_CDEFL);
    static final TenantId TENANT = new TenantId("acme");
    static final SubjectRef SUBJECT = new SubjectRef("subject-7f3a9c");
    static final TemplateRef TEMPLATE = new TemplateRef("idvtmp_template01");
    static final IdempotencyKey KEY = new IdempotencyKey("idem-key-0001");
    static final ProviderRef PREVIOUS = new ProviderRef("idv_previous01");

    private Requests() {
    }

    static StartRequest aStartRequest() {
        return new StartRequest(SESSION, TENANT, SUBJECT, TEMPLATE, KEY);
    }

    static ResumeRequest aResumeRequest() {
        return new ResumeRequest(SESSION, Optional.of(FakeVerificationProvider.REF), SUBJECT, TEMPLATE, KEY);
    }

    static RetryRequest aRetryRequest() {
        return new RetryRequest(SESSION, Optional.of(PREVIOUS), SUBJECT, TEMPLATE, RetryPlan.of(RetryMode.RESTART));
    }

    /** Makes the call {@code operation} names, with the fixtures above. */
    static Object call(VerificationProvider provider, ProviderOperation operation) {
        return switch (operation) {
            case START -> provider.start(aStartRequest());
            case FETCH -> provider.fetch(FakeVerificationProvider.REF);
            case RESUME -> provider.resume(aResumeRequest());
            case RETRY -> provider.retry(aRetryRequest());
        };
    }
}
