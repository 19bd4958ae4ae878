/**
 * The lattice seam: what crosses hosts. {@link org.wasmcloud4j.host.lattice.Lattice} (control requests by host id,
 * events, links and named config, calls by id, messages), {@link org.wasmcloud4j.host.lattice.LatticeEvent}
 * (CloudEvents), {@link org.wasmcloud4j.host.lattice.Link}, and {@link org.wasmcloud4j.host.lattice.InProcessLattice},
 * the lattice of hosts in one JVM. The NATS lattice ({@code wasmcloud4j-lattice}) implements the same seam.
 */
package org.wasmcloud4j.host.lattice;
