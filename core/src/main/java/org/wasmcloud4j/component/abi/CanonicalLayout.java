package org.wasmcloud4j.component.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/**
 * The canonical ABI's static rules: size and alignment of a value in linear memory, flattening to core values,
 * and the core signature of a lifted or lowered function (with the 16-parameter / 1-result limits).
 */
public final class CanonicalLayout {
    /** Most flat parameters passed directly; more are spilled to memory. */
    public static final int MAX_FLAT_PARAMS = 16;
    /** Most flat results returned directly; more go through memory. */
    public static final int MAX_FLAT_RESULTS = 1;

    /**
     * Memoised layouts of composite types (records, tuples, flags, variant-likes). Types are immutable values, so a
     * layout computed once is valid for every equal type; without this, a 40-case variant such as {@code
     * wasi:http/types.error-code} was re-flattened and re-sized on every lowered call. Bounded: cleared when full.
     */
    private static final ConcurrentHashMap<ValType, Layout> LAYOUTS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_LAYOUTS = 4096;

    /** The precomputed layout of one composite type; {@code cases} is null when not variant-like. */
    private record Layout(int size, int alignment, List<CoreValType> flat, List<Optional<ValType>> cases,
            int payloadOffset) {}

    private CanonicalLayout() {}

    private static boolean isScalar(ValType u) {
        return u instanceof PrimitiveType || u instanceof ListType || u instanceof HandleType;
    }

    /**
     * A direct-mapped front of {@link #LAYOUTS} by identity. A function's types are the same objects on every call,
     * and a lookup by equality hashes the whole type tree each time (records do not cache their hash: for {@code
     * error-code} that was a third of the CPU of serving a {@code wasi:http} request). Entries are immutable, so a
     * racing write only replaces one cached entry with another.
     */
    private static final IdentityEntry[] BY_IDENTITY = new IdentityEntry[1024];

    private record IdentityEntry(ValType type, Layout layout) {}

    private static Layout layout(ValType u) {
        int slot = System.identityHashCode(u) & (BY_IDENTITY.length - 1);
        IdentityEntry e = BY_IDENTITY[slot];
        if (e != null && e.type() == u) {
            return e.layout();
        }
        Layout l = LAYOUTS.get(u);
        if (l == null) {
            l = computeLayout(u);
            if (LAYOUTS.size() >= MAX_CACHED_LAYOUTS) {
                LAYOUTS.clear();
            }
            Layout raced = LAYOUTS.putIfAbsent(u, l);
            if (raced != null) {
                l = raced;
            }
        }
        BY_IDENTITY[slot] = new IdentityEntry(u, l);
        return l;
    }

    private static Layout computeLayout(ValType u) {
        if (u instanceof StreamType || u instanceof FutureType) {
            throw new AsyncTypeException(u, "a canonical ABI layout");
        }
        boolean variantLike = u instanceof VariantType || u instanceof EnumType || u instanceof OptionType
                || u instanceof ResultType;
        List<Optional<ValType>> cases = variantLike ? List.copyOf(computeCases(u)) : null;
        int payloadOffset = variantLike ? computePayloadOffset(cases) : 0;
        List<CoreValType> flat = new ArrayList<>();
        flattenInto(u, flat);
        return new Layout(computeSize(u, cases, payloadOffset), computeAlignment(u, cases), List.copyOf(flat), cases,
                payloadOffset);
    }

    /** Whether a signature is for calling a guest export ({@code canon lift}) or a host import ({@code canon lower}). */
    public enum Direction {
        /** {@code canon lift}: the core function is the guest's export. */
        LIFT,
        /** {@code canon lower}: the core function is what the guest imports. */
        LOWER
    }

    /** Byte alignment of {@code t} in linear memory. */
    public static int alignment(ValType t) {
        ValType u = t.unwrap();
        return isScalar(u) ? computeAlignment(u, null) : layout(u).alignment();
    }

