package io.veriflow.app.notify.endpoint;

/** Why an endpoint address was refused. */
public enum RefusalReason {
    /** Not an absolute hierarchical URL, too long, or with an invalid port. */
    MALFORMED_URL,
    /** Not {@code https} (or {@code http} while plain http is not allowed). */
    SCHEME_NOT_ALLOWED,
    /** Carries {@code user:password@}: credentials belong in the signature, not the URL. */
    USERINFO_NOT_ALLOWED,
    /** Carries a {@code #fragment}, which is never sent and hints at a mistake. */
    FRAGMENT_NOT_ALLOWED,
    /** No host, or one that is not a valid (ASCII, punycode) host name. */
    MISSING_HOST,
    /** A numeric host that is not a canonical dotted quad ({@code 2130706433}, {@code 127.1}, {@code 0x7f.1}). */
    NON_CANONICAL_ADDRESS,
    /** A well-known cloud metadata host name such as {@code metadata.google.internal}. */
    CLOUD_METADATA_HOST,
    /** The host name does not resolve. */
    UNRESOLVABLE_HOST,
    /** The host is, or resolves to at least one, address that is not allowed. */
    FORBIDDEN_ADDRESS
}
