package io.veriflow.archfixture.adapters.one;

import io.veriflow.archfixture.adapters.two.OtherAdapterClass;

/** Breaks "adapters never depend on each other"; also a public helper, breaking "helpers are package-private". */
public class UsesOtherAdapter {
    public OtherAdapterClass other() {
        return new OtherAdapterClass();
    }
}
