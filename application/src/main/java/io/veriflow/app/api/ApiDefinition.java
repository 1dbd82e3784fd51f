package io.veriflow.app.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The OpenAPI document's header. micronaut-openapi generates the document at compile time from the controllers
 * ({@code META-INF/swagger/veriflow-v1.yml}); it is served under {@code /swagger/} and browsable at
 * {@code /swagger-ui/}.
 */
@OpenAPIDefinition(
        info = @Info(
                title = "Veriflow",
                version = "v1",
                description = """
                        Provider-neutral identity verification. Start a session with a provider, hand the launch \
                        data and the session's client secret to your front end, forward the provider's client \
                        callbacks, and read the session's state, decision and timeline. Errors are RFC 9457 \
                        application/problem+json with a stable `type`."""),
        security = @SecurityRequirement(name = "bearer"),
        tags = {
                @Tag(name = "Sessions", description = "Start, read and list verification sessions."),
                @Tag(name = "Session actions", description = "Resume or retry a session."),
                @Tag(name = "Client callbacks", description = "Forward the provider's client callbacks.")
        })
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "`Authorization: Bearer <credential>`: a tenant's API key (`vfk_...`); for posting a session's "
                + "client callbacks, that session's client secret (`vfcs_...`) also works.")
final class ApiDefinition {

    private ApiDefinition() {
    }
}
