package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.binary.DecodeException;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.validate.ComponentTypes;
import org.wasmcloud4j.component.validate.ValidationException;

/**
 * A decoded, validated component whose core modules are parsed (and compiled, in {@link Engine.Mode#COMPILED}) once.
 * Immutable and thread-safe: instantiate it any number of times, from any thread, through a {@link Linker}.
 */
public final class Component {
    /** One core module: its parsed module and code, which change together once when compiled in the background. */
    record CoreModule(Code code, org.wasmcloud4j.component.binary.CoreModuleSummary summary,
            java.util.Set<Integer> indirectTables) {
        /** The parsed module and its code now; read once per instantiation so that the two match. */
        Current current() {
            return code.current;
        }

        /** The parsed module now. */
        WasmModule module() {
            return code.current.module();
        }

        /** The compiled machine factory, {@code null} while the module runs on the interpreter. */
        Function<Instance, Machine> machineFactory() {
            return code.current.factory();
        }
    }

    /**
     * A parsed module and its machine factory ({@code null}: the interpreter). In tiered mode the interpreter runs the
     * module as it is and the compiled code comes with the module split for the compiler, so both change at once.
     */
    record Current(WasmModule module, Function<Instance, Machine> factory) {}

    /** A core module's current module and code, set once when a background compilation finishes. */
    static final class Code {
        private volatile Current current;

        Code(Current current) {
            this.current = current;
        }
    }

    /** Bumped each time a core module switches to compiled code: instances of an older generation refuse a reset. */
    private final java.util.concurrent.atomic.AtomicLong codeGeneration;
    /** Completes when every core module has its final code (compiled, or interpreted for good). */
    private final java.util.concurrent.CompletableFuture<Void> codeSettled;

    private final Engine engine;
    private final DecodedComponent decoded;
    private final ComponentTypes.Analysis analysis;
    private final Map<Section.CoreModule, CoreModule> modules;
    private final ResourceNames resourceNames;
    /** Bridge modules of this component's tables, shared by its instantiations. */
    private final BridgingTable.Modules bridgeModules = new BridgingTable.Modules();

    private Component(Engine engine, DecodedComponent decoded, ComponentTypes.Analysis analysis,
            Map<Section.CoreModule, CoreModule> modules, java.util.concurrent.atomic.AtomicLong codeGeneration,
            java.util.concurrent.CompletableFuture<Void> codeSettled) {
        this.codeGeneration = codeGeneration;
        this.codeSettled = codeSettled;
        this.engine = engine;
        this.decoded = decoded;
        this.analysis = analysis;
        this.modules = modules;
        this.resourceNames = new ResourceNames(decoded);
    }

    /**
     * Decodes, validates and compiles a component.
     *
     * <p>Core modules are parsed, validated and (in {@link Engine.Mode#COMPILED}) compiled by Chicory. Whatever
     * Chicory throws for a bad module is reported as a {@code DecodeException} or {@code ValidationException} at the
     * offset of that module, with Chicory's error as the cause — including an {@code OutOfMemoryError} or
     * {@code StackOverflowError} raised inside Chicory, which cannot come from a declared length (those are checked
     * against the input before Chicory runs) but can from a module that is simply too large or too deeply nested.
     *
     * @throws DecodeException for malformed bytes, with the byte offset
     * @throws ValidationException for an invalid component, with the byte offset
     * @throws org.wasmcloud4j.component.binary.UnsupportedFeatureException for a construct this library does not
     *     support
     */
    public static Component fromBytes(Engine engine, byte[] bytes) {
        Objects.requireNonNull(engine, "engine");
        return fromBytes(engine, bytes, engine.mode());
    }

    static Component fromBytes(Engine engine, byte[] bytes, Engine.Mode mode) {
        DecodedComponent decoded = ComponentDecoder.decode(bytes);
        ComponentTypes.Analysis analysis = ComponentTypes.analyze(decoded);
        Map<Section.CoreModule, CoreModule> modules = new IdentityHashMap<>();
        java.util.List<Section.CoreModule> pending = new java.util.ArrayList<>();
        compile(engine, mode, decoded, modules, pending);
        Map<Section.CoreModule, WasmModule> parsed = new IdentityHashMap<>();
        modules.forEach((section, m) -> parsed.put(section, m.module()));
        CoreExceptionSupport.check(decoded, parsed);
        java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.CompletableFuture<Void> settled = pending.isEmpty()
                ? java.util.concurrent.CompletableFuture.completedFuture(null)
                : engine.backgroundCompiler().compileAll(pending, modules, engine.compileCache(), engine.splitLimit(),
                        generation);
        return new Component(engine, decoded, analysis, modules, generation, settled);
    }

