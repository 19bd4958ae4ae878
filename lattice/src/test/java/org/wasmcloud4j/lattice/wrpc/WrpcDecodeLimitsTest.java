package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wasmcloud4j.component.types.PrimitiveType.STRING;
import static org.wasmcloud4j.component.types.PrimitiveType.U32;
import static org.wasmcloud4j.component.types.PrimitiveType.U8;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;

/** Length fields never decide an allocation; a blocking source is read as its chunks arrive. */
class WrpcDecodeLimitsTest {
    private static final byte[] FOUR_GIB_MINUS_ONE_THEN_3_BYTES = HexFormat.of().parseHex("ffffffff0f616263");
    private final WrpcCodec codec = WrpcCodec.standard().withHandles(new WrpcArbitraries.TestHandles());

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private void failsAtEofWithoutAllocating(ValType type, String path) {
        WrpcDecoder d = codec.decoder(ChunkSource.of(FOUR_GIB_MINUS_ONE_THEN_3_BYTES.clone()));
        long before = allocatedBytes();
        assertThatThrownBy(() -> d.readValues(List.of(type), "param"))
                .isInstanceOfSatisfying(WrpcCodecException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.detail()).contains("unexpected end of data");
                });
        assertThat(allocatedBytes() - before).as("bytes allocated decoding %s", type).isLessThan(256 * 1024);
    }

    @Test
    void aFourGibLengthWithThreeBytesBehindItFailsAtEofNamingOffsetAndPath() {
        RecordType r = new RecordType(List.of(new RecordType.Field("body", STRING)));
        assertThatThrownBy(() -> codec.decoder(ChunkSource.of(FOUR_GIB_MINUS_ONE_THEN_3_BYTES.clone()))
                .readValues(List.of(r), "param"))
                .isInstanceOfSatisfying(WrpcCodecException.class, e -> {
                    assertThat(e.offset()).isEqualTo(5);
                    assertThat(e.path()).isEqualTo("param 0 / field body");
                }).hasMessageContaining("needs 4294967295 bytes, 3 arrived");
        failsAtEofWithoutAllocating(STRING, "param 0");
        failsAtEofWithoutAllocating(new ListType(U8), "param 0");
        failsAtEofWithoutAllocating(StreamType.of(U8), "param 0");
        failsAtEofWithoutAllocating(HandleType.own(WrpcArbitraries.RESOURCE), "param 0");
        failsAtEofWithoutAllocating(new ListType(U32), "param 0 / element 3");
        failsAtEofWithoutAllocating(new ListType(new ListType(U8)), "param 0 / element 0");
    }

    @Test
    void valuesSplitAcrossChunksArrivingFromAnotherThreadDecodeAsTheyComeIn() throws Exception {
        BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4);
        ChunkSource source = () -> queue.poll(30, TimeUnit.SECONDS);
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        RecordType r = new RecordType(List.of(new RecordType.Field("name", STRING),
                new RecordType.Field("body", new ListType(U8))));
        Value v = new Value.RecordValue(new java.util.LinkedHashMap<>(java.util.Map.of("name", Value.of("ü-name"),
                "body", Value.ListValue.ofBytes(body))));
        byte[] wire = codec.encoder().encodeValues(List.of(r), List.of(v), "param").bytes();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                WrpcDecoder d = codec.decoder(source);
                result.set(d.readValues(List.of(r), "param").values().get(0));
                d.requireEnd();
            } catch (RuntimeException e) {
                result.set(e);
            }
        }, "wrpc-test-reader");
        reader.start();
        for (int at = 0; at < wire.length; at += 997) { // odd chunk size: cuts inside the LEB and the UTF-8
            queue.put(java.util.Arrays.copyOfRange(wire, at, Math.min(wire.length, at + 997)));
        }
        queue.put(new byte[0]);
        reader.join(30_000);
        assertThat(result.get()).isEqualTo(v);
    }

    @Test
    void aSourceFailureOrInterruptIsTyped() {
        ChunkSource failing = () -> {
            throw new WrpcException("channel timed out");
        };
        assertThatThrownBy(() -> codec.decoder(failing).readValues(List.of(U8), "param"))
                .isInstanceOf(WrpcException.class).hasMessage("channel timed out");
        ChunkSource interrupted = () -> {
            throw new InterruptedException();
        };
        try {
            assertThatThrownBy(() -> codec.decoder(interrupted).readValues(List.of(U8), "result"))
                    .isInstanceOf(WrpcException.class).hasMessageContaining("interrupted")
                    .hasMessageContaining("result 0");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
