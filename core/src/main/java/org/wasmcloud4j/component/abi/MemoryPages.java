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

    /** Restores compare in blocks of this size and write only the blocks that differ. */
    private static final int BLOCK = 4096;

    /**
     * Makes the contents of {@code m} equal to {@code image} (exactly {@code m}'s size): compares block by block and
     * writes only the blocks that differ — after a typical call most of a memory is as it was, and comparing is
     * cheaper than writing.
     */
    public static void restore(Memory m, byte[] image) {
        if (m instanceof TrackedMemory t && PAGES != null) {
            restoreWritten(t, image);
            return;
        }
        if (PAGES == null || !(m instanceof ByteArrayMemory bam)) {
            m.write(0, image, 0, image.length);
            return;
        }
        byte[][] pages = (byte[][]) PAGES.get(bam);
        for (int p = 0; p < pages.length && p << PAGE_SHIFT < image.length; p++) {
            byte[] page = pages[p];
            int base = p << PAGE_SHIFT;
            if (page == null) {   // not materialised (if Chicory ever allocates lazily): let it write
                m.write(base, image, base, Math.min(PAGE_SIZE, image.length - base));
                continue;
            }
            for (int off = 0; off < PAGE_SIZE; off += BLOCK) {
                if (!java.util.Arrays.equals(page, off, off + BLOCK, image, base + off, base + off + BLOCK)) {
                    System.arraycopy(image, base + off, page, off, BLOCK);
                }
            }
        }
    }

    /** Copies back from {@code image} the blocks written since {@code t} was last cleaned, and cleans it. */
    private static void restoreWritten(TrackedMemory t, byte[] image) {
        byte[][] pages = (byte[][]) PAGES.get(t.inner());
        long[] dirty = t.dirty;
        int blockSize = 1 << TrackedMemory.BLOCK_SHIFT;
        for (int w = 0; w < dirty.length; w++) {
            long bits = dirty[w];
            while (bits != 0) {
                int block = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                int addr = block << TrackedMemory.BLOCK_SHIFT;
                if (addr >= image.length) {
                    continue;   // beyond the image: the memory grew, and the caller refuses that before this
                }
                byte[] page = pages[addr >>> PAGE_SHIFT];
                if (page == null) {
                    t.inner().write(addr, image, addr, blockSize);
                } else {
                    System.arraycopy(image, addr, page, addr & (PAGE_SIZE - 1), blockSize);
                }
            }
            dirty[w] = 0;
        }
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
