package org.wasmcloud4j.lattice.wrpc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

/**
 * Splits the messages of one side of a call ({@code R.params…} or {@code R.results…}) into its channels: the
 * synchronous channel on the base subject itself, and one channel per async value on
 * {@code base + "." + index} ({@code R.params.0.1}). Each channel is a {@link ChunkSource} for a
 * {@link WrpcDecoder}; an empty message ends a channel. Messages may arrive for a channel before its reader knows
 * it exists (a pending stream's chunks can overtake the bytes that announce it), so they are buffered, within
 * {@code maxBufferedBytes} for the whole call: a peer that sends more than that without it being read fails the
 * call (a slow or hostile peer cannot grow memory without bound). A reader that waits longer than the idle timeout
 * for its next chunk fails with a {@link WrpcException} naming the subject. Only index paths the types can carry an
 * async value at are accepted. Thread-safe: the transport delivers from its dispatcher thread while decoders read
 * from theirs. Pure Java: the NATS transport feeds it.
 */
public final class ChannelDemux {
    /** What a channel costs against the buffer budget (its bookkeeping), in bytes. */
    static final int CHANNEL_COST = 64;

    private final String base;
    /** {@code base + "."}: the prefix of every async channel's subject (made when first needed). */
    private String basePrefix;
    private final List<String> patterns;
    private final long maxBufferedBytes;
    private final long idleTimeoutNanos;
    /** The async channels (made when the first one is): most calls have none. */
    private Map<IndexPath, Channel> channels;
    /** The synchronous channel, once it exists (not in {@code channels}). */
    private Channel rootChannel;
    private long buffered;
    /** Bytes delivered on all channels so far, read or not. */
    private long received;
    /** Most bytes the whole call may deliver ({@link #limitTotal}); unlimited for calls that stream. */
    private long totalLimit = Long.MAX_VALUE;
    private WrpcException failure;
    /** Run (off the lock) with whether data came, when the root channel's next message arrives; see onRootEnd. */
    private java.util.function.Consumer<Boolean> rootOnEnd;
    /** Readers are woken when their channel ends (or the call fails), not at each chunk; see wakeReadersAtEnd. */
    private boolean wakeAtEnd;

    private static final class Channel {
        final ArrayDeque<byte[]> chunks = new ArrayDeque<>(3);   // most channels carry a chunk or two
        boolean ended;
        boolean readerSawEnd;
        /** When the channel was made or its last message came (nanoTime); wake-at-end mode's timeout counts from it. */
        long lastArrival = System.nanoTime();
        /** Set when a reader waiting for the end timed out: it gets the chunks that came, then the timeout. */
        boolean idle;
        /** Chunks past the memory bound, in order after every chunk in {@code chunks}: their offsets in the file. */
        final ArrayDeque<long[]> onDisk = new ArrayDeque<>(1);   // grows only for calls that spill
    }

    /** Disk room for unread chunks of async channels past {@code maxBufferedBytes} (streaming calls); null: none. */
    private SpillBudget spill;
    /** Bytes of this call on disk, not read yet (all of them reserved in {@link #spill}). */
    private long spilled;
    /** The call's one spill file, for all its channels (so a peer opening many channels opens no more files). */
    private java.nio.channels.FileChannel spillFile;
    private long spillEnd;