    private static int computeAlignment(ValType u, List<Optional<ValType>> cases) {
        if (u instanceof PrimitiveType p) {
            switch (p) {
                case BOOL: case S8: case U8: return 1;
                case S16: case U16: return 2;
                case S32: case U32: case F32: case CHAR: case STRING: return 4;
                default: return 8;
            }
        }
        if (u instanceof ListType || u instanceof HandleType) {
            return 4;
        }
        if (u instanceof RecordType r) {
            int a = 1;
            for (RecordType.Field f : r.fields()) {
                a = Math.max(a, alignment(f.type()));
            }
            return a;
        }
        if (u instanceof TupleType tt) {
            int a = 1;
            for (ValType e : tt.elements()) {
                a = Math.max(a, alignment(e));
            }
            return a;
        }
        if (u instanceof FlagsType f) {
            int n = f.flags().size();
            return n <= 8 ? 1 : n <= 16 ? 2 : 4;
        }
        int a = discriminantSize(cases.size());
        for (Optional<ValType> c : cases) {
            if (c.isPresent()) {
                a = Math.max(a, alignment(c.get()));
            }
        }
        return a;
    }

    /** Size in bytes of {@code t} in linear memory (a multiple of its alignment). */
    public static int size(ValType t) {
        ValType u = t.unwrap();
        return isScalar(u) ? computeSize(u, null, 0) : layout(u).size();
    }

    private static int computeSize(ValType u, List<Optional<ValType>> cases, int payloadOffset) {
        if (u instanceof PrimitiveType p) {
            switch (p) {
                case BOOL: case S8: case U8: return 1;
                case S16: case U16: return 2;
                case S32: case U32: case F32: case CHAR: return 4;
                case STRING: return 8;
                default: return 8;
            }
        }
        if (u instanceof ListType) {
            return 8;
        }
        if (u instanceof HandleType) {
            return 4;
        }
        if (u instanceof RecordType r) {
            List<ValType> types = new ArrayList<>();
            r.fields().forEach(f -> types.add(f.type()));
            return recordSize(types);
        }
        if (u instanceof TupleType tt) {
            return recordSize(tt.elements());
        }
        if (u instanceof FlagsType f) {
            int n = f.flags().size();
            return n <= 8 ? 1 : n <= 16 ? 2 : 4 * ((n + 31) / 32);
        }
        int maxSize = 0;
        for (Optional<ValType> c : cases) {
            if (c.isPresent()) {
                maxSize = Math.max(maxSize, size(c.get()));
            }
        }
        return alignTo(payloadOffset + maxSize, computeAlignment(u, cases));
    }

    /** Byte offsets of each field of a record or element of a tuple. */
    public static int[] fieldOffsets(List<ValType> fieldTypes) {
        int[] offsets = new int[fieldTypes.size()];
        int s = 0;
        for (int i = 0; i < offsets.length; i++) {
            ValType f = fieldTypes.get(i);
            s = alignTo(s, alignment(f));
            offsets[i] = s;
            s += size(f);
        }
        return offsets;
    }

    /** Offset of the payload of a variant-like type (variant, enum, option, result) after its discriminant. */
    public static int payloadOffset(ValType variantLike) {
        ValType u = variantLike.unwrap();
        if (isScalar(u) || layout(u).cases() == null) {
            throw new IllegalArgumentException("not a variant-like type: " + u);
        }
        return layout(u).payloadOffset();
    }

    private static int computePayloadOffset(List<Optional<ValType>> cases) {
        int maxAlign = 1;
        for (Optional<ValType> c : cases) {
            if (c.isPresent()) {
                maxAlign = Math.max(maxAlign, alignment(c.get()));
            }
        }
        return alignTo(discriminantSize(cases.size()), maxAlign);
    }

    /** Size in bytes of the discriminant of a variant with {@code caseCount} cases: 1, 2 or 4. */
    public static int discriminantSize(int caseCount) {
        if (caseCount <= 0) {
            throw new IllegalArgumentException("a variant needs at least one case");
        }
        return caseCount <= 1 << 8 ? 1 : caseCount <= 1 << 16 ? 2 : 4;
    }

    /** The core values {@code t} flattens to, in order. */
    public static List<CoreValType> flatten(ValType t) {
        ValType u = t.unwrap();
        if (isScalar(u)) {
            List<CoreValType> out = new ArrayList<>(2);
            flattenInto(u, out);
            return List.copyOf(out);
        }
        return layout(u).flat();
    }

