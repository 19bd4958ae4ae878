package org.wasmcloud4j.wit;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.types.ExternType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PackageName;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.TypeDefinition;
import org.wasmcloud4j.component.types.TypeExtern;
import org.wasmcloud4j.component.types.TypeOwner;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;
import org.wasmcloud4j.component.types.WorldType;

/**
 * The WIT packages that describe a component: package {@code root:component} with world {@code root}, then one
 * package per package of the interfaces the component imports, exports or refers to through types.
 */
final class ComponentWit {
    private ComponentWit() {}

    static List<WitPackage> packages(ComponentType type) {
        PackageName rootName = TypeOwner.World.COMPONENT_ROOT.packageName().orElseThrow();
        WorldType world = new WorldType(Optional.of(rootName), TypeOwner.World.COMPONENT_ROOT.world(),
                type.imports(), type.exports());
        Map<InterfaceName, Map<String, TypeDefinition>> referenced = new LinkedHashMap<>();
        Map<InterfaceName, InterfaceType> interfaces = new LinkedHashMap<>();
        for (Map<String, ExternType> items : List.of(type.imports(), type.exports())) {
            for (ExternType t : items.values()) {
                if (t instanceof InterfaceType it && it.name().isPresent()) {
                    interfaces.putIfAbsent(it.name().get(), it);
                }
            }
        }
        Walker walker = new Walker(referenced);
        for (Map<String, ExternType> items : List.of(type.imports(), type.exports())) {
            items.values().forEach(walker::extern);
        }
        referenced.forEach((name, types) -> {
            InterfaceType have = interfaces.get(name);
            if (have == null) {
                interfaces.put(name, new InterfaceType(Optional.of(name), types, Map.of()));
            }
        });
        Map<String, Map<String, InterfaceType>> byPackage = new TreeMap<>();
        Map<String, PackageName> packageNames = new LinkedHashMap<>();
        interfaces.forEach((name, it) -> {
            String key = name.packageName().toString();
            packageNames.put(key, name.packageName());
            byPackage.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(name.interfaceLabel(), it);
        });
        List<WitPackage> out = new ArrayList<>();
        out.add(new WitPackage(rootName, Map.of(), Map.of(world.name(), world)));
        byPackage.forEach((k, is) -> out.add(new WitPackage(packageNames.get(k), is, Map.of())));
        return out;
    }

    /** Finds named types whose interface the component does not import or export itself. */
    private static final class Walker {
        final Map<InterfaceName, Map<String, TypeDefinition>> referenced;
        final Set<Object> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        Walker(Map<InterfaceName, Map<String, TypeDefinition>> referenced) {
            this.referenced = referenced;
        }

        void extern(ExternType t) {
            if (t instanceof InterfaceType it) {
                it.types().values().forEach(this::definition);
                it.functions().values().forEach(this::func);
            } else if (t instanceof FuncType f) {
                func(f);
            } else if (t instanceof TypeExtern te) {
                definition(te.type());
            }
        }

        void func(FuncType f) {
            f.params().forEach(p -> val(p.type()));
            f.result().ifPresent(this::val);
        }

        void definition(TypeDefinition td) {
            td.owner().asInterface().ifPresent(n -> referenced.computeIfAbsent(n, k -> new LinkedHashMap<>())
                    .putIfAbsent(td.name(), td));
            if (td instanceof NamedType n) {
                val(n.definition());
            }
        }

        void val(ValType t) {
            if (!seen.add(t)) {
                return;
            }
            if (t instanceof NamedType n) {
                definition(n);
            } else if (t instanceof HandleType h) {
                definition(h.resource());
            } else if (t instanceof ListType l) {
                val(l.element());
            } else if (t instanceof OptionType o) {
                val(o.some());
            } else if (t instanceof ResultType r) {
                r.ok().ifPresent(this::val);
                r.err().ifPresent(this::val);
            } else if (t instanceof TupleType tt) {
                tt.elements().forEach(this::val);
            } else if (t instanceof RecordType r) {
                r.fields().forEach(f -> val(f.type()));
            } else if (t instanceof VariantType v) {
                v.cases().forEach(c -> c.type().ifPresent(this::val));
            } else if (t instanceof StreamType s) {
                s.element().ifPresent(this::val);
            } else if (t instanceof FutureType f) {
                f.element().ifPresent(this::val);
            }
        }
    }
}
