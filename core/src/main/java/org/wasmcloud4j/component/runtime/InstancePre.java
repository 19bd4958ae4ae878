package org.wasmcloud4j.component.runtime;

import java.util.Map;

/**
 * A component with every import resolved by a {@link Linker}: instantiation only runs the component's own
 * instantiation steps. Immutable and thread-safe; each {@link #instantiate()} makes an independent instance.
 */
public final class InstancePre {
    private final Component component;
    private final Map<String, Object> imports;

    InstancePre(Component component, Map<String, Object> imports) {
        this.component = component;
        this.imports = Map.copyOf(imports);
    }

    /** The component. */
    public Component component() {
        return component;
    }

    /**
     * A new instance: core modules are instantiated (start functions run), nested components instantiated. Its
     * linear memories are charged to the engine's {@link MemoryBudget} until it is {@linkplain Instance#close()
     * closed}.
     *
     * @throws Trap if instantiation traps
     * @throws MemoryBudgetException if the instance's initial memory does not fit the budget
     */
    public Instance instantiate() {
        return instantiate(null);
    }

    /**
     * A new instance carrying {@code data}, which host functions read through {@link CallContext#data()}.
     *
     * @throws Trap if instantiation traps
     */
    public Instance instantiate(Object data) {
        return instantiateIn(new Store(data));
    }

    /**
     * Runs the instantiation within the engine's time limit. If it fails, what it got is given back at once (memory
     * pages, host resources), and an {@link Error} — no heap for the instance, a start function recursing too
     * deeply — is a {@link Trap} like any other failure of the guest.
     */
    private Instance instantiateIn(Store store) {
        Engine engine = component.engine();
        ExecutionWatchdog.Ticket ticket = engine.watch();
        try {
            return store.enter(() -> {
                long generation = component.codeGeneration();   // before: a switch during instantiation makes it older
                return new Instance(component, new Instantiation(component, store).run(imports), store, generation);
            });
        } catch (Trap e) {
            store.close();
            throw engine.failed(ticket, e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        } catch (Error e) {
            store.close();
            throw engine.failed(ticket, new Trap("instantiation failed: " + e, e));
        } finally {
            if (ticket != null) {
                ticket.close();
            }
        }
    }

    /**
     * As {@link #instantiate(Object)}, and the new instance keeps a copy of its state (linear memories, globals,
     * tables) so that {@link Instance#reset(Object)} can later return it to exactly this state — cheaper than a new
     * instance, and indistinguishable from one. The copy costs the size of the instance's memories.
     *
     * @throws Trap if instantiation traps
     */
    public Instance instantiateReusable(Object data) {
        if (!resettable()) {
            return instantiate(data);
        }
        Store store = new Store(data);
        store.trackWrites = true;
        Instance instance = instantiateIn(store);
        instance.snapshot(this::shareImage);
        return instance;
    }

    private volatile Boolean resettable;
    /** Memory images of this component's instances right after instantiation, shared when equal (a few kept). */
    private final java.util.List<byte[]> images = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * An earlier snapshot's memory image equal to {@code image}, else {@code image} (remembered): instances of one
     * component usually start with identical memories, so a pool of them keeps one copy instead of one each.
     */
    private byte[] shareImage(byte[] image) {
        for (byte[] known : images) {
            if (java.util.Arrays.equals(known, image)) {
                return known;
            }
        }
        if (images.size() < 8) {
            images.add(image);
        }
        return image;
    }

    /**
     * Whether instances of the component can be reset at all: not when an exported function passes handles of a
     * resource the component defines itself. Such handles live outside the instance (with its callers) and would
     * stay valid across a reset, where a fresh instance's resources are of new types that old handles never match.
     * Handles of imported resources (WASI streams, HTTP requests, ...) are fine: they are back with the host when a
     * call ends, or the reset is refused.
     */
    private boolean resettable() {
        Boolean r = resettable;
        if (r == null) {
            java.util.Set<String> imported = new java.util.HashSet<>();
            component.type().imports().keySet().forEach(k -> imported.add(unversioned(k)));
            java.util.function.Predicate<org.wasmcloud4j.component.types.ValType> ownHandle = t ->
                    t instanceof org.wasmcloud4j.component.types.HandleType h
                    && !(h.resource().owner() instanceof org.wasmcloud4j.component.types.TypeOwner.Interface i
                            && imported.contains(i.interfaceName().unversioned()));
            r = component.type().exports().values().stream().flatMap(InstancePre::functions)
                    .noneMatch(f -> f.params().stream().anyMatch(p -> p.type().anyWithin(ownHandle))
                            || f.result().map(t -> t.anyWithin(ownHandle)).orElse(false));
            resettable = r;
        }
        return r;
    }

    private static String unversioned(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    private static java.util.stream.Stream<org.wasmcloud4j.component.types.FuncType> functions(
            org.wasmcloud4j.component.types.ExternType t) {
        if (t instanceof org.wasmcloud4j.component.types.FuncType f) {
            return java.util.stream.Stream.of(f);
        }
        if (t instanceof org.wasmcloud4j.component.types.InterfaceType it) {
            return it.functions().values().stream();
        }
        return java.util.stream.Stream.empty();
    }
}
