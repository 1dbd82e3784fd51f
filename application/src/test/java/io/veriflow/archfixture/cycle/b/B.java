package io.veriflow.archfixture.cycle.b;

/** The other half of a package cycle. */
public class B {
    io.veriflow.archfixture.cycle.a.A a;
}
