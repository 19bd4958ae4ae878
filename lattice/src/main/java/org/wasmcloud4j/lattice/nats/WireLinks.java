package org.wasmcloud4j.lattice.nats;

import java.util.List;
import org.wasmcloud4j.host.lattice.Link;

/**
 * The host's {@link Link} and the wire's {@link org.wasmcloud4j.lattice.ctl.Link} (what {@code COMPONENT_*} specs,
 * {@code link.put}, {@code link.get} and {@code linkdef_*} events carry) into each other.
 */
final class WireLinks {
    private WireLinks() {
    }

    static org.wasmcloud4j.lattice.ctl.Link toWire(Link l) {
        return new org.wasmcloud4j.lattice.ctl.Link(l.sourceId(), l.target(), l.name(), l.witNamespace(),
                l.witPackage(), l.interfaces(), l.sourceConfig(), l.targetConfig());
    }

    /** @throws IllegalArgumentException for a link without interfaces (the host routes by interface) */
    static Link fromWire(org.wasmcloud4j.lattice.ctl.Link w) {
        if (w.interfaces().isEmpty()) {
            throw new IllegalArgumentException("link from " + w.sourceId() + " to " + w.target() + ": field"
                    + " 'interfaces' names no interface");
        }
        return new Link(w.sourceId(), w.target(), w.name(), w.witNamespace(), w.witPackage(), w.interfaces(),
                w.sourceConfig(), w.targetConfig());
    }

    /** A {@code COMPONENT_{id}} value: the entity's image and its outgoing links. */
    record ComponentSpec(String url, List<org.wasmcloud4j.lattice.ctl.Link> links) {
        ComponentSpec {
            url = url == null ? "" : url;
            links = links == null ? List.of() : List.copyOf(links);
        }
    }
}
