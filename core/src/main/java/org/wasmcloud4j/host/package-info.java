/**
 * The embedded wasmCloud host: components by id, scaling, invocation through fresh instances, lattice events.
 * {@link org.wasmcloud4j.host.Host} is the entry point; {@link org.wasmcloud4j.host.HostKey} its identity.
 */
package org.wasmcloud4j.host;
