/** Provider-neutral model of identity-verification sessions: values, the aggregate, signals and events. */
package io.veriflow.domain;
