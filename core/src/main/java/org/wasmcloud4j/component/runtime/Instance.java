package org.wasmcloud4j.component.runtime;

import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.ComponentType;

/**
 * An instantiated component: call its exported functions through {@link Func}. An instance runs one call at a
 * time: a call from another thread while one runs is refused with {@link IllegalStateException} (make one
 * instance per thread from an {@link InstancePre}). A trap poisons it, after which every call fails with a
 * {@link Trap} saying so. {@link #close() Close} an instance when done with it: resources it holds that are
 * implemented outside it (host objects such as streams and sockets, or another instance's resources) are released.
 */
public final class Instance implements AutoCloseable {
    private final Component component;
    private final Map<String, Object> exports;
    private final Store store;
    /** The component's code generation when this instance was made (see {@link Engine.Mode#TIERED}). */
    private final long codeGeneration;

    Instance(Component component, Map<String, Object> exports, Store store, long codeGeneration) {
        this.codeGeneration = codeGeneration;
        this.component = component;
        this.exports = exports;
        this.store = store;
    }

    /** The component's type. */
    public ComponentType type() {
        return component.type();
    }

    /** The exported function {@code name} (a plain-named export of the component). */
    public Optional<Func> func(String name) {
        Func known = plainFuncs.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Object item = exports.get(name);
        if (!(item instanceof ComponentFunc f)) {
            return Optional.empty();
        }
        Func made = new Func(name, f, component.engine());
        plainFuncs.put(name, made);   // bounded by the component's exports
        return Optional.of(made);
    }

    private final Map<String, Func> plainFuncs = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Function {@code function} of the exported interface {@code interfaceName} (exact name, or a semver-compatible
     * one: asking for {@code @0.2.0} finds an export of {@code @0.2.3}).
     */
    public Optional<Func> func(String interfaceName, String function) {
        // found once per instance (pooled instances are asked the same again and again); misses are not kept
        Map<String, Func> known = funcs.get(interfaceName);
        Func f = known == null ? null : known.get(function);
        if (f != null) {
            return Optional.of(f);
        }
        Optional<Func> found = lookup(interfaceName, function);
        found.ifPresent(x -> funcs.computeIfAbsent(interfaceName, k -> new java.util.concurrent.ConcurrentHashMap<>())
                .put(function, x));
        return found;
    }

    private final Map<String, Map<String, Func>> funcs = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<Func> lookup(String interfaceName, String function) {
        return exportedInstance(interfaceName).flatMap(e -> {
            Object item = ((Instantiation.ComponentInstance) e.getValue()).items().get(function);
            return item instanceof ComponentFunc f ? Optional.of(new Func(e.getKey() + "#" + function, f, component.engine()))
                    : Optional.empty();
        });
    }

    /**
     * Releases the instance: every owning handle it holds to a resource implemented outside it is dropped (running the
     * host's or the other instance's destructor), its linear memories' pages go back to the engine's
     * {@link MemoryBudget}, and later calls fail with {@link IllegalStateException}. The
     * instance's own resources need no destructor calls — their memory goes with it. Idempotent.
     */
    @Override
    public void close() {
        store.close();
    }

    /**
     * Returns an instance made by {@link InstancePre#instantiateReusable(Object)} to its state right after
     * instantiation, with {@code data} as its new embedder data ({@link CallContext#data()}): linear memories,
     * globals, tables and element segments are copied back, the resource tables are laid out afresh and per-instance
     * host state is dropped, so the instance behaves exactly as a fresh one would. Returns false, changing nothing,
     * when that cannot be done exactly — the instance was not made reusable (or its component cannot be: passive data
     * segments, exception tags), is poisoned or closed, a memory or table grew, a resource handle is still live, a call
     * is running in it, or (in {@link Engine.Mode#TIERED}) it runs on the interpreter and compiled code has become
     * ready since it was made — then close it and make a new one.
     */
    public boolean reset(Object data) {
        return codeGeneration == component.codeGeneration() && store.reset(data);
    }

    /** The embedder's data: given at instantiation, or at the last {@link #reset(Object)}. */
    public Object data() {
        return store.data;
    }

    Store store() {
        return store;
    }

    /** Whether the memories hold exactly their post-instantiation images (tests of {@link #reset}). */
    boolean memoriesMatchSnapshot() {
        return store.snapshot != null && store.snapshot.memoriesMatch();
    }

    void snapshot(java.util.function.UnaryOperator<byte[]> shareImage) {
        store.snapshot = InstanceSnapshot.take(store, shareImage).orElse(null);
    }

    /** Whether the instance is poisoned by a trap. */
    public boolean isPoisoned() {
        return store.poisoned();
    }

    Optional<Map.Entry<String, Object>> exportedInstance(String interfaceName) {
        // exact name, else a semver-compatible exported interface (see Linker.provider)
        return Linker.provider(interfaceName, exports.keySet().stream()
                .filter(k -> exports.get(k) instanceof Instantiation.ComponentInstance).toList())
                .map(k -> Map.entry(k, exports.get(k)));
    }
}
