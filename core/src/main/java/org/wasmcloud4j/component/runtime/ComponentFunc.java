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
}