    /** The core signature of {@code f} lifted ({@link Direction#LIFT}) or lowered ({@link Direction#LOWER}). */
    public static CoreSignature signature(FuncType f, Direction direction) {
        for (int i = 0; i < f.params().size(); i++) {
            requireSync(f.params().get(i).type(), "parameter " + i + " ('" + f.params().get(i).name() + "') of " + f);
        }
        f.result().ifPresent(r -> requireSync(r, "the result of " + f));
        List<CoreValType> params = new ArrayList<>();
        for (FuncType.Param p : f.params()) {
            params.addAll(flatten(p.type()));
        }
        boolean paramsInMemory = params.size() > MAX_FLAT_PARAMS;
        if (paramsInMemory) {
            params = new ArrayList<>(List.of(CoreValType.I32));
        }
        List<CoreValType> results = new ArrayList<>();
        f.result().ifPresent(r -> results.addAll(flatten(r)));
        boolean resultsInMemory = results.size() > MAX_FLAT_RESULTS;
        if (resultsInMemory) {
            results.clear();
            if (direction == Direction.LIFT) {
                results.add(CoreValType.I32);
            } else {
                params.add(CoreValType.I32);
            }
        }
        return new CoreSignature(params, results, paramsInMemory, resultsInMemory);
    }

    private static void requireSync(ValType t, String where) {
        if (t.anyWithin(u -> u instanceof StreamType || u instanceof FutureType)) {
            ValType[] found = new ValType[1];
            t.anyWithin(u -> {
                boolean async = u instanceof StreamType || u instanceof FutureType;
                if (async && found[0] == null) {
                    found[0] = u;
                }
                return async;
            });
            throw new AsyncTypeException(found[0], where);
        }
    }

    /**
     * The cases of a variant-like type, after despecialisation: enum cases have no payload, {@code option<T>} is
     * {@code none | some(T)}, {@code result<T,E>} is {@code ok(T?) | error(E?)}.
     *
     * @throws IllegalArgumentException if {@code u} is not variant-like
     */
    static List<Optional<ValType>> cases(ValType u) {
        List<Optional<ValType>> cases = isScalar(u) ? null : layout(u).cases();
        if (cases == null) {
            throw new IllegalArgumentException("not a variant-like type: " + u);
        }
        return cases;
    }

    private static List<Optional<ValType>> computeCases(ValType u) {
        List<Optional<ValType>> out = new ArrayList<>();
        if (u instanceof VariantType v) {
            v.cases().forEach(c -> out.add(c.type()));
        } else if (u instanceof EnumType e) {
            e.cases().forEach(c -> out.add(Optional.empty()));
        } else if (u instanceof OptionType o) {
            out.add(Optional.empty());
            out.add(Optional.of(o.some()));
        } else if (u instanceof ResultType r) {
            out.add(r.ok());
            out.add(r.err());
        } else {
            throw new IllegalArgumentException("not a variant-like type: " + u);
        }
        return out;
    }

    private static void flattenInto(ValType t, List<CoreValType> out) {
        ValType u = t.unwrap();
        if (u instanceof PrimitiveType p) {
            switch (p) {
                case S64: case U64: out.add(CoreValType.I64); break;
                case F32: out.add(CoreValType.F32); break;
                case F64: out.add(CoreValType.F64); break;
                case STRING: out.add(CoreValType.I32); out.add(CoreValType.I32); break;
                default: out.add(CoreValType.I32);
            }
        } else if (u instanceof ListType) {
            out.add(CoreValType.I32);
            out.add(CoreValType.I32);
        } else if (u instanceof HandleType) {
            out.add(CoreValType.I32);
        } else if (u instanceof RecordType r) {
            r.fields().forEach(f -> out.addAll(flatten(f.type())));
        } else if (u instanceof TupleType tt) {
            tt.elements().forEach(e -> out.addAll(flatten(e)));
        } else if (u instanceof FlagsType f) {
            for (int i = 0; i < (f.flags().size() + 31) / 32; i++) {
                out.add(CoreValType.I32);
            }
        } else if (u instanceof NamedType n) {
            flattenInto(n.definition(), out);
        } else {
            List<CoreValType> joined = new ArrayList<>();
            for (Optional<ValType> c : computeCases(u)) {
                if (c.isEmpty()) {
                    continue;
                }
                List<CoreValType> flat = flatten(c.get());
                for (int i = 0; i < flat.size(); i++) {
                    if (i < joined.size()) {
                        joined.set(i, CoreValType.join(joined.get(i), flat.get(i)));
                    } else {
                        joined.add(flat.get(i));
                    }
                }
            }
            out.add(CoreValType.I32);
            out.addAll(joined);
        }
    }

    private static int recordSize(List<ValType> types) {
        int s = 0;
        int a = 1;
        for (ValType f : types) {
            int fa = alignment(f);
            s = alignTo(s, fa);
            s += size(f);
            a = Math.max(a, fa);
        }
        return alignTo(s, a);
    }

    static int alignTo(int offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }
}
