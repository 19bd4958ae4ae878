package org.wasmcloud4j.host;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.lattice.Lattice;

/**
 * The two {@code wrpc:blobstore} transfers of {@link WireBlobstore} with their bytes streaming over
 * {@link Lattice#start} instead of whole values: {@code get-container-data} (the bytes read as their chunks arrive,
 * the status future checked at the end) and {@code write-container-data} (the staged value sent as a pending
 * stream). Each is made on {@code @0.2.0} and again on {@code @0.1.0} when nothing serves that (known before a byte
 * moves: at the handshake). Memory per transfer: a few chunks, whatever the value's size.
 */
final class WireTransfers {
    private static final ValType BYTES = StreamType.of(PrimitiveType.U8);
    private static final int BUFFER = 64 << 10;

    private WireTransfers() {
    }

    /** A {@code get-container-data}: the bytes as they arrive, or the error the component gets. */
    record Got(InputStream bytes, Value error) {
    }

    /** Sends the pending params of a started call (before its results are read). */
    @FunctionalInterface
    private interface Sender {
        void send(Lattice.StreamingCall call);
    }

    /**
     * What a started transfer's ok result holds: its data (a ready list, or empty for the pending form) and its
     * status when that was ready ({@code @0.1.0} has none: always ok).
     */
    private record Transfer(Value.ListValue data, Optional<Value> status) {
    }

    /** The data and status of {@code s}'s ok result. */
    private static Transfer transfer(Started s) {
        Value ok = s.result().payload().orElseThrow();
        if (s.current()) {
            List<Value> t = ((Value.TupleValue) ok).elements();
            return new Transfer((Value.ListValue) t.get(0), ((Value.OptionValue) t.get(1)).value());
        }
        return new Transfer((Value.ListValue) ok, Optional.of(Value.ResultValue.ok(null)));
    }

    /** A started call and its result, or the error string result that stands for a failure to make it. */
    private record Started(Lattice.StreamingCall call, Value.ResultValue result, boolean current, String instance,
            Value error) {
    }

    static Got get(WireBlobstore.Wire w, String what, List<Value> args) {
        String function = "get-container-data";
        List<FuncType.Param> params = List.of(WireBlobstore.param("id", WireBlobstore.OBJECT_ID),
                WireBlobstore.param("start", WireBlobstore.U64), WireBlobstore.param("end", WireBlobstore.U64));
        Started s = start(w, function, params, WireBlobstore.result(new TupleType(List.of(BYTES,
                WireBlobstore.STATUS))), WireBlobstore.result(BYTES), args, null);
        if (s.error() != null) {
            return new Got(null, s.error());
        }
        boolean handedOn = false;
        try {
            if (!s.result().isOk()) {
                return new Got(null, s.result());
            }
            Transfer t = transfer(s);
            Value.ListValue data = t.data();
            Optional<Value> status = t.status();
            if (status.isPresent() && !WireBlobstore.isOk(status.get())) {
                return new Got(null, status.get());   // failed before any byte
            }
            Lattice.StreamingCall call = s.call();
            // an empty list is the pending form: the bytes follow on results.0.0 (0.1.0: results.0)
            InputStream in = data.elements().isEmpty() ? call.resultBytes(s.current() ? new int[] {0, 0} : new int[] {0})
                    : new ByteArrayInputStream(data.toByteArray());
            Got got = new Got(new TransferInput(in, call, status.isPresent() ? null : () -> call.resultFuture(0, 1),
                    w.prefix(s.instance(), function)), null);
            handedOn = true;
            return got;
        } catch (HostException | ClassCastException e) {
            return new Got(null, WireBlobstore.err(w.prefix(s.instance(), function) + e.getMessage()));
        } finally {
            if (!handedOn) {
                s.call().close();
            }
        }
    }

    /**
     * A {@code list-container-objects(name, none, none)}: the names as they arrive (a pending stream, or a ready
     * list), with the {@code @0.2.0} status read at their end when it was pending.
     *
     * @return the {@link WireBlobstore.Names} (which holds the call), or the error result
     */
    static Object list(WireBlobstore.Wire w, Value name) {
        String function = "list-container-objects";
        List<FuncType.Param> params = List.of(WireBlobstore.param("name", PrimitiveType.STRING),
                WireBlobstore.param("limit", new OptionType(WireBlobstore.U64)),
                WireBlobstore.param("offset", new OptionType(WireBlobstore.U64)));
        ValType names = StreamType.of(PrimitiveType.STRING);
        Started s = start(w, function, params, WireBlobstore.result(new TupleType(List.of(names,
                WireBlobstore.STATUS))), WireBlobstore.result(names), List.of(name, WireBlobstore.none(), WireBlobstore.none()), null);
        if (s.error() != null) {
            return s.error();
        }
        boolean handedOn = false;
        try {
            if (!s.result().isOk()) {
                return s.result();
            }
            Transfer t = transfer(s);
            Value.ListValue listed = t.data();
            Optional<Value> status = t.status();
            if (status.isPresent() && !WireBlobstore.isOk(status.get())) {
                return status.get();   // failed before any name
            }
            Lattice.StreamingCall call = s.call();
            // an empty list is the pending form: the names follow on results.0.0 (0.1.0: results.0)
            java.util.Iterator<Value> it = listed.elements().isEmpty()
                    ? call.resultElements(s.current() ? new int[] {0, 0} : new int[] {0})
                    : listed.elements().iterator();
            WireBlobstore.Names n = new WireBlobstore.Names(it, call,
                    status.isPresent() ? null : () -> call.resultFuture(0, 1), w.prefix(s.instance(), function));
            handedOn = true;
            return n;
        } catch (HostException | ClassCastException e) {
            return WireBlobstore.err(w.prefix(s.instance(), function) + e.getMessage());
        } finally {
            if (!handedOn) {
                s.call().close();
            }
        }
    }

