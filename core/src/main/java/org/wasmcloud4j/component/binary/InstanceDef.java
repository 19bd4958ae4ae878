package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.Objects;

/** A component instance definition ({@code instance}). */
public sealed interface InstanceDef permits InstanceDef.Instantiate, InstanceDef.FromExports {
    /** Byte offset of the definition. */
    long offset();

    /**
     * {@code (instantiate c (with "name" sortidx)*)}.
     *
     * @param offset byte offset
     * @param componentIndex component index
     * @param args instantiation arguments
     */
    record Instantiate(long offset, int componentIndex, List<Arg> args) implements InstanceDef {
        /** Copies the list. */
        public Instantiate {
            args = List.copyOf(args);
        }
    }

    /**
     * {@code (with "name" sortidx)}.
     *
     * @param name import name satisfied
     * @param target the argument
     */
    record Arg(String name, SortIndex target) {
        /** Checks nulls. */
        public Arg {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * An instance made of inline exports.
     *
     * @param offset byte offset
     * @param exports the exports
     */
    record FromExports(long offset, List<Export> exports) implements InstanceDef {
        /** Copies the list. */
        public FromExports {
            exports = List.copyOf(exports);
        }
    }

    /**
     * {@code (export "name" sortidx)}.
     *
     * @param name plain export name
     * @param attributes name attributes
     * @param target what is exported
     */
    record Export(String name, Decl.NameAttributes attributes, SortIndex target) {
        /** Checks nulls. */
        public Export {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(attributes, "attributes");
            Objects.requireNonNull(target, "target");
        }
    }
}
