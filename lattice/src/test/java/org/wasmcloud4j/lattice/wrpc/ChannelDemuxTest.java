package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wasmcloud4j.component.types.PrimitiveType.STRING;
import static org.wasmcloud4j.component.types.PrimitiveType.U8;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.FutureType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.StreamType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.wit.WitLoader;

/** Demultiplexing one side of a call into its channels by subject, without NATS. */
class ChannelDemuxTest {
    private static final String BASE = "_INBOX.abc.def.params";
    private static final StreamType BYTES = StreamType.of(U8);
    private static final FuncType HANDLE = WitLoader.defaults().parse("http.wit", """
            package wrpc:http@0.1.0;
            interface types {
              type fields = list<tuple<string, list<list<u8>>>>;
              record request { body: stream<u8>, trailers: future<option<fields>>, path: option<string> }
              record response { body: stream<u8>, trailers: future<option<fields>>, status: u16 }
            }
            interface incoming-handler {
              use types.{request, response};
              handle: func(request: request) -> result<response, string>;
            }
            """).findInterface(InterfaceName.parse("wrpc:http/incoming-handler@0.1.0")).orElseThrow()
            .function("handle").orElseThrow();
    private final WrpcCodec codec = WrpcCodec.standard();

    private static List<ValType> params(FuncType f) {
        return f.params().stream().map(FuncType.Param::type).toList();
    }

    @Test
    void asyncPatternsFollowTheIndexRules() {
        assertThat(ChannelDemux.asyncPatterns(params(HANDLE))).containsExactly("0.0", "0.1");
        assertThat(ChannelDemux.asyncPatterns(List.of(HANDLE.result().orElseThrow()))).containsExactly("0.0", "0.1");
        assertThat(ChannelDemux.asyncPatterns(List.of(STRING, new ListType(BYTES), new OptionType(
                StreamType.of(FutureType.of(BYTES)))))).containsExactly("1.*", "2", "2.*");
        assertThat(ChannelDemux.asyncPatterns(List.of(new ListType(U8), STRING))).isEmpty();
    }

    @Test
    void subjectsMapToIndexPathsAndBack() {
        ChannelDemux d = new ChannelDemux(BASE, List.of(STRING, new ListType(BYTES)), 1 << 20, Duration.ofSeconds(5));
        assertThat(d.pathOf(BASE)).isEqualTo(IndexPath.root());
        assertThat(d.pathOf(BASE + ".1.7")).isEqualTo(IndexPath.of(1, 7));
        assertThat(d.subject(IndexPath.of(1, 7))).isEqualTo(BASE + ".1.7");
        assertThat(d.subject(IndexPath.root())).isEqualTo(BASE);
        for (String bad : List.of(BASE + ".0", BASE + ".1", BASE + ".1.07", BASE + ".1.x", BASE + ".1.", BASE + "..1",
                BASE + ".1.4294967296", BASE + "x.1.1", "_INBOX.abc.def.results.1.1", BASE + ".1.1.1")) {
            assertThat(d.pathOf(bad)).as(bad).isNull();
            assertThat(d.deliver(bad, new byte[] {1})).as(bad).isFalse();
        }
    }

