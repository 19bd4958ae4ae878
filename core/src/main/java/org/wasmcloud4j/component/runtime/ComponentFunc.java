package org.wasmcloud4j.component.runtime;

import java.util.List;
import java.util.Optional;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;

/** A component-level function at run time: a host function, or a core function lifted by a component instance. */
interface ComponentFunc {
    FuncType type();

    /** Calls with arguments already checked against {@link #type()}. */
    Optional<Value> call(List<Value> args);

    /** The run-time resource type that handle type {@code handle} of {@link #type()} stands for, or null if unknown. */
    default org.wasmcloud4j.component.abi.ResourceRuntimeType expectedResource(
            org.wasmcloud4j.component.types.HandleType handle) {
        return null;
    }
}
