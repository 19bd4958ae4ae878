package org.wasmcloud4j.host;

import java.util.Map;
import org.wasmcloud4j.component.runtime.HostFunction;

/**
 * Starts a Java capability provider when the lattice asks for one by reference ({@code provider.start} with a
 * {@code provider_ref} registered through {@link Host.Builder#providerFactory}), so that {@code wash} and
 * {@code wadm} start, list and stop Java providers as they do native ones.
 */
@FunctionalInterface
public interface ProviderFactory {
    /**
     * The provider's functions for provider {@code providerId}, configured by {@code config} (its named configs,
     * merged left to right): interface ({@code ns:pkg/iface}, version ignored) → function name → implementation.
     *
     * @throws HostException when it cannot start (the message goes into {@code provider_start_failed})
     */
    Map<String, Map<String, HostFunction>> start(String providerId, Map<String, String> config);
}