    @Test
    void anHttpRequestWhoseBodyOvertakesItsHeadIsDecodedChannelByChannel() {
        Map<String, Value> req = new LinkedHashMap<>();
        req.put("body", Value.ListValue.ofBytes(new byte[0]));
        req.put("trailers", new Value.OptionValue(Optional.empty()));
        req.put("path", new Value.OptionValue(Optional.of(Value.of("/hello"))));
        Encoded head = codec.encodeParams(HANDLE, List.of(new Value.RecordValue(req)));
        StreamType bodyType = BYTES;
        FutureType trailersType = (FutureType) head.async().get(1).type();
        byte[] chunk1 = codec.encoder().encodeStreamChunk(bodyType,
                Value.ListValue.ofBytes("hello ".getBytes()).elements(), IndexPath.of(0, 0), 0).bytes();
        byte[] chunk2 = codec.encoder().encodeStreamChunk(bodyType,
                Value.ListValue.ofBytes("world".getBytes()).elements(), IndexPath.of(0, 0), 6).bytes();
        byte[] trailers = codec.encoder().encodeFutureValue(trailersType,
                new Value.OptionValue(Optional.empty()), IndexPath.of(0, 1)).bytes();

        ChannelDemux d = new ChannelDemux(BASE, params(HANDLE), 1 << 20, Duration.ofSeconds(5));
        // the body and trailers arrive first, the head in two pieces, then every channel's end
        assertThat(d.deliver(BASE + ".0.0", Arrays.copyOf(chunk1, chunk1.length))).isTrue();
        d.deliver(BASE + ".0.1", trailers);
        d.deliver(BASE + ".0.0", chunk2);
        d.deliver(BASE + ".0.0", WrpcEncoder.streamEnd());
        byte[] h = head.bytes();
        d.deliver(BASE, Arrays.copyOfRange(h, 0, 2));
        d.deliver(BASE, Arrays.copyOfRange(h, 2, h.length));
        d.deliver(BASE, new byte[0]);
        d.deliver(BASE + ".0.0", new byte[0]);
        d.deliver(BASE + ".0.1", new byte[0]);

        Decoded params = codec.decodeParams(HANDLE, d.channel(IndexPath.root()));
        assertThat(params.pending()).extracting(PendingAsync::path).containsExactly(IndexPath.of(0, 0),
                IndexPath.of(0, 1));
        WrpcDecoder body = codec.decoder(d.channel(IndexPath.of(0, 0)));
        StringBuilder text = new StringBuilder();
        long index = 0;
        for (StreamChunk c = body.readStreamChunk(bodyType, IndexPath.of(0, 0), index); !c.isEnd();
                c = body.readStreamChunk(bodyType, IndexPath.of(0, 0), index)) {
            text.append(new String(new Value.ListValue(c.elements()).toByteArray()));
            index += c.elements().size();
        }
        body.requireEnd();
        assertThat(text).hasToString("hello world");
        WrpcDecoder t = codec.decoder(d.channel(IndexPath.of(0, 1)));
        assertThat(t.readFutureValue(trailersType, IndexPath.of(0, 1)).values())
                .containsExactly(new Value.OptionValue(Optional.empty()));
        t.requireEnd();
        assertThat(d.unread()).isEmpty();
    }

    @Test
    void aPeerThatSendsMoreThanTheBufferFailsTheCallForEveryReader() {
        ChannelDemux d = new ChannelDemux(BASE, List.of(BYTES), 74, Duration.ofSeconds(5)); // one channel + 10
        d.deliver(BASE + ".0", new byte[6]);
        assertThatThrownBy(() -> d.deliver(BASE + ".0", new byte[5])).isInstanceOf(WrpcException.class)
                .hasMessageContaining("more than 74 bytes").hasMessageContaining(BASE + ".0");
        assertThatThrownBy(() -> codec.decoder(d.channel(IndexPath.root())).readValues(List.of(BYTES), "param"))
                .isInstanceOf(WrpcException.class).hasMessageContaining("more than 74 bytes");
    }

