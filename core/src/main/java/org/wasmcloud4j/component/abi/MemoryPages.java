package org.wasmcloud4j.component.abi;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Zero-copy access to the pages of a linear memory, for the hot paths that move bytes out of a guest (string lifting,
 * stream writes). Chicory 1.7.5's {@link Memory} has no "read into my buffer" call, so this reads the 64 KiB pages of a
 * {@link ByteArrayMemory} (the memory the runtime creates for every instance) through its private field. When that
 * field is absent — another Chicory version or another memory implementation — every method falls back to
 * {@link Memory#readBytes}, which is correct but costs a copy.
 *
 * <p>Callers check bounds first: these methods assume {@code [ptr, ptr + len)} lies within the memory.
 */
public final class MemoryPages {
    private static final int PAGE_SHIFT = 16;
    private static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    private static final VarHandle PAGES = pagesField();

    private MemoryPages() {
    }

    private static VarHandle pagesField() {
        try {
            return MethodHandles.privateLookupIn(ByteArrayMemory.class, MethodHandles.lookup())
                    .findVarHandle(ByteArrayMemory.class, "pages", byte[][].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether pages are read directly on this Chicory version (false means the slower, still correct, fallback). */
    static boolean direct() {
        return PAGES != null;
    }

    /**
     * The page array holding {@code [ptr, ptr + len)} when that range lies within one page and the pages are
     * accessible; {@code null} otherwise. Offset {@code ptr & 0xFFFF} of the page is byte {@code ptr}.
     */
    static byte[] page(Memory m, int ptr, int len) {
        if (m instanceof TrackedMemory t) {
            m = t.inner();   // reading: the memory inside
        }
        if (PAGES != null && m instanceof ByteArrayMemory bam && (ptr & (PAGE_SIZE - 1)) + len <= PAGE_SIZE) {
            return ((byte[][]) PAGES.get(bam))[ptr >>> PAGE_SHIFT];
        }
        return null;
    }

    /**
     * Writes {@code len} bytes of guest memory at {@code ptr} to {@code out}, straight from the pages where possible.
     * {@code out} sees arrays that belong to the guest's memory: like every {@link OutputStream}, it must not keep
     * them after {@code write} returns.
     */
    public static void writeTo(Memory m, int ptr, int len, OutputStream out) throws IOException {
        if (m instanceof TrackedMemory t) {
            m = t.inner();   // reading: the memory inside
        }
        if (PAGES == null || !(m instanceof ByteArrayMemory bam)) {
            out.write(m.readBytes(ptr, len));
            return;
        }
        byte[][] pages = (byte[][]) PAGES.get(bam);
        while (len > 0) {
            int offset = ptr & (PAGE_SIZE - 1);
            int n = Math.min(len, PAGE_SIZE - offset);
            out.write(pages[ptr >>> PAGE_SHIFT], offset, n);
            ptr += n;
            len -= n;
        }
    }
}
