package org.wasmcloud4j.component.binary;

/**
 * A {@code valtype} as encoded: a primitive type, or an index into the type index space that must refer to a
 * defined value type.
 */
public sealed interface ValTypeRef permits PrimitiveType, ValTypeRef.Index {

    /**
     * A reference to the type at {@code typeIndex}.
     *
     * @param typeIndex type index (non-negative)
     */
    record Index(int typeIndex) implements ValTypeRef {
        /** Checks the index. */
        public Index {
            if (typeIndex < 0) {
                throw new IllegalArgumentException("negative type index " + typeIndex);
            }
        }
    }
}
