package org.wasmcloud4j.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.HttpRouter;
import org.wasmcloud4j.host.lattice.Link;

/**
 * The README's main job on the embedded default (no NATS): an embedded wasmCloud host serving two linked
 * components over HTTP on localhost.
 *
 * <ul>
 *   <li>{@code web} — {@code wat-http-counter}, a {@code wasi:http/incoming-handler} component (hand-written
 *       WAT) answering {@code GET /…/<name>} with a greeting and a visitor number it gets by calling
 *       {@code example:counter/counter.count(name)};
 *   <li>{@code counter} — {@code js-counter}, a JavaScript component (QuickJS) exporting that interface, which
 *       keeps the counts in the host's {@code wasi:keyvalue} store;
 *   <li>a link {@code web → counter} for {@code example:counter/counter}, as {@code wash link put} would make.
 * </ul>
 *
 * <p>Usage: {@code Demo [--port N] [--check]}. The default port is 8080 ({@code 0} picks a free one). The host
 * serves until the JVM is stopped (Ctrl-C); with {@code --check} it sends a few requests to itself, prints the
 * answers and stops.
 */
public final class Demo {
    private Demo() {}

    /** Entry point; see the class documentation. */
    public static void main(String[] args) throws InterruptedException {
        int code = run(args, System.out, System.err, new CountDownLatch(1));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the demo; unless {@code --check} is given it serves until {@code stop} opens. */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) throws InterruptedException {
        int port = 8080;
        boolean check = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--check" -> check = true;
                case "--port" -> {
                    if (i + 1 >= args.length || !args[i + 1].matches("\\d{1,5}")
                            || Integer.parseInt(args[i + 1]) > 65535) {
                        err.println("wasmcloud4j demo: --port needs a port number 0..65535");
                        return 2;
                    }
                    port = Integer.parseInt(args[++i]);
                }
                default -> {
                    err.println("wasmcloud4j demo: unknown argument '" + args[i] + "' (usage: demo [--port N] [--check])");
                    return 2;
                }
            }
        }
        long start = System.nanoTime();
        // the default engine mode: the 1.6 MB QuickJS component starts on the interpreter at once and switches to
        // compiled code when a background thread has compiled it; that code is kept in the user's compiled-code cache,
        // so the next start runs compiled from the first request
        Host host = Host.builder().friendlyName("wasmcloud4j-demo").build();
        HttpRouter router;
        try {
            host.startComponent("counter", "classpath:org/wasmcloud4j/fixtures/js-counter.qjs.wasm", 4);
            host.startComponent("web", "classpath:org/wasmcloud4j/fixtures/wat-http-counter.component.wasm", 16);
            host.putLink(Link.of("web", "counter", "example:counter", "counter"));
            router = host.serveHttp(new InetSocketAddress("127.0.0.1", port)).routePath("/", "web");
        } catch (HostException | IOException e) {
            err.println("wasmcloud4j demo: " + e.getMessage()
                    + (e instanceof IOException ? " (is port " + port + " in use? try --port 0)" : ""));
            host.close();
            return 1;
        }
        String base = "http://127.0.0.1:" + router.address().getPort();
        out.printf("wasmcloud4j demo: host %s (lattice %s) ready in %d ms%n", host.hostId(), host.lattice(),
                (System.nanoTime() - start) / 1_000_000);
        out.println("  component web     = wat-http-counter (wasi:http handler, WAT), imports example:counter/counter");
        out.println("  component counter = js-counter (JavaScript on QuickJS), exports it, counts in wasi:keyvalue");
        out.println("  link web -> counter (example:counter/counter)");
        out.println("Serving on " + base + " — try:");
        out.println("  curl " + base + "/hello/Alice");
        out.println("  curl " + base + "/hello/Alice");
        out.println("  curl " + base + "/hello/Bob");
        try {
            if (check) {
                HttpClient client = HttpClient.newHttpClient();
                for (String path : List.of("/hello/Alice", "/hello/Alice", "/hello/Bob")) {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    out.print("GET " + path + " -> " + r.statusCode() + ": " + r.body());
                    if (r.statusCode() != 200) {
                        return 1;
                    }
                }
                return 0;
            }
            out.println("Ctrl-C stops the host.");
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
            return 0;
        } catch (IOException e) {
            err.println("wasmcloud4j demo: " + e.getMessage());
            return 1;
        } finally {
            router.close();
            host.close();
        }
    }
}
