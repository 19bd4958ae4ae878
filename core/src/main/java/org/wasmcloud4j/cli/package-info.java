/** The {@code wasmcloud4j} command line ({@link org.wasmcloud4j.cli.Main}). */
package org.wasmcloud4j.cli;
