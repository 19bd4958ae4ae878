package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.lattice.wrpc.IndexPath;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;
import org.wasmcloud4j.lattice.wrpc.WrpcServerCall;

/**
 * {@code wasi:blobstore} values linked to a blobstore provider on another host stream over
 * {@code wrpc:blobstore/blobstore} both ways, larger than the 16 MiB a whole value may hold: {@code write-data} sends
 * the staged value as a pending {@code stream<u8>} ({@code params.1}), {@code get-data} reads the pending
 * {@code stream<u8>} result as its chunks arrive ({@code results.0.0}, {@code @0.1.0}: {@code results.0}) and the
 * {@code @0.2.0} status future at its end. The provider is plain Java on {@link WrpcServer#serveStreaming}, serving
 * {@code @0.2.0} (wasmCloud 1.9's providers) or only {@code @0.1.0} (the fallback); the component is
 * {@code wat-blobstore-api}, driven as a guest would drive it.
 */
class WrpcBlobstoreStreamingTest extends NatsHostsTest {
    private static final String API = "classpath:org/wasmcloud4j/fixtures/wat-blobstore-api.component.wasm";
    private static final int MIB = 1 << 20;
    private static final int VALUE_MIB = 40;

    /** Objects the provider holds: their length and checksum (never the bytes: they are a pattern). */
    private final Map<String, long[]> stored = new ConcurrentHashMap<>();
    /** Whether the provider got the written value pending (streamed), not whole in the params. */
    private final AtomicBoolean writeWasPending = new AtomicBoolean();
    /** Bytes the component has read of the value being fetched (the provider stays within 8 MiB of it). */
    private final AtomicLong componentRead = new AtomicLong();
    private final AtomicBoolean readBeforeSendEnded = new AtomicBoolean();

    /**
     * A streaming blobstore provider: {@code create-container} and {@code container-exists} answer, {@code
     * write-container-data} reads the pending value to its end (0.2.0: its status future sent pending, then ok),
     * {@code get-container-data} of {@code big} streams
     * {@link #VALUE_MIB} MiB paced by the reader, of {@code bad-status} streams 1 MiB and then fails the status
     * future, of {@code cut} streams 1 MiB and aborts the stream.
     */
    private void provider(String id, boolean current) throws Exception {
        WrpcServer server = WrpcServer.builder().server(nats.url()).lattice("b").build();
        closing.add(server);
        String instance = current ? "wrpc:blobstore/blobstore@0.2.0" : "wrpc:blobstore/blobstore@0.1.0";
        String wit = current ? WrpcBlobstoreMappingTest.WRPC_BLOBSTORE_0_2_WIT
                : WrpcBlobstoreMappingTest.WRPC_BLOBSTORE_WIT;
        server.serve(id, instance, "create-container", WitFunctions.function(wit, instance, "create-container"),
                p -> List.of(Value.ResultValue.ok(null)));
        server.serveStreaming(id, instance, "write-container-data", WitFunctions.function(wit, instance,
                "write-container-data"), call -> {
                    writeWasPending.set(((Value.ListValue) call.params().get(1)).elements().isEmpty());
                    CRC32 crc = new CRC32();
                    long n = 0;
                    try (InputStream in = call.paramBytes(IndexPath.of(1))) {
                        byte[] buf = new byte[64 << 10];
                        for (int k; (k = in.read(buf)) >= 0; ) {
                            crc.update(buf, 0, k);
                            n += k;
                        }
                    }
                    stored.put(object(call), new long[] {n, crc.getValue()});
                    // 0.2.0: the status future goes pending and follows on results.0
                    call.sendResults(List.of(Value.ResultValue.ok(current
                            ? new Value.OptionValue(Optional.empty()) : null)));
                    if (current) {
                        call.resultFuture(IndexPath.of(0), Value.ResultValue.ok(null));
                    }
                });
        server.serveStreaming(id, instance, "get-container-data", WitFunctions.function(wit, instance,
                "get-container-data"), call -> get(call, current));
    }

