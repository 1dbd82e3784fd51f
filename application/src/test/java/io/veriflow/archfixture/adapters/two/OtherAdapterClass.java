package io.veriflow.archfixture.adapters.two;

/** A class of a second adapter. */
public class OtherAdapterClass {
}
