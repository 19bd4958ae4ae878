package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Memory;
import java.util.List;
import java.util.Optional;
import org.wasmcloud4j.component.abi.CallScope;
import org.wasmcloud4j.component.abi.CanonicalLayout;
import org.wasmcloud4j.component.abi.HandleTable;
import org.wasmcloud4j.component.abi.CoreSignature;
import org.wasmcloud4j.component.abi.GuestMemory;
import org.wasmcloud4j.component.abi.StringEncoding;
import org.wasmcloud4j.component.abi.ValueCodec;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Values;

/** {@code canon lower}: a core function that lifts its arguments from the caller, calls the target, lowers the result. */
final class LoweredFunc {
    private LoweredFunc() {}

    static CoreFunc create(FuncType type, ComponentFunc target, Memory memory, CoreFunc realloc,
            StringEncoding encoding, HandleTable handles, Object self, Store store) {
        CoreSignature sig = CanonicalLayout.signature(type, CanonicalLayout.Direction.LOWER);
        if (target instanceof CoreHost core) {
            return CoreFunc.synthetic(CoreFunc.chicoryType(sig), (instance, args) -> {
                CallScope scope = new CallScope();
                long[] out = store.enter(() -> core.fn().call(new CoreCall(args, memory, handles, scope)));
                scope.exit();
                return out;
            });
        }
        ExportFunction reallocFunction = realloc == null ? null : realloc.asExportFunction();
        return CoreFunc.synthetic(CoreFunc.chicoryType(sig), (instance, args) -> {
            CallScope scope = new CallScope();
            GuestMemory cx = new GuestMemory(memory, reallocFunction, encoding, handles, scope, self);
            List<Value> values = ValueCodec.liftParams(cx, type, sig, args);
            Store[] slot = Store.currentSlot();   // as store.enter, without a lambda per call
            Store previous = slot[0];
            slot[0] = store;
            Optional<Value> result;
            try {
                result = target.call(values);
            } finally {
                slot[0] = previous;
            }
            scope.exit();
            if (type.result().isPresent() && result.isEmpty()) {
                throw new Trap("the called function returned no value, but its type has a result");
            }
            return ValueCodec.lowerResult(cx, type, sig, result.orElse(null), args);
        });
    }

    /**
     * A core-level host function; components reach it through {@code canon lower}, value callers through its
     * value-level twin when it has one.
     */
    record CoreHost(FuncType type, CoreHostFunction fn, ComponentFunc values, String name) implements ComponentFunc {
        @Override
        public Optional<Value> call(List<Value> args) {
            if (values == null) {
                throw new Trap("host function " + name + " works on core values and cannot be called with values");
            }
            return values.call(args);
        }
    }

    /** A host function as a component function: results are checked against the type. */
    static ComponentFunc host(FuncType type, HostFunction fn, String name) {
        return new ComponentFunc() {
            @Override
            public FuncType type() {
                return type;
            }

            @Override
            public Optional<Value> call(List<Value> args) {
                Value r = fn.call(args);
                if (type.result().isEmpty()) {
                    if (r != null) {
                        throw new Trap("host function " + name + " returned a value, but its type has no result");
                    }
                    return Optional.empty();
                }
                if (r == null) {
                    throw new Trap("host function " + name + " returned no value, but its type has a result");
                }
                try {
                    Values.check(r, type.result().get());
                } catch (IllegalArgumentException e) {
                    throw new Trap("host function " + name + " returned a bad value: " + e.getMessage(), e);
                }
                return Optional.of(r);
            }
        };
    }
}
