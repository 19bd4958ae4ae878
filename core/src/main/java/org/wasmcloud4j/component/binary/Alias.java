package org.wasmcloud4j.component.binary;

import java.util.Objects;

/** An alias definition or declaration. */
public sealed interface Alias extends Decl permits Alias.InstanceExport, Alias.CoreInstanceExport, Alias.Outer {
    /** The sort of the aliased definition (the index space that grows). */
    Sort sort();

    /**
     * {@code (alias export i "name" (sort))}.
     *
     * @param offset byte offset of the sort
     * @param sort sort of the export
     * @param instanceIndex component instance index
     * @param name export name
     */
    record InstanceExport(long offset, Sort sort, int instanceIndex, String name) implements Alias {
        /** Checks nulls. */
        public InstanceExport {
            Objects.requireNonNull(sort, "sort");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * {@code (alias core export i "name" (core sort))}.
     *
     * @param offset byte offset of the sort
     * @param coreSort core sort of the export
     * @param coreInstanceIndex core instance index
     * @param name export name
     */
    record CoreInstanceExport(long offset, CoreSort coreSort, int coreInstanceIndex, String name) implements Alias {
        /** Checks nulls. */
        public CoreInstanceExport {
            Objects.requireNonNull(coreSort, "coreSort");
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Sort sort() {
            return Sort.of(coreSort);
        }
    }

    /**
     * {@code (alias outer count index (sort))}; sort is one of core type, core module, type, component.
     *
     * @param offset byte offset of the sort
     * @param sort sort
     * @param count number of enclosing scopes to go out
     * @param index index in that scope's index space
     */
    record Outer(long offset, Sort sort, int count, int index) implements Alias {
        /** Checks nulls. */
        public Outer {
            Objects.requireNonNull(sort, "sort");
        }
    }
}
