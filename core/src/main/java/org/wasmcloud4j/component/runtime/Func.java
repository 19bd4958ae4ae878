package org.wasmcloud4j.component.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Values;

/** An exported component function, called with dynamic {@link Value}s or plain Java values. */
public final class Func {
    private final String name;
    private final ComponentFunc target;
    private final Engine engine;

    Func(String name, ComponentFunc target, Engine engine) {
        this.name = name;
        this.target = target;
        this.engine = engine;
    }

    /** The export's name (for an interface function, {@code interface#function}). */
    public String name() {
        return name;
    }

    /** The function's type. */
    public FuncType type() {
        return target.type();
    }

    /**
     * Calls the function.
     *
     * @return the result, empty for a function without one
     * @throws IllegalArgumentException if the arguments do not match the parameter types
     * @throws Trap if the guest traps (the instance is then poisoned); {@link ExecutionTimeoutException} if it ran past
     *         the engine's execution time limit; {@link Trap} also for an {@link Error} (such as
     *         {@link StackOverflowError}) the guest's code ended with
     * @throws IllegalStateException if the engine has a time limit but its watchdog is not running
     */
    public Optional<Value> call(List<Value> args) {
        FuncType t = target.type();
        if (args.size() != t.params().size()) {
            throw new IllegalArgumentException(name + " takes " + t.params().size() + " argument(s), got "
                    + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof Value.Handle h && h.resource().isGone()) {
                throw new IllegalArgumentException(name + " argument '" + t.params().get(i).name() + "': the "
                        + h.resource() + " handle was already moved into a component or dropped");
            }
            if (args.get(i) instanceof Value.Handle h && t.params().get(i).type().unwrap() instanceof HandleType ht) {
                var want = target.expectedResource(ht);
                if (want != null && h.resource().type() != want) {
                    throw new IllegalArgumentException(name + " argument '" + t.params().get(i).name()
                            + "': a handle to " + h.resource().type() + " where " + want + " is expected");
                }
            }
            try {
                Values.check(args.get(i), t.params().get(i).type());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " argument '" + t.params().get(i).name() + "': "
                        + e.getMessage(), e);
            }
        }
        return invoke(args.isEmpty() ? List.of() : List.copyOf(args));
    }

    /** Calls the target within the engine's time limit, if it has one. */
    private Optional<Value> invoke(List<Value> args) {
        ExecutionWatchdog.Ticket ticket = engine.watch();
        if (ticket == null) {
            return target.call(args);
        }
        try {
            return target.call(args);
        } catch (Trap e) {
            throw engine.failed(ticket, e);
        } finally {
            ticket.close();
        }
    }

    /** Calls the function with {@link Value} arguments. */
    public Optional<Value> call(Value... args) {
        if (args.length == 0 && target.type().params().isEmpty()) {
            return invoke(List.of());
        }
        return call(Arrays.asList(args));
    }

    /**
     * Calls with plain Java arguments ({@link Values#fromJava}) and returns the result as plain Java
     * ({@link Values#toJava}), or {@code null} for a function without a result.
     */
    public Object callJava(Object... args) {
        FuncType t = target.type();
        if (args.length != t.params().size()) {
            throw new IllegalArgumentException(name + " takes " + t.params().size() + " argument(s), got "
                    + args.length);
        }
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            values.add(Values.fromJava(args[i], t.params().get(i).type()));
        }
        return call(values).map(Values::toJava).orElse(null);
    }

    @Override
    public String toString() {
        return name + ": " + target.type();
    }
}
