/**
 * The host's built-in capabilities, each defined on a deployment's linker: {@code wasi:config}
 * ({@link org.wasmcloud4j.host.capability.ConfigCapability}), {@code wasi:logging}
 * ({@link org.wasmcloud4j.host.capability.LoggingCapability}), an in-memory {@code wasi:keyvalue}
 * ({@link org.wasmcloud4j.host.capability.KeyValueCapability}), {@code wasi:blobstore} on a directory
 * ({@link org.wasmcloud4j.host.capability.BlobstoreCapability}) and {@code wasmcloud:messaging}
 * ({@link org.wasmcloud4j.host.capability.MessagingCapability}). {@link org.wasmcloud4j.host.capability.CapabilityLinker}
 * is where they define functions, so a link for the same interface can take precedence. Embedders use them through
 * {@link org.wasmcloud4j.host.Host}; they are public so the host package can build on them, and may change.
 */
package org.wasmcloud4j.host.capability;
