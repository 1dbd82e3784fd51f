package io.veriflow.archfixture.app;

import io.veriflow.archfixture.adapters.two.OtherAdapterClass;

/** Breaks "the application never names an adapter class". */
public class NamesAnAdapter {
    OtherAdapterClass adapter = new OtherAdapterClass();
}
