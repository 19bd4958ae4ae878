package org.wasmcloud4j.component.runtime;

import java.util.List;
import org.wasmcloud4j.component.value.Value;

/**
 * A Java implementation of an imported component function, on dynamic {@link Value}s. The arguments have already
 * been checked against the function's parameter types; the result is checked against its result type.
 */
@FunctionalInterface
public interface HostFunction {
    /**
     * @param args the arguments, one per parameter
     * @return the result, or {@code null} for a function without a result
     */
    Value call(List<Value> args);
}
