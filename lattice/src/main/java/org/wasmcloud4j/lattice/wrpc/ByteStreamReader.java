package org.wasmcloud4j.lattice.wrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/**
 * A pending {@code stream<u8>} read from its channel as it arrives: each chunk is a u32 LEB128 count and that many
 * bytes, the stream ends with an empty chunk {@code 00}, and the channel then ends (EOF). Bytes are handed to the
 * reader piece by piece as messages arrive; a chunk's claimed count never decides an allocation. A failure (bytes
 * that do not decode, the channel ending inside a chunk or before the end chunk, no data within the idle timeout,
 * the call failed) is an {@link IOException} whose cause is the {@link WrpcTransportException} naming the subject
 * and byte offset. Not thread-safe (one reader).
 */
final class ByteStreamReader extends InputStream {
    private final CallChannels.Counting source;
    private final String subject;
    private final WireInput in;
    private long left;
    private boolean ended;
    private IOException failure;

    ByteStreamReader(ChunkSource channel, String subject, IndexPath path) {
        this.source = new CallChannels.Counting(channel);
        this.subject = subject;
        this.in = new WireInput(source, new ValuePath("stream " + path, path));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            return CallChannels.guard(() -> {
                while (left == 0) {
                    long n = in.readUnsigned(32, "a stream chunk length");
                    if (n == 0) {
                        if (!in.atEnd()) {
                            throw in.error("bytes after the end chunk of the stream", in.offset());
                        }
                        ended = true;
                        return -1;
                    }
                    left = n;
                }
                int k = in.readSome(b, off, (int) Math.min(len, left), "stream bytes (" + left + " more in the chunk)");
                left -= k;
                return k;
            }, subject, source);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new InterruptedIOException("interrupted reading the wRPC stream on " + subject);
            throw failure;
        } catch (WrpcTransportException e) {
            failure = new IOException(e.getMessage(), e);
            throw failure;
        }
    }

    /** Whether the stream's end chunk and EOF were read. */
    boolean ended() {
        return ended;
    }
}
