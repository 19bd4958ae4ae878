package org.wasmcloud4j.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.wasi.WasiConfig;
import org.wasmcloud4j.wasi.WasiHttp;

/**
 * Requests per second for the {@code wat-http} hello component served by {@link WasiHttp#serve} (compiled, a fresh
 * instance per request), against a plain JDK {@link HttpServer} handler answering the same bytes, both on loopback
 * and requested by one JDK {@link HttpClient} in the same run. Report {@code component / plainHandler}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// the JDK server otherwise waits for delayed ACKs (Nagle): ~40 ms per request on loopback
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class HttpServeBenchmark {
    private HttpServer component;
    private HttpServer plain;
    private HttpClient client;
    private HttpRequest toComponent;
    private HttpRequest toPlain;

    /** Starts both servers. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Engine engine = Engine.defaults();
        Linker linker = new Linker(engine);
        WasiHttp http = WasiHttp.addToLinker(linker, WasiConfig.builder().build());
        component = http.serve(linker.instantiatePre(Component.fromBytes(engine,
                Fixtures.bytes("wat-http.component"))), new InetSocketAddress("127.0.0.1", 0));
        plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        plain.createContext("/", exchange -> {
            byte[] body = ("hello from WAT: " + exchange.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        });
        plain.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        plain.start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        toComponent = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + component.getAddress().getPort()
                + "/hello")).build();
        toPlain = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plain.getAddress().getPort()
                + "/hello")).build();
    }

    /** Stops both servers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        component.stop(0);
        plain.stop(0);
    }

    /** One request to the component. */
    @Benchmark
    public String component() throws Exception {
        return client.send(toComponent, HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Baseline: one request to the plain handler. */
    @Benchmark
    public String plainHandler() throws Exception {
        return client.send(toPlain, HttpResponse.BodyHandlers.ofString()).body();
    }
}
