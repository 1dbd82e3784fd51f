/**
 * The log and trace scan: every test context writes its log events and ended spans to files under
 * {@code target/test-logs}, and a last test run reads them for secrets and personal data.
 */
package io.veriflow.app.reliability.scan;
