package io.veriflow.archfixture.domain;

/** A family root whose member below is not a record. */
public interface FixtureEvent {
}
