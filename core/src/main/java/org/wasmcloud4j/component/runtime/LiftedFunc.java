package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import java.util.List;
import java.util.Optional;
import com.dylibso.chicory.runtime.ExportFunction;
import org.wasmcloud4j.component.abi.CallScope;
import org.wasmcloud4j.component.abi.CanonicalLayout;
import org.wasmcloud4j.component.abi.CoreSignature;
import org.wasmcloud4j.component.abi.GuestMemory;
import org.wasmcloud4j.component.abi.StringEncoding;
import org.wasmcloud4j.component.abi.ValueCodec;
import org.wasmcloud4j.component.abi.ResourceRuntimeType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code canon lift}: calls a guest core function with lowered arguments and lifts its result, then runs
 * {@code post-return}. Refuses re-entry into an instance that is on the stack; a trap poisons the store.
 */
final class LiftedFunc implements ComponentFunc {
    private final FuncType type;
    private final CoreFunc core;
    private final Memory memory;
    private final CoreFunc realloc;
    private final CoreFunc postReturn;
    private final StringEncoding encoding;
    private final Instantiation.Frame owner;
    private final Store store;
    private final CoreSignature signature;
    private final ExportFunction reallocFunction;
    private final boolean handles;
    /** Canonical options without handle state are immutable: one per function for handle-free calls. */
    private final GuestMemory plain;
    /** The result's primitive when it is a scalar returned in one core value, else null (the fast path). */
    private final PrimitiveType scalarResult;
    /** The run-time resource type of each handle in the signature (where known), checked at the boundary. */
    private final java.util.Map<HandleType, ResourceRuntimeType> binding;

    LiftedFunc(FuncType type, CoreFunc core, Memory memory, CoreFunc realloc, CoreFunc postReturn,
            StringEncoding encoding, Instantiation.Frame owner, Store store,
            java.util.Map<HandleType, ResourceRuntimeType> binding) {
        this.binding = binding;
        this.type = type;
        this.core = core;
        this.memory = memory;
        this.realloc = realloc;
        this.postReturn = postReturn;
        this.encoding = encoding;
        this.owner = owner;
        this.store = store;
        this.signature = CanonicalLayout.signature(type, CanonicalLayout.Direction.LIFT);
        this.reallocFunction = realloc == null ? null : realloc.asExportFunction();
        this.handles = type.params().stream().anyMatch(p -> p.type().containsHandles())
                || type.result().map(org.wasmcloud4j.component.types.ValType::containsHandles).orElse(false);
        this.plain = new GuestMemory(memory, reallocFunction, encoding);
        ValType r = type.result().map(ValType::unwrap).orElse(null);
        this.scalarResult = r instanceof PrimitiveType p && p != PrimitiveType.STRING ? p : null;
    }

    @Override
    public FuncType type() {
        return type;
    }

    @Override
    public ResourceRuntimeType expectedResource(HandleType handle) {
        return binding.get(handle);
    }

    @Override
    public Optional<Value> call(List<Value> args) {
        store.checkNotPoisoned();
        Thread me = Thread.currentThread();
        Thread running = owner.enteredBy;
        if (running == me) {
            throw new Trap("cannot enter a component instance that is already on the call stack (re-entrance)");
        }
        if (running != null) {
            // misuse by the embedder, not the guest's fault: refuse without poisoning
            throw new IllegalStateException("the component instance is in use by thread " + running.getName()
                    + "; an instance runs one call at a time (make one instance per thread from an InstancePre)");
        }
        owner.enteredBy = me;
        try {
            CallScope scope = handles ? new CallScope() : null;
            GuestMemory cx = handles
                    ? new GuestMemory(memory, reallocFunction, encoding, owner.handles, scope, owner, binding) : plain;
            long[] results = core.call(ValueCodec.lowerParams(cx, type, signature, args));
            Optional<Value> result = scalarResult != null
                    ? Optional.of(ValueCodec.liftScalar(scalarResult, results[0]))
                    : ValueCodec.liftResult(cx, type, signature, results);
            if (postReturn != null) {
                postReturn.call(results);
            }
            if (scope != null) {
                scope.exit();
            }
            return result;
        } catch (Trap e) {
            store.poison(e.getMessage());
            throw e;
        } catch (com.dylibso.chicory.runtime.WasmException e) {
            // exceptions do not cross the canonical ABI: one that no core code caught is a trap of this call
            Trap t = new Trap("uncaught exception (core tag " + e.tagIdx() + " of the throwing module, "
                    + e.args().length + " payload value(s)) left the lifted function", e);
            store.poison(t.getMessage());
            throw t;
        } catch (ChicoryException e) {
            Trap t = new Trap("wasm trap: " + e.getMessage(), e);
            store.poison(t.getMessage());
            throw t;
        } catch (RuntimeException e) {
            Trap t = new Trap("trap: " + e, e);
            store.poison(t.getMessage());
            throw t;
        } catch (Error e) {
            // the guest exhausted the stack or the heap, or the engine failed inside its code: the instance's state
            // is unknown, so it is poisoned like a trap's; nothing else is affected
            store.poison(e.toString());
            throw new Trap((e instanceof StackOverflowError ? "call stack exhausted: " : "guest code failed: ") + e, e);
        } finally {
            owner.enteredBy = null;
        }
    }
}
