package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a core module imports and exports, from its type, import, function, table, memory, tag, global, export,
 * start and code sections. Code bodies are not decoded; they are only counted.
 *
 * @param types the function types of the type section
 * @param imports imports in order
 * @param functionTypeIndices type index of each function defined by the module (not imported)
 * @param tables tables defined by the module
 * @param memories memories defined by the module
 * @param globals globals defined by the module
 * @param tags tags defined by the module
 * @param exports exports in order, with resolved types
 * @param codeBodyCount number of code bodies
 * @param start the start function, if any
 */
public record CoreModuleSummary(List<CoreFuncType> types, List<Import> imports, List<Integer> functionTypeIndices,
        List<CoreExternType.Table> tables, List<CoreExternType.Memory> memories, List<CoreExternType.Global> globals,
        List<CoreExternType.Tag> tags, List<Export> exports, int codeBodyCount, OptionalInt start) {

    /** Copies the lists. */
    public CoreModuleSummary {
        types = List.copyOf(types);
        imports = List.copyOf(imports);
        functionTypeIndices = List.copyOf(functionTypeIndices);
        tables = List.copyOf(tables);
        memories = List.copyOf(memories);
        globals = List.copyOf(globals);
        tags = List.copyOf(tags);
        exports = List.copyOf(exports);
        Objects.requireNonNull(start, "start");
    }

    /**
     * An import of the module.
     *
     * @param module module name
     * @param name item name
     * @param type imported type
     * @param funcType for functions, the resolved function type
     */
    public record Import(String module, String name, CoreExternType type, Optional<CoreFuncType> funcType) {
        /** Checks nulls. */
        public Import {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(funcType, "funcType");
        }

        /** The kind of the import. */
        public CoreSort kind() {
            return type.sort();
        }
    }

    /**
     * An export of the module.
     *
     * @param name export name
     * @param kind what is exported
     * @param index index in the module's index space of that kind (imports first)
     * @param type the exported item's type
     * @param funcType for functions, the resolved function type
     */
    public record Export(String name, CoreSort kind, int index, CoreExternType type,
            Optional<CoreFuncType> funcType) {
        /** Checks nulls. */
        public Export {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(funcType, "funcType");
        }
    }

    /** Imports of kind {@code kind}, in order. */
    public List<Import> imports(CoreSort kind) {
        return imports.stream().filter(i -> i.kind() == kind).toList();
    }

    /** The export called {@code name}, if any. */
    public Optional<Export> export(String name) {
        return exports.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
