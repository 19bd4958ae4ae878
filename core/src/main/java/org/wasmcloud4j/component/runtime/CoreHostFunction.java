package org.wasmcloud4j.component.runtime;

/**
 * A host function working on the canonical ABI's core values directly, for hot paths where building
 * {@link org.wasmcloud4j.component.value.Value}s would cost too much (for example WASI stream writes). It receives
 * the flattened core arguments of the lowered call (and the return-area pointer when the result does not fit in
 * one core value) and returns the flattened core results; the author is responsible for following the canonical
 * ABI of the function's type. Most host code should use {@link HostFunction} instead.
 */
@FunctionalInterface
public interface CoreHostFunction {
    /**
     * @param call the core arguments and access to the caller's memory and handles
     * @return the core results (empty when the result is returned through memory or there is none)
     */
    long[] call(CoreCall call);
}
