/**
 * OCI registries: {@link org.wasmcloud4j.host.oci.OciReference} parses image references,
 * {@link org.wasmcloud4j.host.oci.OciClient} pulls and pushes Wasm components (token and basic auth, digests checked,
 * a content-addressed cache), {@link org.wasmcloud4j.host.oci.RegistryCredential} holds what a registry needs.
 * Failures are {@link org.wasmcloud4j.host.oci.RegistryException}s with a reason.
 */
package org.wasmcloud4j.host.oci;
