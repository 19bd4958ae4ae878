package org.wasmcloud4j.lattice.wrpc;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.value.Value;

/**
 * A pending {@code stream<T>} (T not {@code u8}) read from its channel as its chunks arrive: {@link #hasNext()} waits
 * for the next chunk when the last one is used up, and is false after the end chunk and the channel's end. Element
 * indices count across chunks. A failure (a chunk that does not decode as elements of T, the channel ending before the
 * end chunk or going on after it, no data within the idle timeout, the call failed, elements with streams or futures
 * of their own) is a {@link WrpcTransportException} naming the subject and byte offset, thrown by {@code hasNext} and
 * {@code next} from then on. A chunk's claimed count never decides an allocation: elements are decoded from bytes that
 * arrived. Not thread-safe (one reader).
 */
final class ElementStreamReader implements Iterator<Value> {
    private final CallChannels.Counting source;
    private final String subject;
    private final WrpcDecoder decoder;
    private final StreamType type;
    private final IndexPath path;
    private final ArrayDeque<Value> ready = new ArrayDeque<>();
    private long index;
    private boolean ended;
    private WrpcTransportException failure;

    ElementStreamReader(WrpcCodec codec, ChunkSource channel, String subject, StreamType type, IndexPath path) {
        this.source = new CallChannels.Counting(channel);
        this.subject = subject;
        this.decoder = codec.decoder(source);
        this.type = type;
        this.path = path;
    }

    @Override
    public boolean hasNext() {
        if (failure != null) {
            throw failure;
        }
        try {
            while (ready.isEmpty() && !ended) {
                StreamChunk c = CallChannels.guard(() -> decoder.readStreamChunk(type, path, index), subject, source);
                if (!c.pending().isEmpty()) {
                    throw new WrpcTransportException("stream elements with streams or futures of their own are not "
                            + "supported by an element reader", subject, source.bytes, null);
                }
                if (c.isEnd()) {
                    CallChannels.guard(() -> {
                        decoder.requireEnd();
                        return null;
                    }, subject, source);
                    ended = true;
                } else {
                    ready.addAll(c.elements());
                    index += c.elements().size();
                }
            }
            return !ready.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = new WrpcTransportException("interrupted reading the stream", subject, source.bytes, e);
            throw failure;
        } catch (WrpcTransportException e) {
            failure = e;
            throw e;
        }
    }

    @Override
    public Value next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stream on " + subject + " has ended");
        }
        return ready.poll();
    }

    /** Whether the end chunk and EOF were read. */
    boolean ended() {
        return ended;
    }
}
