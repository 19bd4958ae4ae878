package org.wasmcloud4j.component.runtime;

import java.util.Objects;
import java.util.function.Consumer;
import org.wasmcloud4j.component.abi.ResourceHandle;
import org.wasmcloud4j.component.abi.ResourceRuntimeType;
import org.wasmcloud4j.component.value.Value;

/**
 * A resource type implemented by the host: Java objects of type {@code T} behind handles that components hold.
 * Created with {@link Linker#defineResource}; its host functions wrap new objects with {@link #create} and find them
 * again with {@link #get}. When the last owning handle is dropped (by a component, or by the host with
 * {@link ResourceHandle#drop()}), the destructor receives the object. Thread-safe.
 *
 * @param <T> the Java type behind the handles
 */
public final class HostResource<T> {
    private final String name;
    private final HostObjects<T> objects = new HostObjects<>();
    private final ResourceRuntimeType type;

    HostResource(String name, Consumer<? super T> destructor) {
        this.name = name;
        Objects.requireNonNull(destructor, "destructor");
        this.type = new ResourceRuntimeType(name, this, rep -> {
            T o = objects.remove(rep);
            if (o != null) {
                destructor.accept(o);
            }
        });
    }

    /** The resource's WIT name. */
    public String name() {
        return name;
    }

    /** A new owned handle for {@code object}, to return from a host function (the component takes ownership). */
    public Value.Handle create(T object) {
        Objects.requireNonNull(object, "object");
        int rep = objects.add(object);
        return new Value.Handle(new ResourceHandle(type, rep, false));
    }

    /**
     * The object behind a handle a component passed to a host function.
     *
     * @throws Trap if the handle is of another resource type or its object is gone
     */
    public T get(Value handle) {
        if (!(handle instanceof Value.Handle h)) {
            throw new Trap("expected a " + name + " handle, got " + handle);
        }
        return get(h.resource());
    }

    /** The object behind a handle given to a {@link CoreHostFunction}. */
    public T get(ResourceHandle handle) {
        if (handle.type() != type) {
            throw new Trap("expected a " + name + " handle, got " + new Value.Handle(handle));
        }
        T o = objects.get(handle.rep());
        if (o == null) {
            throw new Trap("the " + name + " behind this handle was already dropped");
        }
        return o;
    }

    /** Number of live objects (created and not yet destroyed). */
    public int liveCount() {
        return objects.size();
    }

    ResourceRuntimeType runtimeType() {
        return type;
    }
}
