package org.wasmcloud4j.component.runtime;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.wasmcloud4j.component.binary.DecodedComponent;
import org.wasmcloud4j.component.binary.InstanceDef;
import org.wasmcloud4j.component.binary.Section;
import org.wasmcloud4j.component.binary.Sort;
import org.wasmcloud4j.component.binary.SortIndex;

/**
 * WIT names of the resource types a component (and each nested component) defines, for messages and
 * {@link org.wasmcloud4j.component.abi.ResourceRuntimeType#name()}: the component-name section's type name when
 * present, else the first name the type is exported under ({@code export}, an instance built from exports), else the
 * first instantiation argument it is passed as, else {@code resource<index>}. Computed once per {@link Component}.
 */
final class ResourceNames {
    private final Map<DecodedComponent, Map<Integer, String>> names = new IdentityHashMap<>();

    ResourceNames(DecodedComponent root) {
        collect(root);
    }

    /** The name of type index {@code typeIndex} of {@code c}. */
    String name(DecodedComponent c, int typeIndex) {
        Map<Integer, String> m = names.get(c);
        String n = m == null ? null : m.get(typeIndex);
        return n != null ? n : "resource" + typeIndex;
    }

    private void collect(DecodedComponent c) {
        Map<Integer, String> m = new HashMap<>();
        Map<Integer, String> args = new HashMap<>();
        c.names().ifPresent(n -> n.names().getOrDefault(Sort.TYPE, Map.of()).forEach(m::put));
        for (Section s : c.sections()) {
            if (s instanceof Section.Exports es) {
                es.exports().forEach(e -> name(m, e.target(), e.name()));
            } else if (s instanceof Section.Instances is) {
                for (InstanceDef d : is.instances()) {
                    if (d instanceof InstanceDef.FromExports fe) {
                        fe.exports().forEach(e -> name(m, e.target(), e.name()));
                    } else if (d instanceof InstanceDef.Instantiate in) {
                        in.args().forEach(a -> name(args, a.target(), a.name()));
                    }
                }
            } else if (s instanceof Section.Component nested) {
                collect(nested.component());
            }
        }
        args.forEach(m::putIfAbsent);     // an export's name before an instantiation argument's
        names.put(c, m);
    }

    private static void name(Map<Integer, String> m, SortIndex target, String name) {
        if (target.sort() == Sort.TYPE) {
            m.putIfAbsent(target.index(), name);
        }
    }
}
