package org.wasmcloud4j.component.abi;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A core function signature produced by flattening a component function type.
 *
 * @param params core parameter types
 * @param results core result types (at most one)
 * @param paramsInMemory whether the parameters were spilled to linear memory (one i32 pointer is passed instead)
 * @param resultsInMemory whether the results go through linear memory (a returned pointer when lifting, an extra
 *     pointer parameter when lowering)
 */
public record CoreSignature(List<CoreValType> params, List<CoreValType> results, boolean paramsInMemory,
        boolean resultsInMemory) {
    /** Copies the lists. */
    public CoreSignature {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    @Override
    public String toString() {
        return params.stream().map(CoreValType::wat).collect(Collectors.joining(" ", "(func (param ", ")"))
                + results.stream().map(CoreValType::wat).collect(Collectors.joining(" ", " (result ", "))"));
    }
}
