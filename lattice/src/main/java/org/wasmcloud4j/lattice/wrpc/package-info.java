/**
 * wRPC (wasmCloud 1.1+ remote calls): the value encoding of every component-model type, driven by the one type
 * model, with streaming decode from chunked input (NATS message payloads), index paths for async values and typed
 * errors naming the byte offset and the place in the value. The NATS transport builds on this package.
 *
 * <p>Entry point: {@link org.wasmcloud4j.lattice.wrpc.WrpcCodec}. The wire format and where each rule was
 * checked: {@code docs/wrpc.md}.
 */
package org.wasmcloud4j.lattice.wrpc;
