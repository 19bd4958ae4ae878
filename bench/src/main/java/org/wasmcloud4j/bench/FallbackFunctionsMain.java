package org.wasmcloud4j.bench;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.NameCustomSection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.Section;

/**
 * Which of a core module's functions run while its component's {@code greet} export runs: the largest core module of
 * a component is instantiated on Chicory's interpreter (stub imports, no logger calls) and every executed instruction
 * is counted, in total and per function of interest.
 *
 * <p>{@code java -cp bench/target/benchmarks.jar org.wasmcloud4j.bench.FallbackFunctionsMain COMPONENT [calls]
 * [function index...]} prints, for each function given (default: the seven the compiler leaves to the interpreter in
 * the SpiderMonkey greeter), its name, its size in instructions and how many of its instructions one {@code greet()}
 * executes, next to the total instructions one {@code greet()} executes.
 */
public final class FallbackFunctionsMain {
    /**
     * The functions Chicory 1.7.5's compiler leaves to the interpreter in the greeter {@code scripts/large-components}
     * builds (WASI disabled); the default-features build has two more function imports, so there they are 2 higher.
     */
    static final int[] SPIDERMONKEY_FALLBACKS = {5173, 6201, 10816, 11450, 11452, 11796, 11836};

    private FallbackFunctionsMain() {}

    /** Runs the count; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] funcs = SPIDERMONKEY_FALLBACKS;
        if (args.length > 2) {
            funcs = new int[args.length - 2];
            for (int i = 2; i < args.length; i++) {
                funcs[i - 2] = Integer.parseInt(args[i]);
            }
        }
        Counts counts = count(bytes, calls, funcs);
        System.out.println("greet_instructions_per_call=" + counts.total());
        for (int f : funcs) {
            System.out.println("func_" + f + " name=" + counts.names().get(f) + " instructions="
                    + counts.sizes().get(f) + " executed_per_greet=" + counts.executed().get(f));
        }
    }

    /**
     * Per {@code greet()} call: instructions executed in total and in each of {@code funcs} (function indices,
     * imports included), with their sizes in instructions and names (null without a name section).
     */
    record Counts(long total, Map<Integer, Long> executed, Map<Integer, Integer> sizes, Map<Integer, String> names) {}

    /** Counts what {@code calls} calls of {@code greet} execute in the largest core module of {@code component}. */
    static Counts count(byte[] component, int calls, int[] funcs) {
        List<byte[]> modules = new ArrayList<>();
        collect(ComponentDecoder.decode(component), modules);
        byte[] largest = modules.stream().max((a, b) -> Integer.compare(a.length, b.length)).orElseThrow();
        WasmModule module = Parser.parse(largest);
        int imported = module.importSection().count(com.dylibso.chicory.wasm.types.ExternalType.FUNCTION);
        NameCustomSection names = module.nameSection();

        Map<Instruction, Integer> owner = new IdentityHashMap<>();
        Map<Integer, long[]> perFunc = new TreeMap<>();
        Map<Integer, Integer> sizes = new TreeMap<>();
        Map<Integer, String> funcNames = new TreeMap<>();
        for (int f : funcs) {
            List<AnnotatedInstruction> body = module.codeSection().getFunctionBody(f - imported).instructions();
            for (AnnotatedInstruction ins : body) {
                owner.put(ins, f);
            }
            perFunc.put(f, new long[1]);
            sizes.put(f, body.size());
            funcNames.put(f, names == null ? null : names.nameOfFunction(f));
        }
        long[] total = new long[1];
        boolean[] counting = new boolean[1];
        Instance instance = Instance.builder(module).withImportValues(LargeComponentMain.stubImports(module))
                .withUnsafeExecutionListener((ins, stack) -> {
                    if (counting[0]) {
                        total[0]++;
                        Integer f = owner.get(ins);
                        if (f != null) {
                            perFunc.get(f)[0]++;
                        }
                    }
                }).build();
        greet(instance, "warm-up");
        counting[0] = true;
        for (int i = 0; i < calls; i++) {
            greet(instance, "World" + i);
        }
        Map<Integer, Long> executed = new TreeMap<>();
        perFunc.forEach((f, n) -> executed.put(f, n[0] / calls));
        return new Counts(total[0] / calls, executed, sizes, funcNames);
    }

    /** Calls the core {@code greet} export with {@code name} in the canonical ABI and checks the result. */
    private static void greet(Instance instance, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        ExportFunction realloc = instance.export("cabi_realloc");
        int ptr = (int) realloc.apply(0, 0, 1, utf8.length)[0];
        Memory memory = instance.memory();
        memory.write(ptr, utf8);
        int ret = (int) instance.export("greet").apply(ptr, utf8.length)[0];
        String out = memory.readString(memory.readInt(ret), memory.readInt(ret + 4));
        if (!out.equals("Hello, " + name + "!")) {
            throw new IllegalStateException("greet returned " + out);
        }
        instance.export("cabi_post_greet").apply(ret);
    }

    private static void collect(DecodedComponent c, List<byte[]> out) {
        for (Section s : c.sections()) {
            if (s instanceof Section.CoreModule m) {
                out.add(m.bytes().toArray());
            } else if (s instanceof Section.Component nested) {
                collect(nested.component(), out);
            }
        }
    }
}
