package org.wasmcloud4j.component.binary;

/**
 * A component-level sort ({@code sort}): either a core sort (binary {@code 0x00 cs}) or one of the component sorts.
 */
public enum Sort {
    /** {@code core func}. */
    CORE_FUNC(CoreSort.FUNC),
    /** {@code core table}. */
    CORE_TABLE(CoreSort.TABLE),
    /** {@code core memory}. */
    CORE_MEMORY(CoreSort.MEMORY),
    /** {@code core global}. */
    CORE_GLOBAL(CoreSort.GLOBAL),
    /** {@code core tag}. */
    CORE_TAG(CoreSort.TAG),
    /** {@code core type}. */
    CORE_TYPE(CoreSort.TYPE),
    /** {@code core module}. */
    CORE_MODULE(CoreSort.MODULE),
    /** {@code core instance}. */
    CORE_INSTANCE(CoreSort.INSTANCE),
    /** {@code func}, code 0x01. */
    FUNC(null),
    /** {@code value}, code 0x02 (a gated feature; decoded, not supported by the runtime). */
    VALUE(null),
    /** {@code type}, code 0x03. */
    TYPE(null),
    /** {@code component}, code 0x04. */
    COMPONENT(null),
    /** {@code instance}, code 0x05. */
    INSTANCE(null);

    private final CoreSort core;

    Sort(CoreSort core) {
        this.core = core;
    }

    /** Whether this is a {@code core} sort. */
    public boolean isCore() {
        return core != null;
    }

    /** The core sort, or {@code null} when this is not a core sort. */
    public CoreSort coreSort() {
        return core;
    }

    /** The component sort wrapping {@code core}. */
    public static Sort of(CoreSort core) {
        switch (core) {
            case FUNC: return CORE_FUNC;
            case TABLE: return CORE_TABLE;
            case MEMORY: return CORE_MEMORY;
            case GLOBAL: return CORE_GLOBAL;
            case TAG: return CORE_TAG;
            case TYPE: return CORE_TYPE;
            case MODULE: return CORE_MODULE;
            default: return CORE_INSTANCE;
        }
    }
}
