package org.wasmcloud4j.component.binary;

import java.util.List;

/**
 * A core function type {@code [params] -> [results]}.
 *
 * @param params parameter types
 * @param results result types
 */
public record CoreFuncType(List<CoreValType> params, List<CoreValType> results) {
    /** Copies the lists. */
    public CoreFuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }
}
