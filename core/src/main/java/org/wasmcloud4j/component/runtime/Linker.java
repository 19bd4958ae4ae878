package org.wasmcloud4j.component.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.wasmcloud4j.component.types.ExternType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.TypeExtern;
import org.wasmcloud4j.component.validate.Subtyping;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Values;

/**
 * Implementations of imports, by name: Java functions for the functions of an interface (or for plain-named function
 * imports), and exports of other component instances. An import of {@code wasi:io/streams@0.2.3} is satisfied by
 * {@code wasi:io/streams@0.2.12} (same major, and for 0.x the same minor), as in wasmtime.
 *
 * <p>Not thread-safe while being configured; {@link #instantiatePre} snapshots what it needs.
 *
 * <pre>{@code
 * Linker linker = new Linker(engine)
 *     .defineFunction("example:fixtures/host@0.1.0", "get-greeting", args -> new Value.Str("Hello"));
 * Instance instance = linker.instantiatePre(component).instantiate();
 * }</pre>
 */
public final class Linker {
    private final Engine engine;
    private final Map<String, HostFunction> functions = new LinkedHashMap<>();
    private final Map<String, Map<String, HostFunction>> interfaces = new LinkedHashMap<>();
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final Map<String, Map<String, HostResource<?>>> resources = new LinkedHashMap<>();

    /** A linker for components of {@code engine}. */
    public Linker(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Implements the plain-named function import {@code name}. */
    public Linker defineFunction(String name, HostFunction fn) {
        functions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(fn, "fn"));
        return this;
    }

    /**
     * Implements function {@code function} of the imported interface {@code interfaceName} (a full name such as
     * {@code ns:pkg/iface@1.0.0}, or the plain name of an inline interface import).
     */
    public Linker defineFunction(String interfaceName, String function, HostFunction fn) {
        interfaces.computeIfAbsent(Objects.requireNonNull(interfaceName, "interfaceName"), k -> new LinkedHashMap<>())
                .put(Objects.requireNonNull(function, "function"), Objects.requireNonNull(fn, "fn"));
        return this;
    }

    /**
     * Implements an interface function on core values (see {@link CoreHostFunction}): for hot paths only.
     */
    public Linker defineCoreFunction(String interfaceName, String function, CoreHostFunction fn) {
        return defineFunction(interfaceName, function, new CoreHostAdapter(Objects.requireNonNull(fn, "fn"), null));
    }

    /**
     * As {@link #defineCoreFunction(String, String, CoreHostFunction)}, with {@code values} serving callers that
     * have no core memory: Java code calling the function through {@link Func}, or a component that re-exports it.
     */
    public Linker defineCoreFunction(String interfaceName, String function, CoreHostFunction fn, HostFunction values) {
        return defineFunction(interfaceName, function, new CoreHostAdapter(Objects.requireNonNull(fn, "fn"),
                Objects.requireNonNull(values, "values")));
    }

    /** Carries a core-level function (and its optional value-level twin) through the {@link HostFunction} maps. */
    private record CoreHostAdapter(CoreHostFunction fn, HostFunction values) implements HostFunction {
        @Override
        public Value call(List<Value> args) {
            throw new IllegalStateException("called without a type");
        }
    }

    /**
     * Implements an interface function with plain Java values: arguments arrive converted with
     * {@link Values#toJava}, and the result is converted with {@link Values#fromJava} to the function's result type.
     */
    public Linker defineJavaFunction(String interfaceName, String function, Function<List<Object>, Object> fn) {
        return defineFunction(interfaceName, function, new JavaHostFunction(fn));
    }

    /**
     * Implements resource {@code resource} of interface {@code interfaceName} with Java objects; define its
     * constructor, methods and static functions with {@link #defineFunction} ({@code [constructor]r},
     * {@code [method]r.m}, {@code [static]r.s}), using the returned {@link HostResource} to wrap and unwrap objects.
     *
     * @param destructor receives each object when the last owning handle to it is dropped
     */
    public <T> HostResource<T> defineResource(String interfaceName, String resource,
            java.util.function.Consumer<? super T> destructor) {
        HostResource<T> r = new HostResource<>(resource, destructor);
        resources.computeIfAbsent(Objects.requireNonNull(interfaceName, "interfaceName"), k -> new LinkedHashMap<>())
                .put(Objects.requireNonNull(resource, "resource"), r);
        return r;
    }

    /**
     * Satisfies imports of {@code interfaceName} with the export of the same interface (semver-compatible) of another
     * component instance, whose type must be a subtype of what is imported.
     */
    public Linker defineInstance(String interfaceName, Instance instance) {
        instances.put(Objects.requireNonNull(interfaceName, "interfaceName"), Objects.requireNonNull(instance,
                "instance"));
        return this;
    }

