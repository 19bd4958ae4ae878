package org.wasmcloud4j.component.binary;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The type of a core import or export ({@code core:externtype}). */
public sealed interface CoreExternType
        permits CoreExternType.Func, CoreExternType.Table, CoreExternType.Memory, CoreExternType.Global,
        CoreExternType.Tag {

    /** The core sort of things of this type. */
    CoreSort sort();

    /**
     * A function with the type at {@code typeIndex} of the enclosing core type index space.
     *
     * @param typeIndex core type index
     */
    record Func(int typeIndex) implements CoreExternType {
        @Override
        public CoreSort sort() {
            return CoreSort.FUNC;
        }
    }

    /**
     * A table.
     *
     * @param elementType the reference type of the elements
     * @param min minimum size
     * @param max maximum size, if any
     * @param table64 whether the table is indexed with i64 (memory64 proposal)
     */
    record Table(CoreValType.Ref elementType, long min, OptionalLong max, boolean table64) implements CoreExternType {
        /** Checks nulls. */
        public Table {
            Objects.requireNonNull(elementType, "elementType");
            Objects.requireNonNull(max, "max");
        }

        @Override
        public CoreSort sort() {
            return CoreSort.TABLE;
        }
    }

    /**
     * A linear memory.
     *
     * @param min minimum size in pages
     * @param max maximum size in pages, if any
     * @param shared whether the memory is shared (threads proposal)
     * @param memory64 whether the memory is indexed with i64
     * @param pageSizeLog2 log2 of a custom page size (custom-page-sizes proposal), if given
     */
    record Memory(long min, OptionalLong max, boolean shared, boolean memory64, OptionalInt pageSizeLog2)
            implements CoreExternType {
        /** Checks nulls. */
        public Memory {
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(pageSizeLog2, "pageSizeLog2");
        }

        @Override
        public CoreSort sort() {
            return CoreSort.MEMORY;
        }
    }

    /**
     * A global.
     *
     * @param type value type
     * @param mutable whether the global is mutable
     */
    record Global(CoreValType type, boolean mutable) implements CoreExternType {
        /** Checks nulls. */
        public Global {
            Objects.requireNonNull(type, "type");
        }

        @Override
        public CoreSort sort() {
            return CoreSort.GLOBAL;
        }
    }

    /**
     * An exception tag whose payload is the parameters of the function type at {@code typeIndex}.
     *
     * @param typeIndex core type index
     */
    record Tag(int typeIndex) implements CoreExternType {
        @Override
        public CoreSort sort() {
            return CoreSort.TAG;
        }
    }
}
