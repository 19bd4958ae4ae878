package org.wasmcloud4j.component.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/** Rebuilds a structural value or function type with a function applied to each of its direct children. */
final class ChildTypes {
    private ChildTypes() {
    }

    /**
     * {@code t} with {@code f} applied to the element, payload, field or case types of a list, option, result,
     * tuple, record or variant; any other type (primitives, enums, flags, handles, named types) as it is.
     */
    static ValType map(ValType t, UnaryOperator<ValType> f) {
        if (t instanceof ListType l) {
            return new ListType(f.apply(l.element()));
        }
        if (t instanceof OptionType o) {
            return new OptionType(f.apply(o.some()));
        }
        if (t instanceof ResultType r) {
            return new ResultType(r.ok().map(f), r.err().map(f));
        }
        if (t instanceof TupleType tt) {
            List<ValType> es = new ArrayList<>();
            tt.elements().forEach(e -> es.add(f.apply(e)));
            return new TupleType(es);
        }
        if (t instanceof RecordType r) {
            List<RecordType.Field> fs = new ArrayList<>();
            r.fields().forEach(fd -> fs.add(new RecordType.Field(fd.name(), f.apply(fd.type()))));
            return new RecordType(fs);
        }
        if (t instanceof VariantType v) {
            List<VariantType.Case> cs = new ArrayList<>();
            v.cases().forEach(c -> cs.add(new VariantType.Case(c.name(), c.type().map(f))));
            return new VariantType(cs);
        }
        if (t instanceof StreamType s) {
            return new StreamType(s.element().map(f));
        }
        if (t instanceof FutureType fu) {
            return new FutureType(fu.element().map(f));
        }
        return t;
    }

    /** {@code f} with {@code t} applied to each parameter type and to the result type. */
    static FuncType func(FuncType f, UnaryOperator<ValType> t) {
        List<FuncType.Param> ps = new ArrayList<>();
        f.params().forEach(p -> ps.add(new FuncType.Param(p.name(), t.apply(p.type()))));
        return new FuncType(ps, f.result().map(t));
    }
}
