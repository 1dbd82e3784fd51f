/** The {@code VerificationSession} aggregate: its attempts, the authority rules that apply signals, and its events. */
package io.veriflow.domain.session;
