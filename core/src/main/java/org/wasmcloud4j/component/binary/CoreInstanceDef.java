package org.wasmcloud4j.component.binary;

import java.util.List;
import java.util.Objects;

/** A core instance definition ({@code core:instance}). */
public sealed interface CoreInstanceDef permits CoreInstanceDef.Instantiate, CoreInstanceDef.FromExports {
    /** Byte offset of the definition. */
    long offset();

    /**
     * {@code (instantiate m (with "name" (instance i))*)}.
     *
     * @param offset byte offset
     * @param moduleIndex core module index
     * @param args instantiation arguments
     */
    record Instantiate(long offset, int moduleIndex, List<Arg> args) implements CoreInstanceDef {
        /** Copies the list. */
        public Instantiate {
            args = List.copyOf(args);
        }
    }

    /**
     * {@code (with "name" (instance i))}.
     *
     * @param name import module name satisfied
     * @param instanceIndex core instance index
     */
    record Arg(String name, int instanceIndex) {
        /** Checks nulls. */
        public Arg {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A core instance made of inline exports.
     *
     * @param offset byte offset
     * @param exports the exports
     */
    record FromExports(long offset, List<Export> exports) implements CoreInstanceDef {
        /** Copies the list. */
        public FromExports {
            exports = List.copyOf(exports);
        }
    }

    /**
     * {@code (export "name" (sort idx))}.
     *
     * @param name export name
     * @param sort core sort
     * @param index index in that core index space
     */
    record Export(String name, CoreSort sort, int index) {
        /** Checks nulls. */
        public Export {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(sort, "sort");
        }
    }
}
