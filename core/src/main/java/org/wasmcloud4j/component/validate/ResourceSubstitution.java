package org.wasmcloud4j.component.validate;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.types.ExternType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.TypeDefinition;
import org.wasmcloud4j.component.types.TypeExtern;
import org.wasmcloud4j.component.types.ValType;

/**
 * The component model's type substitution for abstract resources: an import's type declares resources
 * ({@code (export "r" (type (sub resource)))}) that stand for whatever resource the instantiation argument
 * supplies. Before the argument is checked against the import, each abstract resource of the declared type is
 * replaced, everywhere it is used, by the argument's resource of the same export name (wasmparser's
 * {@code SubtypeCx} does the same with its resource map). Abstract resources are known by identity: the objects
 * the validator made for the {@code sub resource} declarations of this one import.
 */
final class ResourceSubstitution {
    private final Map<ResourceType, ResourceType> map;

    private ResourceSubstitution(Map<ResourceType, ResourceType> map) {
        this.map = map;
    }

    /**
     * {@code declared} with its abstract resources (those in {@code abstracts}, by identity) replaced by the
     * resources {@code actual} exports under the same names; an abstract resource {@code actual} does not export
     * as a resource stays, so the subtype check names it.
     */
    static ExternType bind(ExternType declared, ExternType actual, List<ResourceType> abstracts) {
        Map<ResourceType, ResourceType> map = new IdentityHashMap<>();
        collect(declared, actual, abstracts, map);
        return map.isEmpty() ? declared : new ResourceSubstitution(map).extern(declared);
    }

    private static void collect(ExternType declared, ExternType actual, List<ResourceType> abstracts,
            Map<ResourceType, ResourceType> map) {
        if (declared instanceof InterfaceType di && actual instanceof InterfaceType ai) {
            for (Map.Entry<String, TypeDefinition> e : di.types().entrySet()) {
                if (e.getValue() instanceof ResourceType r && isAbstract(r, abstracts)
                        && ai.type(e.getKey()).orElse(null) instanceof ResourceType given) {
                    map.put(r, given);
                }
            }
        } else if (declared instanceof TypeExtern dt && dt.type() instanceof ResourceType r
                && isAbstract(r, abstracts) && actual instanceof TypeExtern at && at.type() instanceof ResourceType g) {
            map.put(r, g);
        } else if (declared instanceof ComponentType dc && actual instanceof ComponentType ac) {
            // a component argument: what it exports stands for the abstract resources its declared exports name
            for (Map.Entry<String, ExternType> e : dc.exports().entrySet()) {
                ExternType a = ac.exports().get(e.getKey());
                if (a != null) {
                    collect(e.getValue(), a, abstracts, map);
                }
            }
        }
    }

    private static boolean isAbstract(ResourceType r, List<ResourceType> abstracts) {
        for (ResourceType a : abstracts) {
            if (a == r) {
                return true;
            }
        }
        return false;
    }

    private ExternType extern(ExternType t) {
        if (t instanceof FuncType f) {
            return func(f);
        }
        if (t instanceof InterfaceType it) {
            Map<String, TypeDefinition> types = new LinkedHashMap<>();
            it.types().forEach((k, v) -> types.put(k, definition(v)));
            Map<String, FuncType> functions = new LinkedHashMap<>();
            it.functions().forEach((k, f) -> functions.put(k, func(f)));
            return new InterfaceType(it.name(), types, functions);
        }
        if (t instanceof TypeExtern te) {
            return new TypeExtern(definition(te.type()));
        }
        if (t instanceof ComponentType ct) {
            Map<String, ExternType> imports = new LinkedHashMap<>();
            ct.imports().forEach((k, v) -> imports.put(k, extern(v)));
            Map<String, ExternType> exports = new LinkedHashMap<>();
            ct.exports().forEach((k, v) -> exports.put(k, extern(v)));
            return new ComponentType(imports, exports);
        }
        return t;
    }

    private TypeDefinition definition(TypeDefinition td) {
        if (td instanceof ResourceType r) {
            return map.getOrDefault(r, r);
        }
        return (TypeDefinition) val((NamedType) td);
    }

    private FuncType func(FuncType f) {
        return ChildTypes.func(f, this::val);
    }

    private ValType val(ValType t) {
        if (t instanceof NamedType n) {
            return new NamedType(n.owner(), n.name(), val(n.definition()));
        }
        if (t instanceof HandleType h) {
            ResourceType r = map.get(h.resource());
            return r == null ? h : new HandleType(r, h.borrow());
        }
        return ChildTypes.map(t, this::val);
    }
}
