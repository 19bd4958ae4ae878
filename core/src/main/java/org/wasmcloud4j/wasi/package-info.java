/**
 * WASI 0.2 host implementation on the component {@link org.wasmcloud4j.component.runtime.Linker}:
 * {@link org.wasmcloud4j.wasi.Wasi#addToLinker} with a {@link org.wasmcloud4j.wasi.WasiConfig}.
 */
package org.wasmcloud4j.wasi;
