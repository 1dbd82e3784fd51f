package io.veriflow.archfixture.domain;

/** Breaks "the domain depends on the JDK only". */
public class DomainClassUsingMicronaut {
    public Object context() {
        return io.micronaut.context.ApplicationContext.builder();
    }
}
