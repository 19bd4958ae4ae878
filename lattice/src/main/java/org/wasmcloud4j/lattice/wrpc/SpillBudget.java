package org.wasmcloud4j.lattice.wrpc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Disk room for the unread bytes of streaming calls, shared by all calls of one {@link WrpcClient} or
 * {@link WrpcServer}. wRPC over NATS has no flow control: a peer sends a stream as fast as it can, and a reader that
 * is slower (a guest copying 1 MiB per call) would otherwise make the call fail once {@code maxBufferedBytes} are
 * unread. Past that bound a {@link ChannelDemux} appends the stream's chunks to a file here instead, and its reader
 * takes them back in order; the total on disk is bounded by {@code maxBytes} across all calls, so a peer cannot fill
 * the disk either, and each call uses one file for all its channels, at most {@value #MAX_OPEN_FILES} at once, so it
 * cannot use up file descriptors either. Files are unlinked as soon as they are opened (nothing is left behind, even
 * by a crash) and closed when their call ends.
 */
final class SpillBudget {
    /** The disk room of a client or server by default: 1 GiB. */
    static final long DEFAULT_MAX_BYTES = 1L << 30;
    /** The most spill files open at once (one per call that spills): file descriptors stay bounded too. */
    static final int MAX_OPEN_FILES = 256;

    private final Path directory;
    private final long maxBytes;
    private final AtomicLong used = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();

    SpillBudget(Path directory, long maxBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
    }

    /** The default: the system's temporary directory, {@link #DEFAULT_MAX_BYTES}. */
    static SpillBudget defaults() {
        return new SpillBudget(Path.of(System.getProperty("java.io.tmpdir")), DEFAULT_MAX_BYTES);
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Bytes on disk now, over all calls. */
    long used() {
        return used.get();
    }

    /** Takes room for {@code n} bytes; false (nothing taken) when that would pass {@code maxBytes}. */
    boolean reserve(long n) {
        while (true) {
            long u = used.get();
            if (u + n > maxBytes) {
                return false;
            }
            if (used.compareAndSet(u, u + n)) {
                return true;
            }
        }
    }

    void release(long n) {
        used.addAndGet(-n);
    }

    /** Spill files open now. */
    int openFiles() {
        return open.get();
    }

    /**
     * A new, already unlinked, read-write file; give it back with {@link #closed}.
     *
     * @throws IOException also when {@link #MAX_OPEN_FILES} are open already
     */
    FileChannel open() throws IOException {
        if (open.incrementAndGet() > MAX_OPEN_FILES) {
            open.decrementAndGet();
            throw new IOException(MAX_OPEN_FILES + " calls keep unread stream data on disk already");
        }
        try {
            return create();
        } catch (IOException | RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
    }

    /** Closes a file {@link #open} gave. */
    void closed(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            // unlinked already: nothing is left behind
        } finally {
            open.decrementAndGet();
        }
    }

    private FileChannel create() throws IOException {
        Files.createDirectories(directory);
        Path p = Files.createTempFile(directory, "wasmcloud4j-wrpc-", ".spill");
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.DELETE_ON_CLOSE);
        try {
            Files.deleteIfExists(p);   // POSIX: the open file stays usable, and nothing is left if the JVM dies
        } catch (IOException e) {
            // DELETE_ON_CLOSE removes it instead
        }
        return ch;
    }
}
