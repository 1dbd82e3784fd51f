package io.veriflow.archfixture.adapters.one;

/** Breaks "adapter helpers are package-private". */
public class PublicTranslator {
}
