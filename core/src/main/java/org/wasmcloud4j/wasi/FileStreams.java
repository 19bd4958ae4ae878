package org.wasmcloud4j.wasi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The streams of {@code read-via-stream}, {@code write-via-stream} and {@code append-via-stream}: positional reads
 * and writes on the descriptor's own open channel. They open nothing, so a dropped stream leaves nothing open, and
 * they reach exactly the file the descriptor opened.
 */
final class FileStreams {
    private FileStreams() {}

    /** Reads from {@code offset} on. */
    static final class Input extends InputSource {
        private final FileChannel ch;
        private long position;

        Input(FileChannel ch, long offset) {
            this.ch = ch;
            this.position = offset;
        }

        @Override
        byte[] read(int max, boolean block) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(max);
            int n = ch.read(buf, position);
            if (n < 0) {
                return EOF;
            }
            position += n;
            return Arrays.copyOf(buf.array(), n);
        }

        @Override
        boolean ready() {
            return true;
        }

        @Override
        void awaitReady() {
        }
    }

    /** Writes from {@code offset} on, or at the end ({@code append}); no write makes the file exceed {@code limit}. */
    static final class Output extends OutputStream {
        private final FileChannel ch;
        private final boolean append;
        private final long limit;
        private long position;

        Output(FileChannel ch, long offset, boolean append, long limit) {
            this.ch = ch;
            this.position = offset;
            this.append = append;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long at = append ? ch.size() : position;
            if (len > 0 && (at < 0 || at > limit - len)) {
                throw new FsError.AsIo(new FsError("file-too-large", "writing " + len + " bytes at " + at
                        + " passes the preopen's limit of " + limit + " bytes"));
            }
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
            position = at;
        }
    }
}