    /**
     * Resolves every import of {@code component} now, so that instantiation is cheap.
     *
     * @throws LinkException naming every import item that nothing implements
     */
    public InstancePre instantiatePre(Component component) {
        if (component.engine() != engine) {
            throw new IllegalArgumentException("the component was compiled for another engine");
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, ExternType> imp : component.type().imports().entrySet()) {
            String name = imp.getKey();
            ExternType t = imp.getValue();
            if (t instanceof FuncType f) {
                HostFunction fn = functions.get(name);
                if (fn == null) {
                    missing.add(name + ": function not defined");
                } else {
                    resolved.put(name, host(f, fn, name));
                }
            } else if (t instanceof InterfaceType it) {
                Object inst = resolveInterface(name, it, missing);
                if (inst != null) {
                    resolved.put(name, inst);
                }
            } else if (t instanceof TypeExtern) {
                resolved.put(name, Instantiation.Placeholder.TYPE);
            } else {
                missing.add(name + ": unsupported import kind (" + t.getClass().getSimpleName() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new LinkException(missing);
        }
        return new InstancePre(component, resolved);
    }

    private Object resolveInterface(String name, InterfaceType it, List<String> missing) {
        Optional<String> provider = provider(name, instances.keySet());
        if (provider.isPresent()) {
            Instance source = instances.get(provider.get());
            Optional<Map.Entry<String, Object>> export = source.exportedInstance(name);
            ExternType exported = export.map(e -> source.type().exports().get(e.getKey())).orElse(null);
            if (export.isEmpty() || exported == null) {
                missing.add(name + ": the instance given for " + provider.get() + " does not export it");
                return null;
            }
            Optional<String> mismatch = Subtyping.mismatch(exported, it);
            if (mismatch.isPresent()) {
                missing.add(name + ": the instance's export does not match: " + mismatch.get());
                return null;
            }
            return export.get().getValue();
        }
        Map<String, HostFunction> fns = provider(name, interfaces.keySet()).map(interfaces::get).orElse(Map.of());
        Map<String, Object> items = new LinkedHashMap<>();
        boolean resourcesComplete = true;
        for (Map.Entry<String, org.wasmcloud4j.component.types.TypeDefinition> t : it.types().entrySet()) {
            if (!(t.getValue() instanceof org.wasmcloud4j.component.types.ResourceType res)) {
                items.put(t.getKey(), Instantiation.Placeholder.TYPE);
                continue;
            }
            // a resource used from another interface is implemented where that interface is
            String owner = res.owner().asInterface().map(Object::toString).orElse(name);
            HostResource<?> r = provider(owner, resources.keySet()).map(resources::get)
                    .map(m -> m.get(res.name())).orElse(null);
            if (r != null) {
                items.put(t.getKey(), r.runtimeType());
            } else if (owner.equals(name) || !res.owner().asInterface().isPresent()) {
                missing.add(name + ": resource '" + t.getKey() + "' not defined");
                resourcesComplete = false;
            } else {
                items.put(t.getKey(), Instantiation.Placeholder.TYPE);
            }
        }
        boolean complete = true;
        for (Map.Entry<String, FuncType> f : it.functions().entrySet()) {
            HostFunction fn = fns.get(f.getKey());
            if (fn == null) {
                missing.add(name + ": function '" + f.getKey() + "' not defined");
                complete = false;
            } else {
                items.put(f.getKey(), host(f.getValue(), fn, name + "#" + f.getKey()));
            }
        }
        return complete && resourcesComplete ? new Instantiation.ComponentInstance(items) : null;
    }

    /** The key that provides import {@code name}: the same string, else a semver-compatible interface name. */
    static Optional<String> provider(String name, java.util.Collection<String> keys) {
        if (keys.contains(name)) {
            return Optional.of(name);
        }
        Optional<InterfaceName> wanted = InterfaceName.tryParse(name);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        String best = null;
        for (String k : keys) {
            Optional<InterfaceName> have = InterfaceName.tryParse(k);
            if (have.isPresent() && wanted.get().isSatisfiedBy(have.get())
                    && (best == null || InterfaceName.parse(best).version().orElseThrow()
                            .compareTo(have.get().version().orElseThrow()) < 0)) {
                best = k;
            }
        }
        return Optional.ofNullable(best);
    }

    private static ComponentFunc host(FuncType type, HostFunction fn, String name) {
        if (fn instanceof CoreHostAdapter c) {
            return new LoweredFunc.CoreHost(type, c.fn(), c.values() == null ? null
                    : LoweredFunc.host(type, c.values(), name), name);
        }
        if (fn instanceof JavaHostFunction j) {
            return LoweredFunc.host(type, args -> j.call(args, type), name);
        }
        return LoweredFunc.host(type, fn, name);
    }

    /** Adapts a function on plain Java values; the result is converted once the function type is known. */
    private static final class JavaHostFunction implements HostFunction {
        private final Function<List<Object>, Object> fn;

        JavaHostFunction(Function<List<Object>, Object> fn) {
            this.fn = Objects.requireNonNull(fn, "fn");
        }

        @Override
        public Value call(List<Value> args) {
            throw new IllegalStateException("called without a type");
        }

        Value call(List<Value> args, FuncType type) {
            List<Object> java = new ArrayList<>();
            args.forEach(a -> java.add(Values.toJava(a)));
            Object r = fn.apply(java);
            if (r == null || type.result().isEmpty()) {
                return r instanceof Value v ? v : null;
            }
            try {
                return Values.fromJava(r, type.result().get());
            } catch (IllegalArgumentException e) {
                throw new Trap("host function returned " + r + ", which is not a " + type.result().get() + ": "
                        + e.getMessage(), e);
            }
        }
    }
}
