package org.wasmcloud4j.wit;

import java.util.ArrayList;
import java.util.List;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.VariantType;

/**
 * A type as a hash key whose hash looks at the type's outer layer only. Types compare structurally and their own
 * hash codes walk the whole type: deep for a long chain of names, exponential for a type whose parts are shared
 * (a record naming another twice, that one naming a third twice...). Equal types still give equal keys; the same
 * type instance compares in constant time.
 */
record TypeKey(Object type, int hash) {
    static TypeKey of(Object type) {
        return new TypeKey(type, shallowHash(type));
    }

    private static int shallowHash(Object t) {
        if (t instanceof NamedType n) {
            return 31 * n.owner().hashCode() + n.name().hashCode();
        }
        if (t instanceof RecordType r) {
            List<String> names = new ArrayList<>();
            r.fields().forEach(f -> names.add(f.name()));
            return 3 * names.hashCode();
        }
        if (t instanceof VariantType v) {
            List<String> names = new ArrayList<>();
            v.cases().forEach(c -> names.add(c.name()));
            return 5 * names.hashCode();
        }
        if (t instanceof ResourceType
                || t instanceof EnumType
                || t instanceof FlagsType
                || t instanceof PrimitiveType) {
            return t.hashCode(); // names only
        }
        return t.getClass().hashCode();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TypeKey k && k.hash == hash && (k.type == type || k.type.equals(type));
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
