package org.wasmcloud4j.host;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.wasmcloud4j.component.runtime.CallContext;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code wasmcloud:bus/lattice} at {@code 1.0.0} and {@code 2.0.1} (imports of any 2.0.x match it): a component
 * picks the link name its next calls to some interfaces use ({@code set-link-name}). 1.0.0 is fire-and-forget; 2.0.x
 * returns an error naming the first interface without a link of that name (and then changes nothing), as wasmCloud
 * 1.9 does. The choice belongs to the invocation: each invocation's instance carries its own {@link LinkNames} and
 * starts at {@code default}. ({@code wasmcloud:bus/error@2.0.1}, which wraps wRPC transport errors, is not served.)
 */
final class BusCapability {
    static final String LATTICE = "wasmcloud:bus/lattice@1.0.0";
    static final String LATTICE_2 = "wasmcloud:bus/lattice@2.0.1";

    /** Whether the component has a link of {@code name} for {@code ns:pkg/iface}. */
    @FunctionalInterface
    interface LinkCheck {
        boolean linked(String unversionedInterface, String name);
    }

    /** The link names one invocation chose, by {@code ns:pkg/iface}, and what it holds across links. */
    static final class LinkNames {
        /** Made on the first {@code set-link-name}: most invocations never call it. */
        private volatile Map<String, String> names;

        String nameFor(String unversionedInterface) {
            Map<String, String> n = names;
            return n == null ? "default" : n.getOrDefault(unversionedInterface, "default");
        }

        /** What the invocation holds across links (sessions, linked resources); made on first use. */
        private LinkedCalls.InvocationLinks links;

        /** Forgets the names chosen: the instance goes back to the pool for another invocation. */
        synchronized void clear() {
            names = null;
        }

        LinkedCalls.InvocationLinks links() {
            if (links == null) {
                links = new LinkedCalls.InvocationLinks();
            }
            return links;
        }

        /**
         * The invocation is over (its instance is being given back): resources it still holds from linked components
         * are dropped and their sessions closed. Never throws.
         */
        void endInvocation() {
            LinkedCalls.InvocationLinks l = links;
            if (l != null) {
                links = null;
                l.end();
            }
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

    static void define(Linker linker, LinkCheck links) {
        for (String iface : java.util.List.of(LATTICE, LATTICE_2)) {
            HostResource<String> targets = linker.defineResource(iface, "call-target-interface", t -> { });
            linker.defineFunction(iface, "[constructor]call-target-interface", a -> targets.create(
                    str(a.get(0)) + ":" + str(a.get(1)) + "/" + str(a.get(2))));
            boolean checked = iface.equals(LATTICE_2);
            linker.defineFunction(iface, "set-link-name", a -> {
                String name = str(a.get(0));
                java.util.List<String> chosen = new java.util.ArrayList<>();
                for (Value v : ((Value.ListValue) a.get(1)).elements()) {
                    chosen.add(targets.get(v));
                    if (v instanceof Value.Handle h && !h.resource().isGone()) {
                        h.resource().drop();   // the list owns its handles
                    }
                }
                if (checked) {
                    for (String target : chosen) {
                        if (!links.linked(target, name)) {
                            return Value.ResultValue.err(new Value.Str("interface `" + target
                                    + "` does not have an existing link with name `" + name + "`"));
                        }
                    }
                }
                LinkNames names = current();
                if (names != null) {
                    chosen.forEach(target -> names.set(target, name));
                }
                return checked ? Value.ResultValue.ok(null) : null;
            });
        }
    }

    /**
     * The link name the invocation running on this thread uses for {@code unversionedInterface}: what it set with
     * {@code set-link-name}, else {@code default} (also outside a host invocation).
     */
    static String currentLinkName(String unversionedInterface) {
        LinkNames names = current();
        return names == null ? "default" : names.nameFor(unversionedInterface);
    }

    /** The link names of the invocation running on this thread, if it is a host invocation. */
    static LinkNames current() {
        return CallContext.currentData() instanceof LinkNames names ? names : null;
    }

    private static String str(Value v) {
        return ((Value.Str) v).value();
    }
}
