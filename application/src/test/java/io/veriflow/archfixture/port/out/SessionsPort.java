package io.veriflow.archfixture.port.out;

/** Breaks "outbound ports have no Port suffix". */
public interface SessionsPort {
}
