package org.wasmcloud4j.component.types;

import java.util.List;

/**
 * The type of a core module import or export of a component: its imports and exports as core extern descriptions
 * ({@code "module::name: func(i32) -> i32"}-style strings are enough for printing; core typing happens on Chicory).
 */
public record CoreModuleType(List<String> imports, List<String> exports) implements ExternType {
    /**
     * @param imports descriptions of the module's imports
     * @param exports descriptions of the module's exports
     */
    public CoreModuleType {
        imports = List.copyOf(imports);
        exports = List.copyOf(exports);
    }
}
