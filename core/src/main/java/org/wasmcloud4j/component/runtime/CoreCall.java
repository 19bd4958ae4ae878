package org.wasmcloud4j.component.runtime;

import com.dylibso.chicory.runtime.Memory;
import org.wasmcloud4j.component.abi.CallScope;
import org.wasmcloud4j.component.abi.HandleTable;
import org.wasmcloud4j.component.abi.ResourceHandle;

/**
 * One call of a {@link CoreHostFunction}: the core arguments, bounds-checked access to the calling component's
 * linear memory, and its handle table. Valid only during the call.
 */
public final class CoreCall {
    private final long[] args;
    private final Memory memory;
    private final HandleTable handles;
    private final CallScope scope;

    CoreCall(long[] args, Memory memory, HandleTable handles, CallScope scope) {
        this.args = args;
        this.memory = memory;
        this.handles = handles;
        this.scope = scope;
    }

    /** Core argument {@code i}. */
    public long arg(int i) {
        if (i < 0 || i >= args.length) {
            throw new Trap("core argument " + i + " requested, the call has " + args.length);
        }
        return args[i];
    }

    /** Core argument {@code i} as an unsigned 32-bit pointer or length. */
    public long u32(int i) {
        return arg(i) & 0xffff_ffffL;
    }

    /** The bytes {@code [ptr, ptr + len)} of the caller's memory (copied). */
    public byte[] readBytes(long ptr, long len) {
        check(ptr, len, 1);
        return memory().readBytes((int) ptr, (int) len);
    }

    /**
     * Writes the bytes {@code [ptr, ptr + len)} of the caller's memory to {@code out} without copying them first
     * where the memory allows; {@code out} must not keep the arrays it is given.
     */
    public void writeTo(long ptr, long len, java.io.OutputStream out) throws java.io.IOException {
        check(ptr, len, 1);
        org.wasmcloud4j.component.abi.MemoryPages.writeTo(memory(), (int) ptr, (int) len, out);
    }

    /** Writes one byte. */
    public void writeU8(long ptr, int value) {
        check(ptr, 1, 1);
        memory().writeByte((int) ptr, (byte) value);
    }

    /** Writes a 32-bit value (4-byte aligned). */
    public void writeI32(long ptr, int value) {
        check(ptr, 4, 4);
        memory().writeI32((int) ptr, value);
    }

    /** Writes a 64-bit value (8-byte aligned). */
    public void writeI64(long ptr, long value) {
        check(ptr, 8, 8);
        memory().writeLong((int) ptr, value);
    }

    /** Lifts a {@code borrow<R>} handle index of the caller; the handle is lent for this call. */
    public ResourceHandle borrow(long index) {
        return handles.liftBorrowAny(index & 0xffff_ffffL, scope);
    }

    /** Lowers an owned handle into the caller's table (moving it); returns the handle index. */
    public int lowerOwn(ResourceHandle handle) {
        return handles.lowerOwn(handle);
    }

    private Memory memory() {
        if (memory == null) {
            throw new Trap("canonical option 'memory' is required by this function");
        }
        return memory;
    }

    private void check(long ptr, long len, int align) {
        long size = (long) memory().pages() * Memory.PAGE_SIZE;
        if (ptr % align != 0) {
            throw new Trap("pointer " + ptr + " is not aligned to " + align);
        }
        if (ptr < 0 || len < 0 || ptr + len > size) {
            throw new Trap("[" + ptr + ", " + (ptr + len) + ") is outside linear memory of " + size + " bytes");
        }
    }
}
