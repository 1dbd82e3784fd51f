package io.veriflow.app.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's local receivers, both on 127.0.0.1: the tenant's webhook endpoint (counts every notification the
 * service delivers and the distinct {@code webhook-id}s among them, answers 204) and an OTLP/HTTP trace collector
 * (counts export requests and bytes, answers 200 with an empty {@code ExportTraceServiceResponse}).
 */
final class BenchReceivers implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final LongAdder deliveries = new LongAdder();
    private final Set<String> webhookIds = ConcurrentHashMap.newKeySet();
    private final LongAdder traceExports = new LongAdder();
    private final LongAdder traceBytes = new LongAdder();

    BenchReceivers() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks", this::notification);
        server.createContext("/v1/traces", this::traces);
        server.setExecutor(executor);
        server.start();
    }

    String webhookUrl() {
        return base() + "/hooks";
    }

    String tracesUrl() {
        return base() + "/v1/traces";
    }

    long deliveries() {
        return deliveries.sum();
    }

    int distinctWebhookIds() {
        return webhookIds.size();
    }

    long traceExports() {
        return traceExports.sum();
    }

    long traceBytes() {
        return traceBytes.sum();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void notification(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (id != null) {
                webhookIds.add(id);
            }
            deliveries.increment();
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private void traces(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            traceBytes.add(in.readAllBytes().length);
            traceExports.increment();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
        }
    }
}