    private static void compile(Engine engine, Engine.Mode mode, DecodedComponent c,
            Map<Section.CoreModule, CoreModule> out, java.util.List<Section.CoreModule> pending) {
        for (Section s : c.sections()) {
            if (s instanceof Section.CoreModule m) {
                // a cache hit is looked up before parsing: the compiled functions' bodies need not be parsed then
                boolean looked = mode != Engine.Mode.INTERPRETER && engine.compileCache() != null
                        && engine.splitLimit() == HugeFunctionSplitter.DEFAULT_LIMIT;
                CoreModuleLoader.Loaded loaded = looked
                        ? CoreModuleLoader.loadCached(m, engine.splitLimit(), engine.compileCache()) : null;
                // the interpreter runs modules as they are (pieces only cost it calls); the compiler gets them split
                CoreModuleLoader.Parsed parsed = loaded != null ? new CoreModuleLoader.Parsed(loaded.module(), null)
                        : CoreModuleLoader.parse(m, mode == Engine.Mode.COMPILED ? engine.splitLimit() : 0);
                WasmModule module = parsed.module();
                Function<Instance, Machine> factory;
                if (loaded != null && loaded.factory() != null) {
                    factory = loaded.factory();
                } else if (mode == Engine.Mode.COMPILED) {
                    // a large module runs on its stubbed copy once compiled: the full parse is let go
                    CoreModuleLoader.Loaded compiled = CoreModuleLoader.compile(m, parsed, engine.compileCache(),
                            !looked, true);
                    module = compiled.module();
                    factory = compiled.factory();
                } else {
                    factory = mode == Engine.Mode.TIERED && !looked
                            ? CoreModuleLoader.cached(m, module, engine.compileCache()) : null;
                }
                if (factory == null && mode == Engine.Mode.TIERED) {
                    pending.add(m);
                }
                out.put(m, new CoreModule(new Code(new Current(module, factory)), m.summary(),
                        BridgingTable.indirectTables(module)));
            } else if (s instanceof Section.Component nested) {
                compile(engine, mode, nested.component(), out, pending);
            }
        }
    }

    /**
     * Sets the compiled code of a module and the module it was compiled from (from the background compiler), and bumps
     * the code generation.
     */
    static void switchTo(CoreModule m, WasmModule module, Function<Instance, Machine> factory,
            java.util.concurrent.atomic.AtomicLong generation) {
        m.code().current = new Current(module, factory);
        generation.incrementAndGet();
    }

    /** The code generation: instances remember the one they were made in. */
    long codeGeneration() {
        return codeGeneration.get();
    }

    /**
     * Completes when every core module of this component runs its final code: in {@link Engine.Mode#TIERED} when the
     * background compiler has switched the last one to compiled code (instances made from then on run it), or has
     * left it on the interpreter for good (logged); at once in the other modes and on a compiled-code cache hit.
     * Never completes exceptionally. For readiness checks and benchmarks; calls work before it completes.
     */
    public java.util.concurrent.CompletionStage<Void> whenCodeSettled() {
        return codeSettled.minimalCompletionStage();
    }

    /** Completes when every core module has its final code: compiled, or interpreted for good (tests, benchmarks). */
    java.util.concurrent.CompletableFuture<Void> codeSettled() {
        return codeSettled;
    }

    /** The engine this component was compiled for. */
    public Engine engine() {
        return engine;
    }

    /** The component's type: its imports and exports. */
    public ComponentType type() {
        return analysis.type();
    }

    DecodedComponent decoded() {
        return decoded;
    }

    ComponentTypes.Analysis analysis() {
        return analysis;
    }

    /** The WIT name of resource type {@code typeIndex} defined in {@code c} (this component or a nested one). */
    String resourceName(DecodedComponent c, int typeIndex) {
        return resourceNames.name(c, typeIndex);
    }

    CoreModule module(Section.CoreModule section) {
        return modules.get(section);
    }

    BridgingTable.Modules bridgeModules() {
        return bridgeModules;
    }
}
