package io.veriflow.archfixture.cycle.a;

/** One half of a package cycle. */
public class A {
    io.veriflow.archfixture.cycle.b.B b;
}
