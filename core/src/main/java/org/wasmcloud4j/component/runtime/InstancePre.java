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
     * A new instance: core modules are instantiated (start functions run), nested components instantiated.
     *
     * @throws Trap if instantiation traps
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
        Store store = new Store(data);
        return store.enter(() -> new Instance(component, new Instantiation(component, store).run(imports), store));
    }
}
