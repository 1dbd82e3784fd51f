package io.veriflow.app;

import io.micronaut.runtime.Micronaut;

/** Starts the Veriflow service. */
public final class Veriflow {

    private Veriflow() {
    }

    public static void main(String[] args) {
        Micronaut.build(args).mainClass(Veriflow.class).start();
    }
}