    /**
     * @param base the side's subject, e.g. {@code _INBOX.abc.def.results}
     * @param types the parameter or result types (value {@code i} has index {@code [i]})
     * @param maxBufferedBytes most bytes held for all channels before they are read (each channel also counts
     *     64 bytes)
     * @param idleTimeout longest wait of a reader for its next chunk
     */
    public ChannelDemux(String base, List<? extends ValType> types, long maxBufferedBytes, Duration idleTimeout) {
        this.base = Objects.requireNonNull(base, "base");
        if (maxBufferedBytes <= 0) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive");
        }
        this.patterns = asyncPatterns(types);
        this.maxBufferedBytes = maxBufferedBytes;
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /**
     * The index patterns at which values of {@code types} can carry async values, as subject suffixes: {@code "0.1"}
     * for a record field, {@code "1.*"} for async values inside list or stream elements (any position). These are
     * the subjects a side subscribes to besides its base subject.
     */
    public static List<String> asyncPatterns(List<? extends ValType> types) {
        boolean any = false;
        for (ValType t : types) {
            any |= mayBeAsync(t);
        }
        if (!any) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < types.size(); i++) {
            collect(types.get(i), String.valueOf(i), out);
        }
        return List.copyOf(out);
    }

    /** A quick check without allocating: false when no stream or future can be inside a value of {@code type}. */
    private static boolean mayBeAsync(ValType type) {
        ValType t = type.unwrap();
        return !(t instanceof PrimitiveType || t instanceof EnumType || t instanceof FlagsType || t instanceof HandleType);
    }

    /** {@code base + "."}. */
    private String basePrefix() {
        String p = basePrefix;
        if (p == null) {
            p = base + ".";
            basePrefix = p;
        }
        return p;
    }

    private static void collect(ValType type, String path, Set<String> out) {
        ValType t = type.unwrap();
        if (t instanceof StreamType s) {
            out.add(path);
            s.element().ifPresent(e -> collect(e, path + ".*", out));
        } else if (t instanceof FutureType f) {
            out.add(path);
            f.element().ifPresent(e -> collect(e, path, out));
        } else if (t instanceof ListType l) {
            collect(l.element(), path + ".*", out);
        } else if (t instanceof OptionType o) {
            collect(o.some(), path, out);
        } else if (t instanceof ResultType r) {
            r.ok().ifPresent(e -> collect(e, path, out));
            r.err().ifPresent(e -> collect(e, path, out));
        } else if (t instanceof VariantType v) {
            v.cases().forEach(c -> c.type().ifPresent(e -> collect(e, path, out)));
        } else if (t instanceof RecordType r) {
            for (int i = 0; i < r.fields().size(); i++) {
                collect(r.fields().get(i).type(), path + "." + i, out);
            }
        } else if (t instanceof TupleType tt) {
            for (int i = 0; i < tt.elements().size(); i++) {
                collect(tt.elements().get(i), path + "." + i, out);
            }
        }
    }

    /** The subject of the channel at {@code path}: the base for the root, else {@code base.i.j…}. */
    public String subject(IndexPath path) {
        return path.length() == 0 ? base : basePrefix() + path;
    }

    /**
     * The index path a subject names, if it is this side's base subject or an async channel the types allow.
     *
     * @return the path, or {@code null} if the subject is not one of this side's channels
     */
    public IndexPath pathOf(String subject) {
        if (subject.equals(base)) {
            return IndexPath.root();
        }
        if (patterns.isEmpty() || !subject.startsWith(basePrefix())) {
            return null;
        }
        String[] tokens = subject.substring(basePrefix().length()).split("\\.", -1);
        long[] indices = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String tok = tokens[i];
            if (tok.isEmpty() || tok.length() > 10 || !tok.chars().allMatch(c -> c >= '0' && c <= '9')
                    || tok.length() > 1 && tok.charAt(0) == '0') {
                return null;
            }
            indices[i] = Long.parseLong(tok);
            if (indices[i] > 0xffff_ffffL) {
                return null;
            }
        }
        for (String p : patterns) {
            if (matches(p.split("\\."), tokens)) {
                return IndexPath.of(indices);
            }
        }
        return null;
    }

    private static boolean matches(String[] pattern, String[] tokens) {
        if (pattern.length != tokens.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(tokens[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Delivers one message. An empty payload ends its channel.
     *
     * @return {@code false} if the subject is not one of this side's channels (the message is ignored)
     * @throws WrpcException if the call has failed: more than {@code maxBufferedBytes} unread, or data after a
     *     channel's end (the call is failed for its readers too)
     */
    public boolean deliver(String subject, byte[] payload) {
        try {
            return deliver0(subject, payload);
        } finally {
            java.util.function.Consumer<Boolean> cb = takeRootOnEnd(subject, payload);
            if (cb != null) {
                cb.accept(payload != null && payload.length > 0);
            }
        }
    }

    private synchronized java.util.function.Consumer<Boolean> takeRootOnEnd(String subject, byte[] payload) {
        if (rootOnEnd == null || !(failure != null || subject.equals(base))) {
            return null;
        }
        java.util.function.Consumer<Boolean> cb = rootOnEnd;
        rootOnEnd = null;
        boolean failed = failure != null;
        return extra -> cb.accept(extra || failed);
    }

    /**
     * Hands the check that the root channel ends to the delivering thread: {@code onEnd} runs with {@code false}
     * when its next message is the EOF, with {@code true} when data came instead (extra bytes) or the call failed.
     *
     * @return {@code false} (nothing registered) when a message is already queued on the root channel, the channel
     *     has ended, or the call has failed: the caller checks at once without waiting
     */
    synchronized boolean onRootEnd(java.util.function.Consumer<Boolean> onEnd) {
        Channel c = rootChannel;
        if (failure != null || c != null && (c.ended || !c.chunks.isEmpty() || !c.onDisk.isEmpty())) {
            return false;
        }
        rootOnEnd = onEnd;
        return true;
    }

    /** Takes back the callback of {@link #onRootEnd} if it has not run (a timeout): null if it has. */
    synchronized java.util.function.Consumer<Boolean> cancelRootOnEnd() {
        java.util.function.Consumer<Boolean> cb = rootOnEnd;
        rootOnEnd = null;
        return cb;
    }

    private synchronized boolean deliver0(String subject, byte[] payload) {
        IndexPath path = pathOf(subject);
        if (path == null) {
            return false;
        }
        if (failure != null) {
            throw failure;
        }
        Channel c = find(path);
        if (c == null) {
            // each channel counts against the budget too, so empty messages on many subjects cannot grow the map;
            // with memory full of a stream's chunks, a streaming call counts it against its disk room instead
            if (buffered + CHANNEL_COST <= maxBufferedBytes) {
                buffered += CHANNEL_COST;
            } else if (spill != null && totalLimit == Long.MAX_VALUE && spill.reserve(CHANNEL_COST)) {
                spilled += CHANNEL_COST;   // given back with the rest when the call ends
            } else {
                throw fail(new WrpcException("wRPC peer opened more channels than " + maxBufferedBytes
                        + " buffered bytes allow (at " + subject + ")"));
            }
            c = create(path);
        }
        if (c.ended) {
            throw fail(new WrpcException("wRPC peer sent data on " + subject + " after its end"));
        }
        if (payload == null || payload.length == 0) {
            c.ended = true;
        } else if (!c.onDisk.isEmpty() || buffered + payload.length > maxBufferedBytes
                && spill != null && path.length() > 0 && totalLimit == Long.MAX_VALUE) {
            spillChunk(c, payload, subject);   // behind what is on disk already, or past the memory bound
            received += payload.length;
        } else {
            if (buffered + payload.length > maxBufferedBytes) {
                throw fail(new WrpcException("wRPC peer sent more than " + maxBufferedBytes
                        + (wakeAtEnd ? " bytes for one call" : " bytes that were not read yet") + " (on " + subject
                        + ")"));   // a call read at its end holds all it gets
            }
            if (received + payload.length > totalLimit) {
                throw fail(new WrpcException("wRPC peer sent more than " + totalLimit + " bytes for one call (on "
                        + subject + ")"));
            }
            buffered += payload.length;
            received += payload.length;
            c.chunks.add(payload);
        }
        if (!wakeAtEnd || c.ended) {
            notifyAll();
        } else {
            c.lastArrival = System.nanoTime();
        }
        return true;
    }

    private Channel find(IndexPath path) {
        if (path.length() == 0) {
            return rootChannel;
        }
        return channels == null ? null : channels.get(path);
    }

    private Channel create(IndexPath path) {
        Channel c = new Channel();
        if (path.length() == 0) {
            rootChannel = c;
        } else {
            if (channels == null) {
                channels = new HashMap<>();
            }
            channels.put(path, c);
        }
        return c;
    }

    /**
     * Lets unread chunks of async channels go to disk past {@code maxBufferedBytes}, within {@code budget}: for calls
     * whose streams are read as they flow (their memory stays bounded, a slow reader no longer fails the call).
     * Calls with a {@link #limitTotal} never spill.
     */
    synchronized void spillTo(SpillBudget budget) {
        this.spill = Objects.requireNonNull(budget, "budget");
    }

    /** Appends {@code payload} to the call's spill file, as {@code c}'s next chunk (caller holds the lock). */
    private void spillChunk(Channel c, byte[] payload, String subject) {
        if (!spill.reserve(payload.length)) {
            throw fail(new WrpcException("wRPC peer sent more than " + maxBufferedBytes + " bytes that were not read "
                    + "yet, and the " + spill.maxBytes() + " bytes of disk for unread stream data are taken (on "
                    + subject + ")"));
        }
        spilled += payload.length;
        try {
            if (spillFile == null) {
                spillFile = spill.open();   // refuses past the budget's open-file limit
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(payload);
            long at = spillEnd;
            while (b.hasRemaining()) {
                spillEnd += spillFile.write(b, spillEnd);
            }
            c.onDisk.addLast(new long[] {at, payload.length});
        } catch (java.io.IOException e) {
            throw fail(new WrpcException("cannot keep unread wRPC stream data on disk (on " + subject + "): " + e, e));
        }
    }

    /** The oldest of {@code c}'s chunks on disk (caller holds the lock; it has one). */
    private byte[] unspill(Channel c, String subject) {
        long[] seg = c.onDisk.removeFirst();
        byte[] chunk = new byte[(int) seg[1]];
        try {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(chunk);
            while (b.hasRemaining()) {
                if (spillFile.read(b, seg[0] + b.position()) < 0) {
                    throw new java.io.EOFException("the spill file ended early");
                }
            }
            spilled -= chunk.length;
            spill.release(chunk.length);
            if (spilled == 0) {   // nothing of the call left on disk: its room is used again from the start
                spillFile.truncate(0);
                spillEnd = 0;
            }
            return chunk;
        } catch (java.io.IOException e) {
            throw fail(new WrpcException("cannot read unread wRPC stream data back from disk (on " + subject + "): "
                    + e, e));
        }
    }

    /**
     * Closes the call's spill file and gives its room back: when the call ends or fails. Nothing spills after that
     * (a message still being delivered then meets the memory bound only), so no file outlives the call.
     */
    public synchronized void release() {
        if (spill != null && spilled > 0) {
            spill.release(spilled);
        }
        spilled = 0;
        if (spillFile != null) {
            spill.closed(spillFile);
            spillFile = null;
        }
        spill = null;
        if (channels != null) {
            for (Channel c : channels.values()) {
                c.onDisk.clear();
            }
        }
    }

    /**
     * Bounds the bytes the whole call may deliver, read or not, to {@code max}: for calls whose values are decoded
     * whole (a peer streaming an endless ready {@code list<u8>} would otherwise grow the decoded value without end).
     * Fails the call at once if more has arrived already.
     */
    public synchronized void limitTotal(long max) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive");
        }
        totalLimit = max;
        if (received > totalLimit) {
            fail(new WrpcException("wRPC peer sent more than " + totalLimit + " bytes for one call (on " + base + ")"));
        }
    }

    /**
     * Wakes a reader only when its channel has ended (or the call failed), and hands it the channel's chunks from
     * then on: for a side whose values are returned only after every channel's EOF, such as a client's results
     * decoded whole ({@link #limitTotal} bounds what is held meanwhile). The results' data and their EOF are two
     * messages; this wakes the caller once per call instead of once for each. The idle timeout counts from the
     * channel's last message. Not for a server's params: its handler must start before their EOF.
     */
    public synchronized void wakeReadersAtEnd() {
        wakeAtEnd = true;
    }

    /** Fails the call: every reader waiting or reading later gets {@code cause}. */
    public synchronized WrpcException fail(WrpcException cause) {
        if (failure == null) {
            failure = Objects.requireNonNull(cause, "cause");
            release();
            notifyAll();
        }
        return failure;
    }

    /** The channels that have chunks or an end not read yet. */
    public synchronized List<IndexPath> unread() {
        List<IndexPath> out = new ArrayList<>();
        if (rootChannel != null && unread(rootChannel)) {
            out.add(IndexPath.root());
        }
        if (channels != null) {
            channels.forEach((p, c) -> {
                if (unread(c)) {
                    out.add(p);
                }
            });
        }
        return out;
    }

    private static boolean unread(Channel c) {
        return !c.chunks.isEmpty() || !c.onDisk.isEmpty() || c.ended && !c.readerSawEnd;
    }

    /** The channel at {@code path} ({@link IndexPath#root()} for the synchronous one) as a chunk source. */
    public ChunkSource channel(IndexPath path) {
        Objects.requireNonNull(path, "path");
        String subject = subject(path);
        return () -> next(path, subject);
    }

    private synchronized byte[] next(IndexPath path, String subject) throws InterruptedException {
        Channel c = find(path);
        if (c == null) { // the reader is first: the channel is this side's own, charged like one the peer opened
            buffered += CHANNEL_COST;
            c = create(path);
        }
        long start = System.nanoTime();
        long deadline = start + idleTimeoutNanos;
        while (true) {
            if (failure != null) {
                throw failure;
            }
            // in wake-at-end mode the chunks are handed out once the channel is complete (or its reader timed out)
            if (!wakeAtEnd || c.ended || c.idle) {
                byte[] chunk = c.chunks.poll();
                if (chunk != null) {
                    buffered -= chunk.length;
                    return chunk;
                }
                if (!c.onDisk.isEmpty()) {
                    return unspill(c, subject);
                }
                if (c.ended) {
                    c.readerSawEnd = true;
                    return CallChannels.EOF;
                }
            }
            if (wakeAtEnd) {   // the timeout counts from the channel's last message
                deadline = (c.lastArrival - start > 0 ? c.lastArrival : start) + idleTimeoutNanos;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || c.idle) {
                if (wakeAtEnd && !c.idle) {
                    c.idle = true;   // hand out what came, then fail: the error names how far the value got
                    continue;
                }
                throw fail(new WrpcException("no wRPC data on " + subject + " for "
                        + Duration.ofNanos(idleTimeoutNanos).toMillis() + " ms"));
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
    }
}
