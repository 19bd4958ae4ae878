package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.Objects;

/**
 * A core type definition at component level ({@code core:type}): a core function type or a core module type.
 * WebAssembly GC types (rec groups, sub types, structs, arrays) are rejected as unsupported by the decoder.
 */
public sealed interface CoreType extends Decl permits CoreType.Func, CoreType.Module {

    /**
     * A core function type.
     *
     * @param offset byte offset of the type's first byte
     * @param type the function type
     */
    record Func(long offset, CoreFuncType type) implements CoreType {
        /** Checks nulls. */
        public Func {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A core module type {@code (module md*)}.
     *
     * @param offset byte offset of the 0x50 opcode
     * @param decls the module declarations in order
     */
    record Module(long offset, List<ModuleDecl> decls) implements CoreType {
        /** Copies the list. */
        public Module {
            decls = List.copyOf(decls);
        }
    }

    /** A declaration inside a core module type ({@code core:moduledecl}). */
    sealed interface ModuleDecl permits Import, Type, OuterAlias, Export {
        /** Byte offset of the declaration's tag byte. */
        long offset();
    }

    /**
     * {@code (import "module" "name" type)}.
     *
     * @param offset byte offset of the declaration
     * @param module module name
     * @param name item name
     * @param type imported type
     */
    record Import(long offset, String module, String name, CoreExternType type) implements ModuleDecl {
        /** Checks nulls. */
        public Import {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * A type definition inside a module type (only function types are supported).
     *
     * @param offset byte offset of the declaration
     * @param type the function type
     */
    record Type(long offset, CoreFuncType type) implements ModuleDecl {
        /** Checks nulls. */
        public Type {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code (alias outer count index (type))}.
     *
     * @param offset byte offset of the declaration
     * @param count number of enclosing scopes to go out
     * @param index core type index in that scope
     */
    record OuterAlias(long offset, int count, int index) implements ModuleDecl {
    }

    /**
     * {@code (export "name" type)}.
     *
     * @param offset byte offset of the declaration
     * @param name export name
     * @param type exported type
     */
    record Export(long offset, String name, CoreExternType type) implements ModuleDecl {
        /** Checks nulls. */
        public Export {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }
}
