package org.wasmcloud4j.component.abi;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Memory;
import java.util.Map;
import java.util.Objects;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.types.HandleType;

/**
 * The canonical options of one lift or lower: the guest's linear memory, its {@code realloc}, and the string
 * encoding. Every access is bounds- and alignment-checked and traps with a message naming the address.
 */
public final class GuestMemory {
    private final Memory memory;
    private final ExportFunction realloc;
    private final StringEncoding encoding;
    private final HandleTable handles;
    private final CallScope scope;
    private final Object self;
    private final Map<HandleType, ResourceRuntimeType> expected;

    /**
     * @param memory the guest memory ({@code null} when the function needs none)
     * @param realloc the guest's {@code cabi_realloc} ({@code null} when the function needs none)
     * @param encoding the string encoding
     */
    public GuestMemory(Memory memory, ExportFunction realloc, StringEncoding encoding) {
        this(memory, realloc, encoding, null, null, null);
    }

    /**
     * Canonical options plus what resource handles need: the component instance's handle table, the call's scope
     * for borrows, and the instance itself (a borrow of its own resource is passed as the representation).
     *
     * @param handles the instance's handle table ({@code null} when no handle can occur)
     * @param scope the call's borrow scope
     * @param self the instance, compared with {@link ResourceRuntimeType#owner()}
     */
    public GuestMemory(Memory memory, ExportFunction realloc, StringEncoding encoding, HandleTable handles,
            CallScope scope, Object self) {
        this(memory, realloc, encoding, handles, scope, self, Map.of());
    }

    /**
     * As {@link #GuestMemory(Memory, ExportFunction, StringEncoding, HandleTable, CallScope, Object)}, with the
     * run-time resource type each handle type of the signature stands for: a handle of another type crossing the
     * boundary traps. Handle types absent from {@code expected} are not checked here.
     */
    public GuestMemory(Memory memory, ExportFunction realloc, StringEncoding encoding, HandleTable handles,
            CallScope scope, Object self, Map<HandleType, ResourceRuntimeType> expected) {
        this.expected = Objects.requireNonNull(expected, "expected");
        this.memory = memory;
        this.realloc = realloc;
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.handles = handles;
        this.scope = scope;
        this.self = self;
    }

    HandleTable handles() {
        if (handles == null) {
            throw new Trap("resource handles cannot be passed here (no handle table)");
        }
        return handles;
    }

    CallScope scope() {
        return scope;
    }

    Object self() {
        return self;
    }

    /** The run-time type {@code h} stands for, or {@code null} when it is not tracked. */
    ResourceRuntimeType expected(HandleType h) {
        return expected.isEmpty() ? null : expected.get(h);
    }

    /** The string encoding. */
    public StringEncoding encoding() {
        return encoding;
    }

    Memory memory() {
        if (memory == null) {
            throw new Trap("canonical option 'memory' is required to pass this value");
        }
        return memory;
    }

    /** Size of the memory in bytes. */
    long size() {
        return (long) memory().pages() * Memory.PAGE_SIZE;
    }

    /** Traps unless {@code [ptr, ptr + length)} lies inside memory and {@code ptr} is aligned. */
    /** Traps unless the range is inside memory and aligned; {@code what + subject} names it in the message. */
    void check(long ptr, long length, int alignment, String what, Object subject) {
        if (ptr % alignment != 0 || ptr < 0 || length < 0 || ptr + length > size()) {
            check(ptr, length, alignment, subject == null ? what : what + subject);
        }
    }

    void check(long ptr, long length, int alignment, String what) {
        if (ptr % alignment != 0) {
            throw new Trap(what + " pointer " + Long.toUnsignedString(ptr) + " is not aligned to " + alignment);
        }
        if (ptr < 0 || length < 0 || ptr + length > size()) {
            throw new Trap(what + " [" + ptr + ", " + (ptr + length) + ") is outside linear memory of " + size()
                    + " bytes");
        }
    }

    /** Calls {@code realloc(0, 0, alignment, size)} and checks the returned pointer. */
    int allocate(int alignment, long size, String what) {
        return allocate(alignment, size, what, null);
    }

    /** As {@link #allocate(int, long, String)}; {@code what + subject} is only built for an error message. */
    int allocate(int alignment, long size, String what, Object subject) {
        if (realloc == null) {
            throw new Trap("canonical option 'realloc' is required to pass " + describe(what, subject));
        }
        if (size > 0xffff_ffffL) {
            throw new Trap(describe(what, subject) + " of " + size + " bytes does not fit in a 32-bit memory");
        }
        long ptr = realloc.apply(0, 0, alignment, (int) size)[0] & 0xffff_ffffL;
        check(ptr, size, alignment, "realloc result for ", new Object() {
            @Override
            public String toString() {
                return describe(what, subject);
            }
        });
        return (int) ptr;
    }

    private static String describe(String what, Object subject) {
        return subject == null ? what : what + subject;
    }
}