    @Test
    void readBytesLeaveTheBufferSoALongStreamFlowsThroughASmallOne() throws Exception {
        ChannelDemux d = new ChannelDemux(BASE, List.of(new ListType(U8)), 128, Duration.ofSeconds(30));
        byte[] big = new byte[10_000];
        Arrays.fill(big, (byte) 7);
        byte[] wire = codec.encoder().encodeValues(List.of(new ListType(U8)), List.of(Value.ListValue.ofBytes(big)),
                "param").bytes();
        AtomicReference<Object> got = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                got.set(codec.decoder(d.channel(IndexPath.root())).readValues(List.of(new ListType(U8)), "param"));
            } catch (RuntimeException e) {
                got.set(e);
            }
        }, "wrpc-demux-reader");
        reader.start();
        for (int at = 0; at < wire.length; at += 32) {
            d.deliver(BASE, Arrays.copyOfRange(wire, at, Math.min(wire.length, at + 32)));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!d.unread().isEmpty() && System.nanoTime() < deadline) { // the sender waits for the reader
                Thread.sleep(1);
            }
        }
        d.deliver(BASE, new byte[0]);
        reader.join(30_000);
        assertThat(got.get()).isInstanceOf(Decoded.class);
        assertThat(((Decoded) got.get()).values()).containsExactly(Value.ListValue.ofBytes(big));
    }

    @Test
    void emptyMessagesOnManyElementSubjectsCannotGrowTheCallWithoutBound() {
        ChannelDemux d = new ChannelDemux(BASE, List.of(new ListType(BYTES)), 64 * 100, Duration.ofSeconds(5));
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1_000_000; i++) {
                d.deliver(BASE + ".0." + i, new byte[0]);
            }
        }).isInstanceOf(WrpcException.class).hasMessageContaining("more channels");
        assertThat(d.unread()).hasSizeLessThanOrEqualTo(100);
    }

    @Test
    void dataAfterAChannelsEndAndSilentPeersAreTypedFailures() {
        ChannelDemux d = new ChannelDemux(BASE, List.of(BYTES), 1 << 10, Duration.ofMillis(200));
        d.deliver(BASE + ".0", new byte[0]);
        assertThatThrownBy(() -> d.deliver(BASE + ".0", new byte[] {1})).isInstanceOf(WrpcException.class)
                .hasMessageContaining("after its end");
        ChannelDemux silent = new ChannelDemux(BASE, List.of(BYTES), 1 << 10, Duration.ofMillis(200));
        assertThatThrownBy(() -> codec.decoder(silent.channel(IndexPath.root())).readValues(List.of(BYTES), "param"))
                .isInstanceOf(WrpcException.class).hasMessageContaining("no wRPC data on " + BASE + " for 200 ms");
    }

    // ------------------------------------------------------------------ unread stream data on disk

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path spillDir;

    private static byte[] chunk(int i, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) i);
        return b;
    }

    /** A params side of one {@code stream<u8>} param (index [0]) bounded at 1000 bytes in memory. */
    private ChannelDemux streamDemux(SpillBudget budget) {
        ChannelDemux d = new ChannelDemux(BASE, List.of(BYTES), 1000, Duration.ofSeconds(2));
        d.spillTo(budget);
        return d;
    }

    @Test
    void pastTheMemoryBoundAStreamsChunksGoToDiskAndComeBackInOrder() throws Exception {
        SpillBudget budget = new SpillBudget(spillDir, 1 << 20);
        ChannelDemux d = streamDemux(budget);
        ChunkSource src = d.channel(IndexPath.of(0));
        for (int i = 0; i < 20; i++) {   // 20 x 300 bytes: 3 fit in memory, the rest on disk
            assertThat(d.deliver(BASE + ".0", chunk(i, 300))).isTrue();
        }
        assertThat(budget.used()).isEqualTo(17 * 300);
        try (var files = java.nio.file.Files.list(spillDir)) {
            assertThat(files).as("the spill file is unlinked at once").isEmpty();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(src.next()).isEqualTo(chunk(i, 300));
        }
        // while the disk holds older chunks, new ones queue behind them even though memory has room again
        d.deliver(BASE + ".0", chunk(20, 10));
        for (int i = 10; i < 20; i++) {
            assertThat(src.next()).isEqualTo(chunk(i, 300));
        }
        assertThat(src.next()).isEqualTo(chunk(20, 10));
        assertThat(budget.used()).as("every byte read back returns its room").isZero();
        // drained: memory is used again first
        d.deliver(BASE + ".0", chunk(21, 10));
        d.deliver(BASE + ".0", new byte[0]);
        assertThat(src.next()).isEqualTo(chunk(21, 10));
        assertThat(src.next()).isSameAs(CallChannels.EOF);
        assertThat(d.unread()).isEmpty();
    }

    @Test
    void theDiskRoomIsSharedAndBoundedAndGivenBackWhenACallEndsOrFails() {
        SpillBudget budget = new SpillBudget(spillDir, 5000);
        ChannelDemux a = streamDemux(budget);
        ChannelDemux b = streamDemux(budget);
        for (int i = 0; i < 10; i++) {
            a.deliver(BASE + ".0", chunk(i, 400));   // 2 in memory, 8 x 400 on disk
        }
        assertThat(budget.used()).isEqualTo(8 * 400);
        b.deliver(BASE + ".0", chunk(0, 900));
        b.deliver(BASE + ".0", chunk(1, 900));   // on disk: 900
        assertThatThrownBy(() -> b.deliver(BASE + ".0", chunk(2, 950)))   // 3200 + 900 + 950 > 5000
                .isInstanceOf(WrpcException.class)
                .hasMessageContaining("more than 1000 bytes that were not read yet, and the 5000 bytes of disk for "
                        + "unread stream data are taken (on " + BASE + ".0)");
        assertThat(budget.used()).as("the failed call gave its room back").isEqualTo(8 * 400);
        a.release();
        assertThat(budget.used()).isZero();
        assertThatThrownBy(() -> b.channel(IndexPath.of(0)).next()).isInstanceOf(WrpcException.class);
    }

    /** A channel that opens while memory is full of another's chunks (trailers after a flooded body) is not refused. */
    @Test
    void aChannelOpenedWhileMemoryIsFullCountsAgainstTheDiskRoom() throws Exception {
        SpillBudget budget = new SpillBudget(spillDir, 1 << 20);
        ChannelDemux d = new ChannelDemux(BASE, List.of(BYTES, BYTES), 1000, Duration.ofSeconds(2));
        d.spillTo(budget);
        d.deliver(BASE + ".0", chunk(0, 936));   // 64 (the channel) + 936: memory is full
        d.deliver(BASE + ".1", chunk(1, 10));    // a new channel: its bookkeeping and its chunk go to disk
        assertThat(budget.used()).isEqualTo(ChannelDemux.CHANNEL_COST + 10);
        assertThat(d.channel(IndexPath.of(1)).next()).isEqualTo(chunk(1, 10));
        assertThat(d.channel(IndexPath.of(0)).next()).isEqualTo(chunk(0, 936));
        d.release();
        assertThat(budget.used()).isZero();
        ChannelDemux plain = new ChannelDemux(BASE, List.of(BYTES, BYTES), 1000, Duration.ofSeconds(2));
        plain.deliver(BASE + ".0", chunk(0, 936));
        assertThatThrownBy(() -> plain.deliver(BASE + ".1", chunk(1, 10))).isInstanceOf(WrpcException.class)
                .hasMessageContaining("opened more channels than 1000 buffered bytes allow");
    }

    /** A peer opening many channels, each past the memory bound, still costs one file; and files are capped. */
    @Test
    void aCallSpillsAllItsChannelsToOneFileAndOpenFilesAreCapped() throws Exception {
        SpillBudget budget = new SpillBudget(spillDir, 1 << 30);
        ChannelDemux many = new ChannelDemux(BASE, List.of(new ListType(BYTES)), 1000, Duration.ofSeconds(2));
        many.spillTo(budget);
        many.deliver(BASE + ".0.0", chunk(0, 900));   // memory is full
        for (int i = 1; i <= 500; i++) {
            many.deliver(BASE + ".0." + i, chunk(i, 1));
        }
        assertThat(budget.openFiles()).as("500 channels on disk, one file").isEqualTo(1);
        assertThat(many.channel(IndexPath.of(0, 250)).next()).isEqualTo(chunk(250, 1));
        many.release();
        assertThat(budget.openFiles()).isZero();
        List<ChannelDemux> calls = new java.util.ArrayList<>();
        for (int i = 0; i < SpillBudget.MAX_OPEN_FILES; i++) {
            ChannelDemux d = streamDemux(budget);
            d.deliver(BASE + ".0", chunk(0, 900));
            d.deliver(BASE + ".0", chunk(1, 900));   // on disk
            calls.add(d);
        }
        assertThat(budget.openFiles()).isEqualTo(SpillBudget.MAX_OPEN_FILES);
        ChannelDemux one = streamDemux(budget);
        one.deliver(BASE + ".0", chunk(0, 900));
        assertThatThrownBy(() -> one.deliver(BASE + ".0", chunk(1, 900))).isInstanceOf(WrpcException.class)
                .hasMessageContaining("calls keep unread stream data on disk already");
        calls.forEach(ChannelDemux::release);
        assertThat(budget.openFiles()).isZero();
        assertThat(budget.used()).isZero();
    }

    @Test
    void nothingSpillsAfterTheCallIsReleased() {
        SpillBudget budget = new SpillBudget(spillDir, 1 << 20);
        ChannelDemux d = streamDemux(budget);
        d.deliver(BASE + ".0", chunk(0, 900));
        d.release();
        assertThatThrownBy(() -> d.deliver(BASE + ".0", chunk(1, 900))).isInstanceOf(WrpcException.class)
                .hasMessageContaining("not read yet");
        assertThat(budget.used()).isZero();
    }

    @Test
    void wholeValueCallsAndTheSynchronousChannelNeverSpill() {
        SpillBudget budget = new SpillBudget(spillDir, 1 << 20);
        ChannelDemux whole = streamDemux(budget);
        whole.limitTotal(1000);
        whole.deliver(BASE + ".0", chunk(0, 600));
        assertThatThrownBy(() -> whole.deliver(BASE + ".0", chunk(1, 600))).isInstanceOf(WrpcException.class)
                .hasMessageContaining("not read yet");
        ChannelDemux sync = streamDemux(budget);
        sync.deliver(BASE, chunk(0, 600));
        assertThatThrownBy(() -> sync.deliver(BASE, chunk(1, 600))).isInstanceOf(WrpcException.class)
                .hasMessageContaining("not read yet");
        assertThat(budget.used()).isZero();
    }

    @Test
    void withoutDiskRoomAStreamFailsAtTheMemoryBoundAsBefore() {
        ChannelDemux d = new ChannelDemux(BASE, List.of(BYTES), 1000, Duration.ofSeconds(2));
        d.deliver(BASE + ".0", chunk(0, 600));
        assertThatThrownBy(() -> d.deliver(BASE + ".0", chunk(1, 600))).isInstanceOf(WrpcException.class)
                .hasMessage("wRPC peer sent more than 1000 bytes that were not read yet (on " + BASE + ".0)");
    }

    /** Wake-at-end mode (a client's whole results): the reader gets the chunks once the channel has ended. */
    @Test
    void aReaderWaitingForTheEndGetsTheChunksOnlyOnceTheChannelEnded() throws Exception {
        ChannelDemux d = new ChannelDemux(BASE, List.of(STRING), 1 << 20, Duration.ofSeconds(5));
        d.wakeReadersAtEnd();
        ChunkSource root = d.channel(IndexPath.root());
        AtomicReference<byte[]> first = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                first.set(root.next());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        d.deliver(BASE, new byte[] {3, 'a'});
        d.deliver(BASE, new byte[] {'b', 'c'});
        reader.join(300);
        assertThat(reader.isAlive()).as("a reader is not handed a channel that has not ended").isTrue();
        assertThat(first.get()).isNull();
        d.deliver(BASE, CallChannels.EOF);
        reader.join(5000);
        assertThat(first.get()).containsExactly(3, 'a');
        assertThat(root.next()).containsExactly('b', 'c');
        assertThat(root.next()).isEmpty();
    }

    /** The idle timeout counts from the channel's last message, so a slow, steady sender is not cut off. */
    @Test
    void waitingForTheEndTheIdleTimeoutRestartsWithEachMessage() throws Exception {
        ChannelDemux d = new ChannelDemux(BASE, List.of(STRING), 1 << 20, Duration.ofMillis(500));
        d.wakeReadersAtEnd();
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < 6; i++) {
                    Thread.sleep(100);   // 600 ms in all: more than the timeout, a fifth of it between messages
                    d.deliver(BASE, new byte[] {(byte) i});
                }
                d.deliver(BASE, CallChannels.EOF);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        sender.start();
        ChunkSource root = d.channel(IndexPath.root());
        for (int i = 0; i < 6; i++) {
            assertThat(root.next()).containsExactly(i);
        }
        assertThat(root.next()).isEmpty();
        sender.join();
    }

    /** A sender that stops: the reader gets what came (the error can say how far the value got), then the timeout. */
    @Test
    void waitingForTheEndAStalledSenderIsATimeoutAfterWhatCame() throws Exception {
        ChannelDemux d = new ChannelDemux(BASE, List.of(STRING), 1 << 20, Duration.ofMillis(200));
        d.wakeReadersAtEnd();
        d.deliver(BASE, new byte[] {10, 'a'});
        ChunkSource root = d.channel(IndexPath.root());
        long t0 = System.nanoTime();
        assertThat(root.next()).containsExactly(10, 'a');
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThatThrownBy(root::next).isInstanceOf(WrpcException.class)
                .hasMessageContaining("no wRPC data on " + BASE);
        assertThatThrownBy(() -> d.deliver(BASE, CallChannels.EOF)).isInstanceOf(WrpcException.class);
    }

    /** In wake-at-end mode nothing is read before the end, so the memory bound is the call's bound. */
    @Test
    void waitingForTheEndTheBoundIsTheCallsBound() {
        ChannelDemux d = new ChannelDemux(BASE, List.of(new ListType(U8)), 1000, Duration.ofSeconds(5));
        d.limitTotal(1000);
        d.wakeReadersAtEnd();
        d.deliver(BASE, new byte[600]);
        assertThatThrownBy(() -> d.deliver(BASE, new byte[600])).isInstanceOf(WrpcException.class)
                .hasMessageContaining("bytes for one call");
        assertThatThrownBy(() -> d.channel(IndexPath.root()).next()).isInstanceOf(WrpcException.class);
    }
}
