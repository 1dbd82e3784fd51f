package io.veriflow.app.security;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.veriflow.app.http.Problem;
import io.veriflow.app.http.ProblemType;

/**
 * The problem+json answers of authentication, authorization and the admin API, in the HTTP API's own vocabulary
 * ({@link ProblemType}). Their texts are fixed: they never echo a credential, and never say whether a presented key's
 * prefix exists.
 */
final class Problems {

    static final String UNAUTHENTICATED = ProblemType.UNAUTHENTICATED.slug();
    static final String FORBIDDEN = ProblemType.FORBIDDEN.slug();
    static final String NOT_FOUND = ProblemType.NOT_FOUND.slug();
    /** A value of the wrong shape (400). */
    static final String INVALID_FIELD = ProblemType.INVALID_FIELD.slug();
    /** A well-formed value that breaks a rule (422). */
    static final String VALIDATION_FAILED = ProblemType.VALIDATION_FAILED.slug();
    /** The tenant id is taken (409). */
    static final String TENANT_EXISTS = "tenant-exists";

    /** The challenge of every 401 (RFC 6750); {@code error="invalid_token"} when a token was presented. */
    static final String CHALLENGE = "Bearer realm=\"veriflow\"";
    static final String INVALID_TOKEN_CHALLENGE = CHALLENGE + ", error=\"invalid_token\"";

    private Problems() {
    }

    static MutableHttpResponse<Problem> unauthenticated(String path, boolean tokenPresented) {
        return respond(ProblemType.UNAUTHENTICATED.problem(
                        "Present a valid API key or client secret as an 'Authorization: Bearer' header."), path)
                .header(HttpHeaders.WWW_AUTHENTICATE, tokenPresented ? INVALID_TOKEN_CHALLENGE : CHALLENGE);
    }

    static MutableHttpResponse<Problem> forbidden(String path) {
        return respond(ProblemType.FORBIDDEN.problem("These credentials do not allow this request."), path);
    }

    static MutableHttpResponse<Problem> notFound(String path) {
        return respond(ProblemType.NOT_FOUND.problem("There is nothing here for these credentials."), path);
    }

    static MutableHttpResponse<Problem> invalidField(String path, String pointer, String detail) {
        return respond(ProblemType.INVALID_FIELD.problemAt(pointer, detail), path);
    }

    static MutableHttpResponse<Problem> validationFailed(String path, String pointer, String detail) {
        return respond(ProblemType.VALIDATION_FAILED.problemAt(pointer, detail), path);
    }

    static MutableHttpResponse<Problem> tenantExists(String path) {
        return respond(Problem.ofField(TENANT_EXISTS, "Tenant exists", 409, "/id",
                "A tenant with this id exists already."), path);
    }

    static MutableHttpResponse<Problem> respond(Problem problem, String path) {
        return HttpResponse.<Problem>status(HttpStatus.valueOf(problem.status()))
                .contentType(Problem.MEDIA_TYPE)
                .body(problem.at(path));
    }
}
