/**
 * The wasmCloud control interface v1 ({@code wasmbus.ctl.v1}): subjects, payloads, a host-side server and a
 * client for any wasmCloud 1.x lattice.
 */
package org.wasmcloud4j.lattice.ctl;
