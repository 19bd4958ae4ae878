package org.wasmcloud4j.lattice.wrpc;

import java.util.List;
import java.util.Objects;

/**
 * Encoded values: the bytes for their channel, and the async values written as pending, whose content the sender
 * owes on their own channels.
 */
public final class Encoded {
    private final byte[] bytes;
    private final List<AsyncPart> async;

    Encoded(byte[] bytes, List<AsyncPart> async) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.async = List.copyOf(async);
    }

    /** The encoded bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of encoded bytes. */
    public int length() {
        return bytes.length;
    }

    /** The encoded bytes, not to be changed (no copy; for the transport). */
    byte[] array() {
        return bytes;
    }

    /** The pending async values, in encoding order. */
    public List<AsyncPart> async() {
        return async;
    }
}
