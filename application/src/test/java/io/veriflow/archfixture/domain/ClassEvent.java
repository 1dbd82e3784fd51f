package io.veriflow.archfixture.domain;

/** Breaks "events are records". */
public final class ClassEvent implements FixtureEvent {
}
