package io.veriflow.archfixture.port.in;

/** Breaks "inbound ports are interfaces". */
public class StartSomethingService {
}
