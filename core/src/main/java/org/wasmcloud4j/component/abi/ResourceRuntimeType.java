package org.wasmcloud4j.component.abi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * A resource type at run time. Each instantiation of a component that defines a resource creates a fresh one, so
 * identity (not the name) decides whether two handles have the same type.
 */
public final class ResourceRuntimeType {
    private final String name;
    private final Object owner;
    private final IntConsumer destructor;

    /**
     * @param name the resource's WIT name, for messages
     * @param owner the instance (or host object) that implements the resource, compared by identity
     * @param destructor called with the representation when the last owning handle is dropped, if any
     */
    public ResourceRuntimeType(String name, Object owner, IntConsumer destructor) {
        this.name = Objects.requireNonNull(name, "name");
        this.owner = owner;
        this.destructor = destructor;
    }

    /** The WIT name. */
    public String name() {
        return name;
    }

    /** The implementing instance or host object. */
    public Object owner() {
        return owner;
    }

    /** The destructor, if the resource declares one. */
    public Optional<IntConsumer> destructor() {
        return Optional.ofNullable(destructor);
    }

    @Override
    public String toString() {
        return "resource " + name;
    }
}
