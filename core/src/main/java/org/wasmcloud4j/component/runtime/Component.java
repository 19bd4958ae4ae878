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
    /** One parsed core module and, when compiled, its machine factory. */
    record CoreModule(WasmModule module, Function<Instance, Machine> machineFactory,
            org.wasmcloud4j.component.binary.CoreModuleSummary summary, java.util.Set<Integer> indirectTables) {}

    private final Engine engine;
    private final DecodedComponent decoded;
    private final ComponentTypes.Analysis analysis;
    private final Map<Section.CoreModule, CoreModule> modules;
    private final ResourceNames resourceNames;

    private Component(Engine engine, DecodedComponent decoded, ComponentTypes.Analysis analysis,
            Map<Section.CoreModule, CoreModule> modules) {
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
        DecodedComponent decoded = ComponentDecoder.decode(bytes);
        ComponentTypes.Analysis analysis = ComponentTypes.analyze(decoded);
        Map<Section.CoreModule, CoreModule> modules = new IdentityHashMap<>();
        compile(engine, decoded, modules);
        Map<Section.CoreModule, WasmModule> parsed = new IdentityHashMap<>();
        modules.forEach((section, m) -> parsed.put(section, m.module()));
        CoreExceptionSupport.check(decoded, parsed);
        return new Component(engine, decoded, analysis, modules);
    }

    private static void compile(Engine engine, DecodedComponent c, Map<Section.CoreModule, CoreModule> out) {
        for (Section s : c.sections()) {
            if (s instanceof Section.CoreModule m) {
                WasmModule module = CoreModuleLoader.parse(m);
                Function<Instance, Machine> factory = engine.mode() == Engine.Mode.COMPILED
                        ? CoreModuleLoader.compile(m, module) : null;
                out.put(m, new CoreModule(module, factory, m.summary(), BridgingTable.indirectTables(module)));
            } else if (s instanceof Section.Component nested) {
                compile(engine, nested.component(), out);
            }
        }
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
}
