package org.wasmcloud4j.host.capability;

import java.util.function.Consumer;
import org.wasmcloud4j.component.runtime.HostFunction;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Linker;

/**
 * Where a built-in capability defines its functions and resources: a deployment's linked calls, so that a
 * link for the interface takes precedence over the built-in, or (for embedders and tests) a plain {@link Linker}.
 */
public interface CapabilityLinker {
    /** As {@link Linker#defineFunction(String, String, HostFunction)}: the built-in answer when no link applies. */
    void defineFunction(String interfaceName, String function, HostFunction builtIn);

    /** As {@link Linker#defineResource}. */
    <T> HostResource<T> defineResource(String interfaceName, String resource, Consumer<? super T> destructor);

    /** Definitions straight on {@code linker}, never routed. */
    static CapabilityLinker of(Linker linker) {
        return new CapabilityLinker() {
            @Override
            public void defineFunction(String interfaceName, String function, HostFunction builtIn) {
                linker.defineFunction(interfaceName, function, builtIn);
            }

            @Override
            public <T> HostResource<T> defineResource(String interfaceName, String resource,
                    Consumer<? super T> destructor) {
                return linker.defineResource(interfaceName, resource, destructor);
            }
        };
    }
}
