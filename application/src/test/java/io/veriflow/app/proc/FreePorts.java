package io.veriflow.app.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Local TCP ports for processes this JVM launches. A port is chosen once and then kept across restarts, so a
 * restarted PostgreSQL or service is found where the other processes expect it.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port that was free on the loopback interface a moment ago (the operating system's choice). */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    /** Whether something accepts connections on {@code port} of the loopback interface. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