    private void get(WrpcServerCall call, boolean current) throws Exception {
        String name = object(call);
        Value pending = Value.ListValue.ofBytes(new byte[0]);
        Value none = new Value.OptionValue(Optional.empty());
        call.sendResults(List.of(Value.ResultValue.ok(current ? new Value.TupleValue(List.of(pending, none))
                : pending)));
        OutputStream out = call.resultBytes(current ? IndexPath.of(0, 0) : IndexPath.of(0));
        int mib = name.equals("big") ? VALUE_MIB : 1;
        for (int i = 0; i < mib; i++) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((long) i * MIB - componentRead.get() > 8L * MIB && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            if (i == mib - 1 && mib > 1) {
                readBeforeSendEnded.set(componentRead.get() >= (long) (mib - 9) * MIB);
            }
            out.write(chunk(i));
        }
        if (name.equals("cut")) {
            out.flush();
            throw new IOException("the provider breaks off the value");
        }
        out.close();
        if (current) {
            call.resultFuture(IndexPath.of(0, 1), name.equals("bad-status")
                    ? Value.ResultValue.err(new Value.Str("the disk failed after the last byte"))
                    : Value.ResultValue.ok(null));
        }
    }

    private static String object(WrpcServerCall call) {
        return ((Value.Str) ((Value.RecordValue) call.params().get(0)).fields().get("object")).value();
    }

