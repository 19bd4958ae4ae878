/**
 * The lattice module's command line: {@code ctl} verbs on the control interface of any wasmCloud 1.x lattice,
 * everything else handed to core's {@code org.wasmcloud4j.cli.Main}.
 */
package org.wasmcloud4j.lattice.cli;
