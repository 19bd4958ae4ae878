package org.wasmcloud4j.component.validate;

import java.util.IdentityHashMap;
import java.util.Map;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.ExternType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/**
 * Bounds on the value types a component defines, so that a few bytes cannot make validation or the canonical ABI
 * walk an exponential or very deep tree. Types refer to earlier types by index, so {@code t(i) = tuple<t(i-1),
 * t(i-1)>} doubles the tree with two bytes; the type model's walks (layout, flattening, {@code anyWithin}, printing)
 * are recursive and not memoized.
 *
 * <ul>
 *   <li>every defined type has at most {@value #MAX_SIZE} nodes as a tree and at most {@value #MAX_DEPTH} levels;
 *   <li>the function types used by lifts, lowers, imports and exports add up (with repetition, since each use walks
 *       its type) to at most {@value #MAX_USED} nodes per top-level component, nested components included.
 * </ul>
 * Sizes are memoized per type object, so measuring is linear in the number of definitions.
 */
final class TypeLimits {
    static final int MAX_DEPTH = 100;
    static final long MAX_SIZE = 100_000;
    static final long MAX_USED = 5_000_000;

    /** Per type object: {tree size, depth}. */
    private final Map<Object, long[]> measured = new IdentityHashMap<>();
    private long used;

    /** Checks a freshly defined type (value or function type; other definitions are not measured). */
    void checkDefined(Object def, long offset) {
        long[] m;
        if (def instanceof ValType v) {
            m = measure(v, 0);
        } else if (def instanceof FuncType f) {
            m = measure(f);
        } else {
            return;
        }
        if (m[1] > MAX_DEPTH) {
            throw new ValidationException(offset, "type nested deeper than " + MAX_DEPTH + " levels");
        }
        if (m[0] > MAX_SIZE) {
            throw new ValidationException(offset, "type of more than " + MAX_SIZE + " nodes (as a tree; types "
                    + "that repeat earlier types multiply)");
        }
    }

    /** Counts a use of {@code t} (by a lift, lower, import or export) against the component's budget. */
    void use(ExternType t, long offset) {
        long n = 0;
        if (t instanceof FuncType f) {
            n = measure(f)[0];
        } else if (t instanceof InterfaceType it) {
            for (FuncType f : it.functions().values()) {
                n = add(n, measure(f)[0]);
            }
        }
        used = add(used, n);
        if (used > MAX_USED) {
            throw new ValidationException(offset, "the function types of this component's lifts, lowers, imports "
                    + "and exports add up to more than " + MAX_USED + " type nodes");
        }
    }

    private long[] measure(FuncType f) {
        long[] m = measured.get(f);
        if (m == null) {
            long size = 1;
            long depth = 0;
            for (FuncType.Param p : f.params()) {
                long[] c = measure(p.type(), 1);
                size = add(size, c[0]);
                depth = Math.max(depth, c[1]);
            }
            if (f.result().isPresent()) {
                long[] c = measure(f.result().get(), 1);
                size = add(size, c[0]);
                depth = Math.max(depth, c[1]);
            }
            m = new long[] {size, depth};
            measured.put(f, m);
        }
        return m;
    }

    /**
     * Size and depth of {@code t}; {@code level} is how deep this call is, so that a tree that was not measured
     * when it was defined is never followed further than the depth limit.
     */
    private long[] measure(ValType t, int level) {
        long[] m = measured.get(t);
        if (m != null) {
            return m;
        }
        if (level > MAX_DEPTH + 1) {
            return new long[] {1, MAX_DEPTH + 1};
        }
        long size = 1;
        long depth = 0;
        for (ValType c : children(t)) {
            long[] cm = measure(c, level + 1);
            size = add(size, cm[0]);
            depth = Math.max(depth, cm[1]);
        }
        m = new long[] {size, children(t).length == 0 ? 1 : depth + 1};
        measured.put(t, m);
        return m;
    }

    private static ValType[] children(ValType t) {
        if (t instanceof ListType l) {
            return new ValType[] {l.element()};
        }
        if (t instanceof OptionType o) {
            return new ValType[] {o.some()};
        }
        if (t instanceof NamedType n) {
            return new ValType[] {n.definition()};
        }
        if (t instanceof TupleType tt) {
            return tt.elements().toArray(new ValType[0]);
        }
        if (t instanceof RecordType r) {
            return r.fields().stream().map(RecordType.Field::type).toArray(ValType[]::new);
        }
        if (t instanceof VariantType v) {
            return v.cases().stream().flatMap(c -> c.type().stream()).toArray(ValType[]::new);
        }
        if (t instanceof ResultType r) {
            return java.util.stream.Stream.concat(r.ok().stream(), r.err().stream()).toArray(ValType[]::new);
        }
        if (t instanceof StreamType s) {
            return s.element().stream().toArray(ValType[]::new);
        }
        if (t instanceof FutureType f) {
            return f.element().stream().toArray(ValType[]::new);
        }
        return new ValType[0]; // primitives, enums, flags, handles
    }

    private static long add(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }
}
