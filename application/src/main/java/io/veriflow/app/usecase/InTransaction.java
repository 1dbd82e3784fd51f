package io.veriflow.app.usecase;

import java.util.function.Supplier;

/** Runs work in one database transaction: all of it commits, or none of it does. */
@FunctionalInterface
public interface InTransaction {

    <T> T run(Supplier<T> work);
}
