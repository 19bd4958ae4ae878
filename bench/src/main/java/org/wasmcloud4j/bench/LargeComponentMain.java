package org.wasmcloud4j.bench;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.GlobalImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryImport;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableImport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;

/**
 * Cold-process numbers for a large component (the SpiderMonkey greeter of the {@code large-components} profile):
 * one process, one measurement, printed as {@code key=value} lines.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar org.wasmcloud4j.bench.LargeComponentMain COMPONENT [compiled|
 * interpreter|tiered] [later-calls] [instantiations]} prints the time from JVM start to {@code main}, the load time
 * ({@code Component.fromBytes}), the time from JVM start to the first {@code greet()} result (also without the full GC the harness itself runs after the load to measure the heap live), the median and p90 of
 * the later {@code greet()} calls (and of their last quarter, the steady state), peak RSS ({@code VmHWM} of {@code /proc/self/status}) and peak heap. With a
 * positive {@code instantiations} count it also times {@link InstancePre#instantiate()} against the sum of raw
 * Chicory instantiations of the component's core modules (each with stub imports; same count, best of the runs).
 * JMH does not fit here: what is measured happens once per process.
 */
public final class LargeComponentMain {
    private LargeComponentMain() {}

    /** Runs the measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        long t0 = ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis();
        Path path = Path.of(args[0]);
        Engine.Mode mode = args.length > 1 ? Engine.Mode.valueOf(args[1].toUpperCase(Locale.ROOT)) : Engine.Mode.COMPILED;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int instantiations = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        print("mode", mode.toString().toLowerCase(Locale.ROOT));
        print("jvm_to_main_ms", mainAt - t0);

        byte[] bytes = Files.readAllBytes(path);
        print("component_bytes", bytes.length);
        java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long c0 = cpu.getCurrentThreadCpuTime();
        long n0 = System.nanoTime();
        Engine engine = Engine.builder().mode(mode).build();
        Component component = Component.fromBytes(engine, bytes);
        print("load_ms", ms(System.nanoTime() - n0));
        // the main thread's own CPU time: what a busy machine does not stretch (JIT and GC threads not counted)
        print("load_main_thread_cpu_ms", ms(cpu.getCurrentThreadCpuTime() - c0));
        long gc0 = System.nanoTime();
        printMemory("after_load");
        // the harness's own full GC (heap live after load) sits between load and the first call: say how long
        long harnessNanos = System.nanoTime() - gc0;
        print("harness_gc_before_first_call_ms", ms(harnessNanos));

        long n1 = System.nanoTime();
        List<String> logged = new ArrayList<>();
        InstancePre pre = new Linker(engine).defineJavaFunction("example:greeter/logger@0.1.0", "log", a -> {
            logged.add((String) a.get(0));
            return null;
        }).instantiatePre(component);
        Instance instance = pre.instantiate();
        print("link_and_instantiate_ms", ms(System.nanoTime() - n1));
        long c2 = cpu.getCurrentThreadCpuTime();
        long n2 = System.nanoTime();
        Object first = instance.func("greet").orElseThrow().callJava("World");
        long firstAt = System.currentTimeMillis();
        print("first_greet_ms", ms(System.nanoTime() - n2));
        print("first_greet_main_thread_cpu_ms", ms(cpu.getCurrentThreadCpuTime() - c2));
        print("first_call_from_jvm_start_ms", firstAt - t0);
        print("first_call_from_jvm_start_without_harness_gc_ms", firstAt - t0 - harnessNanos / 1_000_000);
        if (!"Hello, World!".equals(first)) {
            throw new IllegalStateException("greet(\"World\") returned " + first);
        }

        long[] times = new long[calls];
        long[] cpuTimes = new long[calls];
        for (int i = 0; i < calls; i++) {
            long cs = cpu.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            Object r = instance.func("greet").orElseThrow().callJava("n" + i);
            times[i] = System.nanoTime() - s;
            cpuTimes[i] = cpu.getCurrentThreadCpuTime() - cs;
            if (!("Hello, n" + i + "!").equals(r)) {
                throw new IllegalStateException("greet returned " + r);
            }
        }
        if (calls >= 8) {
            // the JIT keeps compiling the component's hot paths for the first few hundred calls: the last quarter
            // is the steady state
            long[] last = Arrays.copyOfRange(times, calls - calls / 4, calls);
            Arrays.sort(last);
            print("later_greet_last_quarter_median_ms", ms(last[last.length / 2]));
            print("later_greet_last_quarter_p90_ms", ms(last[(int) (last.length * 0.9)]));
            long[] lastCpu = Arrays.copyOfRange(cpuTimes, calls - calls / 4, calls);
            Arrays.sort(lastCpu);
            print("later_greet_last_quarter_main_thread_cpu_median_ms", ms(lastCpu[lastCpu.length / 2]));
        }
        if (calls > 0) {
            Arrays.sort(times);
            print("later_greet_median_ms", ms(times[calls / 2]));
            print("later_greet_p90_ms", ms(times[(int) (calls * 0.9)]));
            print("later_greet_min_ms", ms(times[0]));
        }
        Object logged1 = instance.func("greet-logged").orElseThrow().callJava("log");
        if (!"Hello, log!".equals(logged1) || logged.size() != 1) {
            throw new IllegalStateException("greet-logged returned " + logged1 + ", logged " + logged);
        }
        if (mode == Engine.Mode.TIERED) {
            // the instance above stays on the interpreter; new instances get the compiled code once it is ready
            component.whenCodeSettled().toCompletableFuture().join();
            print("tiered_code_settled_from_jvm_start_ms", System.currentTimeMillis() - t0);
            printMemory("after_switch");
            try (Instance compiled = pre.instantiate()) {
                long[] after = new long[Math.max(1, calls)];
                for (int i = 0; i < after.length; i++) {
                    long s = System.nanoTime();
                    Object r = compiled.func("greet").orElseThrow().callJava("c" + i);
                    after[i] = System.nanoTime() - s;
                    if (!("Hello, c" + i + "!").equals(r)) {
                        throw new IllegalStateException("greet returned " + r);
                    }
                }
                Arrays.sort(after);
                print("after_switch_greet_median_ms", ms(after[after.length / 2]));
            }
        }
        if (instantiations > 0) {
            compareInstantiation(bytes, pre, instantiations);
        }
        printMemory("end");
        // other processes on the machine distort every number above: say how busy it was
        print("system_load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** InstancePre.instantiate against the sum of raw Chicory instantiations of every core module. */
    private static void compareInstantiation(byte[] bytes, InstancePre pre, int n) {
        List<WasmModule> modules = new ArrayList<>();
        collect(ComponentDecoder.decode(bytes), modules);
        List<ImportValues> stubs = new ArrayList<>();
        for (WasmModule m : modules) {
            stubs.add(stubImports(m));
        }
        long bestRaw = Long.MAX_VALUE;
        long bestPre = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long s = System.nanoTime();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < modules.size(); k++) {
                    com.dylibso.chicory.runtime.Instance.builder(modules.get(k)).withImportValues(stubs.get(k))
                            .withStart(false).build();
                }
            }
            bestRaw = Math.min(bestRaw, System.nanoTime() - s);
            s = System.nanoTime();
            for (int i = 0; i < n; i++) {
                pre.instantiate().close();
            }
            bestPre = Math.min(bestPre, System.nanoTime() - s);
        }
        print("core_modules", modules.size());
        print("raw_chicory_instantiate_ms", ms(bestRaw / n));
        print("instancepre_instantiate_ms", ms(bestPre / n));
        print("instancepre_over_raw", String.format(Locale.ROOT, "%.2f", (double) bestPre / bestRaw));
    }

    private static void collect(DecodedComponent c, List<WasmModule> out) {
        for (Section s : c.sections()) {
            if (s instanceof Section.CoreModule m) {
                out.add(Parser.parse(m.bytes().toArray()));
            } else if (s instanceof Section.Component nested) {
                collect(nested.component(), out);
            }
        }
    }

    /** Imports that satisfy {@code m}'s import section: functions returning zeros, fresh memories/tables/globals. */
    static ImportValues stubImports(WasmModule m) {
        ImportValues.Builder b = ImportValues.builder();
        for (int i = 0; i < m.importSection().importCount(); i++) {
            Import imp = m.importSection().getImport(i);
            if (imp instanceof FunctionImport f) {
                FunctionType t = m.typeSection().getType(f.typeIndex());
                int results = t.returns().size();
                b.addFunction(new HostFunction(f.module(), f.name(), t, (inst, a) -> new long[results]));
            } else if (imp instanceof MemoryImport mem) {
                b.addMemory(new ImportMemory(mem.module(), mem.name(), new ByteArrayMemory(mem.limits())));
            } else if (imp instanceof TableImport t) {
                b.addTable(new ImportTable(t.module(), t.name(),
                        new TableInstance(new Table(t.entryType(), t.limits()), -1)));
            } else if (imp instanceof GlobalImport g) {
                b.addGlobal(new ImportGlobal(g.module(), g.name(),
                        new GlobalInstance(0, 0, g.type(), g.mutabilityType())));
            }
        }
        return b.build();
    }

    private static void printMemory(String when) {
        System.gc();
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long heapPeak = 0;
        long metaspace = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                heapPeak += p.getPeakUsage().getUsed();
            } else if (p.getName().equals("Metaspace")) {
                metaspace = p.getUsage().getUsed();
            }
        }
        print(when + "_heap_live_mb", heapUsed >> 20);
        print(when + "_heap_pools_peak_mb", heapPeak >> 20);
        print(when + "_metaspace_mb", metaspace >> 20);
        print(when + "_vmhwm_mb", procStatus("VmHWM") >> 10);
        print(when + "_vmrss_mb", procStatus("VmRSS") >> 10);
    }

    /** A {@code kB} value of {@code /proc/self/status}, or -1 off Linux. */
    static long procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