    /**
     * A {@code write-container-data} of the staged value {@code bytes}.
     *
     * @return {@code null} when stored, else the error {@code finish} returns
     */
    static String write(WireBlobstore.Wire w, Value id, InputStream bytes) {
        String function = "write-container-data";
        List<FuncType.Param> params = List.of(WireBlobstore.param("id", WireBlobstore.OBJECT_ID),
                WireBlobstore.param("data", BYTES));
        // an empty data list is the pending form: the bytes follow on params.1
        Started s = start(w, function, params, WireBlobstore.result(WireBlobstore.STATUS), WireBlobstore.unitResult(),
                List.of(id, Value.ListValue.ofBytes(new byte[0])), call -> send(bytes, call));
        if (s.error() != null) {
            return WireBlobstore.str(((Value.ResultValue) s.error()).payload().orElseThrow());
        }
        try (Lattice.StreamingCall call = s.call()) {
            if (!s.result().isOk()) {
                return WireBlobstore.str(s.result().payload().orElseThrow());
            }
            if (s.current()) {
                Optional<Value> ready = ((Value.OptionValue) s.result().payload().orElseThrow()).value();
                Value status = ready.isPresent() ? ready.get() : call.resultFuture(0);
                if (!WireBlobstore.isOk(status)) {
                    return WireBlobstore.str(((Value.ResultValue) status).payload().orElseThrow());
                }
            }
            return null;
        } catch (HostException | ClassCastException e) {
            return w.prefix(s.instance(), function) + e.getMessage();
        }
    }

    /**
     * Copies the staged value to the call's pending {@code data} param. A failure reading it leaves the stream
     * unclosed, so closing the call aborts it (the provider sees a truncated value); a provider that gave up makes
     * the writes fail, and its results say why.
     */
    private static void send(InputStream bytes, Lattice.StreamingCall call) {
        OutputStream out = call.paramBytes(1);   // waits for the handshake: no responders shows here, before a read
        byte[] buf = new byte[BUFFER];
        while (true) {
            int n;
            try {
                n = bytes.read(buf);
            } catch (IOException e) {
                throw new HostException("reading the staged value failed: " + e.getMessage(), e);
            }
            if (n < 0) {
                break;
            }
            try {
                out.write(buf, 0, n);
            } catch (IOException e) {
                return;
            }
        }
        try {
            out.close();
        } catch (IOException e) {
            // the results say why
        }
    }

    /** {@code function} on {@code @0.2.0}, again on {@code @0.1.0} when nothing serves it; failures as the error. */
    private static Started start(WireBlobstore.Wire w, String function, List<FuncType.Param> params, ValType current,
            ValType fallback, List<Value> args, Sender sender) {
        try {
            return attempt(w, WireBlobstore.INSTANCE, function, params, current, args, sender, true);
        } catch (NotServedException e) {
            try {
                return attempt(w, WireBlobstore.FALLBACK, function, params, fallback, args, sender, false);
            } catch (HostException | ClassCastException f) {
                return new Started(null, null, false, WireBlobstore.FALLBACK, WireBlobstore.err(
                        w.prefix(WireBlobstore.FALLBACK, function) + f.getMessage() + " (nothing serves "
                                + WireBlobstore.INSTANCE + " either)"));
            }
        } catch (HostException | ClassCastException e) {
            return new Started(null, null, true, WireBlobstore.INSTANCE, WireBlobstore.err(
                    w.prefix(WireBlobstore.INSTANCE, function) + e.getMessage()));
        }
    }

    private static Started attempt(WireBlobstore.Wire w, String instance, String function,
            List<FuncType.Param> params, ValType result, List<Value> args, Sender sender, boolean current) {
        Lattice.StreamingCall call = w.start().start(instance, function, new FuncType(params, Optional.of(result)),
                args);
        try {
            if (sender != null) {
                sender.send(call);
            }
            List<Value> results = call.results();
            if (results.isEmpty() || !(results.get(0) instanceof Value.ResultValue r)) {
                throw new HostException("returned no result");
            }
            return new Started(call, r, current, instance, null);
        } catch (RuntimeException e) {
            call.close();
            throw e;
        }
    }

    /**
     * The bytes of a {@code get-container-data} as they arrive; at their end the pending status future (if any) is
     * read, and a failed one is a read error. The call is released at the end, at a failure, or when the component
     * drops the value or its stream.
     */
    private static final class TransferInput extends InputStream {
        private final InputStream in;
        private final Lattice.StreamingCall call;
        private Supplier<Value> status;
        private final String what;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean closed;

        TransferInput(InputStream in, Lattice.StreamingCall call, Supplier<Value> status, String what) {
            this.in = in;
            this.call = call;
            this.status = status;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException(what + "the value was closed");
            }
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                release();
                throw new IOException(what + e.getMessage(), e);
            }
            if (n >= 0) {
                return n;
            }
            if (status != null) {
                Supplier<Value> s = status;
                status = null;
                Value done;
                try {
                    done = s.get();
                } catch (HostException e) {
                    release();
                    throw new IOException(what + "its status did not arrive: " + e.getMessage(), e);
                }
                if (!WireBlobstore.isOk(done)) {
                    release();
                    throw new IOException(WireBlobstore.str(((Value.ResultValue) done).payload().orElseThrow()));
                }
            }
            release();
            return -1;
        }

        @Override
        public void close() {
            closed = true;
            release();
        }

        private void release() {
            if (released.compareAndSet(false, true)) {
                call.close();
            }
        }
    }
}