    /** MiB number {@code i} of a value. */
    private static byte[] chunk(int i) {
        byte[] b = new byte[MIB];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) (k * 13 + i * 5 + (k >>> 9));
        }
        return b;
    }

    private static long crcOf(int mib) {
        CRC32 c = new CRC32();
        for (int i = 0; i < mib; i++) {
            c.update(chunk(i));
        }
        return c.getValue();
    }

    /** 0.2.0 served or only 0.1.0 (the fallback), each in one engine mode. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        return java.util.stream.Stream.of(org.junit.jupiter.params.provider.Arguments.of(true, Engine.Mode.COMPILED),
                org.junit.jupiter.params.provider.Arguments.of(false, Engine.Mode.INTERPRETER));
    }

    @ParameterizedTest(name = "wrpc:blobstore 0.2.0 served: {0}, {1}")
    @org.junit.jupiter.params.provider.MethodSource("cases")
    void valuesLargerThanAWholeValueMayHoldStreamBothWays(boolean current, Engine.Mode mode) throws Exception {
        provider("blob-provider", current);
        Host a = host("b", mode);
        a.startComponent("blob", API, 1);
        a.putLink(new Link("blob", "blob-provider", "default", "wasi", "blobstore", List.of("blobstore", "container",
                "types"), List.of(), List.of()));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
        Value c = ok(call(a, "blobstore", "create-container", new Value.Str("big-things")));

        // write 40 MiB: staged, then streamed as a pending stream
        Value ov = call(a, "types", "[static]outgoing-value.new-outgoing-value");
        ok(call(a, "container", "[method]container.write-data", c, new Value.Str("up"), ov));
        Value out = ok(call(a, "types", "[method]outgoing-value.outgoing-value-write-body", ov));
        for (int i = 0; i < VALUE_MIB; i++) {
            ok(call(a, "streams", "[method]output-stream.blocking-write-and-flush", out,
                    Value.ListValue.ofBytes(chunk(i))));
        }
        ((Value.Handle) out).resource().drop();
        ok(call(a, "types", "[static]outgoing-value.finish", ov));
        assertThat(writeWasPending).as("the value went as a pending stream").isTrue();
        assertThat(stored.get("up")).containsExactly((long) VALUE_MIB * MIB, crcOf(VALUE_MIB));

        // read 40 MiB as it arrives: the component reads most of it before the provider sends the last MiB
        Value in = ok(call(a, "types", "[static]incoming-value.incoming-value-consume-async",
                ok(call(a, "container", "[method]container.get-data", c, new Value.Str("big"), u64(0), u64(-1)))));
        CRC32 crc = new CRC32();
        long total = 0;
        for (Object b; (b = read(a, in)) != null; ) {
            assertThat(b).as("a read failed after %s bytes", total).isInstanceOf(byte[].class);
            crc.update((byte[]) b);
            total += ((byte[]) b).length;
            componentRead.set(total);
        }
        assertThat(total).isEqualTo((long) VALUE_MIB * MIB);
        assertThat(crc.getValue()).isEqualTo(crcOf(VALUE_MIB));
        assertThat(readBeforeSendEnded).as("read while the provider was still sending").isTrue();
        ((Value.Handle) in).resource().drop();

        // a value cut off mid-stream is a failed read, never a short value that looks complete
        componentRead.set(Long.MAX_VALUE / 2);   // the provider need not wait any more
        in = ok(call(a, "types", "[static]incoming-value.incoming-value-consume-async",
                ok(call(a, "container", "[method]container.get-data", c, new Value.Str("cut"), u64(0), u64(-1)))));
        Object last;
        while ((last = read(a, in)) instanceof byte[]) {
            // the first MiB
        }
        assertThat(last).isEqualTo("last-operation-failed");
        ((Value.Handle) in).resource().drop();
        // so is consume-sync of one
        Value.ResultValue sync = (Value.ResultValue) call(a, "types",
                "[static]incoming-value.incoming-value-consume-sync", ok(call(a, "container",
                        "[method]container.get-data", c, new Value.Str("cut"), u64(0), u64(-1))));
        assertThat(sync.isOk()).isFalse();

        if (current) {
            // 0.2.0: a status future that fails after the last byte fails the value's last read
            in = ok(call(a, "types", "[static]incoming-value.incoming-value-consume-async", ok(call(a, "container",
                    "[method]container.get-data", c, new Value.Str("bad-status"), u64(0), u64(-1)))));
            while ((last = read(a, in)) instanceof byte[]) {
                // the MiB before the failure
            }
            assertThat(last).isEqualTo("last-operation-failed");
            ((Value.Handle) in).resource().drop();
            sync = (Value.ResultValue) call(a, "types", "[static]incoming-value.incoming-value-consume-sync",
                    ok(call(a, "container", "[method]container.get-data", c, new Value.Str("bad-status"), u64(0),
                            u64(-1))));
            assertThat(((Value.Str) sync.payload().orElseThrow()).value()).contains(
                    "the disk failed after the last byte");
        }
        // consume-sync of more than 16 MiB is an error (consume-async reads it), the host keeps serving
        componentRead.set(Long.MAX_VALUE / 2);
        sync = (Value.ResultValue) call(a, "types", "[static]incoming-value.incoming-value-consume-sync",
                ok(call(a, "container", "[method]container.get-data", c, new Value.Str("big"), u64(0), u64(-1))));
        assertThat(((Value.Str) sync.payload().orElseThrow()).value()).contains("incoming-value-consume-async");
        assertThat(ok(call(a, "container", "[method]container.name", c))).isEqualTo(new Value.Str("big-things"));
    }

    private static Value call(Host a, String iface, String fn, Value... args) {
        return a.invoke("blob", iface, fn, List.of(args)).orElse(null);
    }

    /** One blocking read of up to 1 MiB: the bytes, null at the end, or the stream-error's case. */
    private static Object read(Host a, Value in) {
        Value.ResultValue r = (Value.ResultValue) call(a, "streams", "[method]input-stream.blocking-read", in,
                u64(MIB));
        if (r.isOk()) {
            return ((Value.ListValue) r.payload().orElseThrow()).toByteArray();
        }
        Value.VariantValue e = (Value.VariantValue) r.payload().orElseThrow();
        return e.caseName().equals("closed") ? null : e.caseName();
    }

    private static Value ok(Value r) {
        Value.ResultValue result = (Value.ResultValue) r;
        assertThat(result.isOk()).as("%s", r).isTrue();
        return result.payload().orElse(null);
    }

    private static Value u64(long v) {
        return new Value.Int(PrimitiveType.U64, v);
    }
}
