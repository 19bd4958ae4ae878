package org.wasmcloud4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HttpRouter;
import org.wasmcloud4j.host.lattice.Link;

/**
 * Readiness of the demo's QuickJS counter through the host, in one cold process (issue 16): the time from JVM start
 * until the host answers its first HTTP request through the JavaScript component, printed as {@code key=value}
 * lines.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar org.wasmcloud4j.bench.HostReadinessMain [compiled|interpreter|
 * tiered] [cache-dir|none] [later-requests]} builds a {@link Host} in that engine mode (with the compiled-code cache in
 * {@code cache-dir}, or none), starts the demo's two components ({@code js-counter.qjs}, 4 instances, and
 * {@code wat-http-counter}, linked to it), serves HTTP on a loopback port and sends {@code GET /hello/…} requests: the
 * first on a plain socket, as a readiness probe does, the later ones with the JDK client. It prints the time to a started host ({@code host_started_ms}: components started, link put, server
 * listening), to the first answered request ({@code first_response_from_jvm_start_ms}, the number the issue's
 * "ready" target is about), and the median of the later requests. Run it once with an empty cache directory (cold),
 * then again with the same directory (from the cache). JMH does not fit: what is measured happens once per process.
 */
public final class HostReadinessMain {
    private HostReadinessMain() {}

    /** Runs the measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException, InterruptedException {
        long t0 = ManagementFactory.getRuntimeMXBean().getStartTime();
        Engine.Mode mode = args.length > 0 ? Engine.Mode.valueOf(args[0].toUpperCase(Locale.ROOT)) : Engine.Mode.TIERED;
        String cache = args.length > 1 ? args[1] : "none";
        int later = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        print("mode", mode.toString().toLowerCase(Locale.ROOT));
        print("jvm_to_main_ms", System.currentTimeMillis() - t0);
        Host.Builder b = Host.builder().friendlyName("readiness").engineMode(mode);
        if (cache.equals("none")) {
            b.noCompileCache();
        } else {
            b.compileCache(Path.of(cache));
        }
        long n0 = System.nanoTime();
        try (Host host = b.build()) {
            print("host_built_ms", ms(System.nanoTime() - n0));
            host.startComponent("counter", "classpath:org/wasmcloud4j/fixtures/js-counter.qjs.wasm", 4);
            print("counter_started_ms", ms(System.nanoTime() - n0));
            host.startComponent("web", "classpath:org/wasmcloud4j/fixtures/wat-http-counter.component.wasm", 16);
            host.putLink(Link.of("web", "counter", "example:counter", "counter"));
            print("web_started_ms", ms(System.nanoTime() - n0));
            try (HttpRouter router = host.serveHttp(new InetSocketAddress("127.0.0.1", 0)).routePath("/", "web")) {
                print("host_started_ms", ms(System.nanoTime() - n0));
                print("host_started_from_jvm_start_ms", System.currentTimeMillis() - t0);
                String base = "http://127.0.0.1:" + router.address().getPort();
                String first = probe(router.address().getPort(), "/hello/Alice");
                print("first_response_from_jvm_start_ms", System.currentTimeMillis() - t0);
                HttpClient client = HttpClient.newHttpClient();
                if (!first.contains("Alice") || !first.contains("1")) {
                    throw new IllegalStateException("first response: " + first);
                }
                long[] times = new long[later];
                for (int i = 0; i < later; i++) {
                    long s = System.nanoTime();
                    get(client, base + "/hello/n" + i);
                    times[i] = System.nanoTime() - s;
                }
                if (later > 0) {
                    Arrays.sort(times);
                    print("later_request_median_ms", ms(times[later / 2]));
                }
            }
        }
        print("vmhwm_mb", LargeComponentMain.procStatus("VmHWM") >> 10);
        print("system_load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /**
     * One {@code GET} on a plain socket, as a readiness probe (curl, a load balancer) sends it: the JDK's
     * {@code HttpClient} takes 0.1–0.2 s of its own to start in a cold JVM, which is the client's time, not the
     * host's.
     */
    static String probe(int port, String path) throws IOException {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String r = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!r.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("GET " + path + " -> " + r);
            }
            return r;
        }
    }

    private static String get(HttpClient client, String uri) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " -> " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
