package org.wasmcloud4j.component.validate;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.TypeDefinition;
import org.wasmcloud4j.component.types.TypeOwner;
import org.wasmcloud4j.component.types.ValType;

/**
 * Gives the types of an instance built from a component's own definitions the owner they have as seen from outside:
 * the interface it is exported as (or its plain export name), so that a component exporting {@code ns:pkg/iface}
 * has the same type as the WIT interface it implements. Types owned by other interfaces stay theirs (a
 * {@code use}).
 */
final class Reowner {
    private final TypeOwner owner;
    private final Map<TypeDefinition, TypeDefinition> substitution = new HashMap<>();

    private Reowner(TypeOwner owner) {
        this.owner = owner;
    }

    static InterfaceType exported(InterfaceType it, String exportName) {
        Optional<InterfaceName> name = InterfaceName.tryParse(exportName);
        TypeOwner owner = name.<TypeOwner>map(TypeOwner.Interface::new).orElse(new TypeOwner.Local(exportName));
        Reowner r = new Reowner(owner);
        Map<String, TypeDefinition> types = new LinkedHashMap<>();
        for (Map.Entry<String, TypeDefinition> e : it.types().entrySet()) {
            types.put(e.getKey(), r.define(e.getKey(), e.getValue()));
        }
        Map<String, FuncType> functions = new LinkedHashMap<>();
        it.functions().forEach((k, f) -> functions.put(k, r.func(f)));
        return new InterfaceType(name, types, functions);
    }

    private TypeDefinition define(String key, TypeDefinition td) {
        TypeDefinition mine;
        if (td instanceof ResourceType res) {
            if (res.owner() instanceof TypeOwner.Interface) {
                return td;
            }
            mine = new ResourceType(owner, key);
        } else {
            NamedType n = (NamedType) td;
            if (n.owner().equals(owner)) {
                return n;
            }
            mine = n.owner() instanceof TypeOwner.Interface ? new NamedType(owner, key, n)
                    : new NamedType(owner, key, val(withoutLocalNames(n.definition())));
        }
        substitution.putIfAbsent(td, mine);
        return mine;
    }

    /**
     * A definition without the names a nested component's own scope gave it (such as the import name
     * {@code error-type} of the component that exports the interface): nothing outside that scope can refer to
     * them, and the WIT the interface was written in has no such layer.
     */
    private ValType withoutLocalNames(ValType t) {
        ValType d = t;
        while (d instanceof NamedType local && local.owner() instanceof TypeOwner.Local
                && !substitution.containsKey(local)) {
            d = local.definition();
        }
        return d;
    }

    private FuncType func(FuncType f) {
        return ChildTypes.func(f, this::val);
    }

    private ValType val(ValType t) {
        if (t instanceof NamedType n) {
            TypeDefinition s = substitution.get(n);
            return s instanceof NamedType sn ? sn : n;
        }
        if (t instanceof HandleType h) {
            TypeDefinition s = substitution.get(h.resource());
            return s instanceof ResourceType r ? new HandleType(r, h.borrow()) : h;
        }
        return ChildTypes.map(t, this::val);
    }
}
