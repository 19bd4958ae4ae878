package org.wasmcloud4j.host;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wasmcloud4j.component.runtime.CallContext;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code wasmcloud:bus/lattice@1.0.0}: a component picks the link name its next calls to some interfaces use
 * ({@code set-link-name}). The choice belongs to the invocation: each invocation's instance carries its own
 * {@link LinkNames} and starts at {@code default}.
 */
final class BusCapability {
    static final String LATTICE = "wasmcloud:bus/lattice@1.0.0";

    /** The link names one invocation chose, by {@code ns:pkg/iface}. */
    static final class LinkNames {
        /** Made on the first {@code set-link-name}: most invocations never call it. */
        private volatile Map<String, String> names;

        String nameFor(String unversionedInterface) {
            Map<String, String> n = names;
            return n == null ? "default" : n.getOrDefault(unversionedInterface, "default");
        }

        /** Forgets the names chosen: the instance goes back to the pool for another invocation. */
        synchronized void clear() {
            names = null;
        }

        synchronized void set(String unversionedInterface, String name) {
            if (names == null) {
                names = new ConcurrentHashMap<>();
            }
            names.put(unversionedInterface, name);
        }
    }

    private BusCapability() {
    }

    static void define(Linker linker) {
        HostResource<String> targets = linker.defineResource(LATTICE, "call-target-interface", t -> { });
        linker.defineFunction(LATTICE, "[constructor]call-target-interface", a -> targets.create(
                str(a.get(0)) + ":" + str(a.get(1)) + "/" + str(a.get(2))));
        linker.defineFunction(LATTICE, "set-link-name", a -> {
            String name = str(a.get(0));
            LinkNames names = current();
            for (Value v : ((Value.ListValue) a.get(1)).elements()) {
                String iface = targets.get(v);
                if (names != null) {
                    names.set(iface, name);
                }
                if (v instanceof Value.Handle h && !h.resource().isGone()) {
                    h.resource().drop();   // the list owns its handles
                }
            }
            return null;
        });
    }

    /** The link names of the invocation running on this thread, if it is a host invocation. */
    static LinkNames current() {
        return CallContext.currentData() instanceof LinkNames names ? names : null;
    }

    private static String str(Value v) {
        return ((Value.Str) v).value();
    }
}
