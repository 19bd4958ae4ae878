package org.wasmcloud4j.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;

/**
 * Run in a JVM with a small heap by {@link HostLimitsTest}: guests on a host with default limits grow their memories
 * as far as they can, 8 at a time; the host must stay up, with its time limit, for them and for others. Uses only API
 * that existed before the memory budget, so it shows the failure on a host without one. Prints one line per check and
 * exits 0 when all held, 1 otherwise.
 *
 * <p>Arguments: engine mode, image reference of {@code wat-hog}, image reference of {@code wat-spin}.
 */
public final class SmallHeapScenario {
    private SmallHeapScenario() {
    }

    public static void main(String[] args) throws Exception {
        Engine.Mode mode = Engine.Mode.valueOf(args[0]);
        boolean ok = true;
        try (Host h = Host.builder().engineMode(mode).maxExecutionTime(Duration.ofSeconds(2)).build()) {
            h.startComponent("hog", args[1], 8);
            h.startComponent("spin", args[2], 1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int round = 0; round < 3; round++) {
                List<Future<Value>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(pool.submit(() -> h.invoke("hog", "hog", new Value.Int(PrimitiveType.U32, 16))
                            .orElseThrow()));
                }
                long pages = 0;
                for (Future<Value> f : calls) {
                    try {
                        pages = Math.max(pages, ((Value.Int) f.get(60, TimeUnit.SECONDS)).value());
                    } catch (java.util.concurrent.ExecutionException e) {
                        ok = false;
                        System.out.println("FAIL hog invocation threw " + e.getCause());
                    }
                }
                long heapPages = Runtime.getRuntime().maxMemory() / 65536;
                System.out.println("round " + round + ": 8 guests saw memory.grow fail, the largest holding " + pages
                        + " pages (heap " + heapPages + " pages)");
                if (pages > heapPages / 2) {
                    ok = false;
                    System.out.println("FAIL a guest held more than half the heap");
                }
            }
            pool.shutdown();
            try {
                h.invoke("spin", "spin");
                ok = false;
                System.out.println("FAIL spin returned");
            } catch (HostException e) {
                System.out.println("spin: " + e.getMessage());
                ok &= e.getMessage().contains("execution time limit");
            }
            Value a = h.invoke("hog", "hello").orElseThrow();
            Value b = h.invoke("spin", "hello").orElseThrow();
            System.out.println("hello: " + a + " " + b);
            ok &= a.equals(new Value.Str("still here")) && b.equals(new Value.Str("still here"));
        } catch (Throwable t) {
            ok = false;
            System.out.println("FAIL " + t);
            t.printStackTrace(System.out);
        }
        System.out.println(ok ? "ALL OK" : "FAILED");
        System.out.flush();
        Runtime.getRuntime().halt(ok ? 0 : 1);
    }
}
