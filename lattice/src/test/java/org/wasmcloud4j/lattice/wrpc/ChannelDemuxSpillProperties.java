package org.wasmcloud4j.lattice.wrpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.StreamType;

/**
 * Unread stream chunks past the memory bound go to disk and come back: for any chunk sizes and any interleaving of
 * deliveries and reads on two channels, each channel's reader gets exactly what was delivered to it, in order, and
 * every byte of disk room is given back once the call ends.
 */
class ChannelDemuxSpillProperties {
    private static final String BASE = "_INBOX.p.q.results";
    private static Path dir;

    @BeforeContainer
    static void makeDir() throws Exception {
        dir = Files.createTempDirectory("spill-props-");
    }

    @AfterContainer
    static void removeDir() throws Exception {
        try (var files = Files.list(dir)) {
            assertThat(files).as("spill files are unlinked").isEmpty();
        }
        Files.delete(dir);
    }

    /** One step: deliver a chunk of {@code size} (> 0) or read one (size 0) on channel {@code channel}. */
    record Step(int channel, int size) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> deliver = Arbitraries.integers().between(0, 1).flatMap(c -> Arbitraries.integers()
                .between(1, 700).map(n -> new Step(c, n)));
        Arbitrary<Step> read = Arbitraries.integers().between(0, 1).map(c -> new Step(c, 0));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, deliver), net.jqwik.api.Tuple.of(2, read))
                .list().ofMaxSize(120);
    }

    @Property(tries = 300)
    void everyChannelReadsWhatItWasSentInOrderAndTheRoomComesBack(@ForAll("steps") List<Step> steps)
            throws Exception {
        SpillBudget budget = new SpillBudget(dir, 1 << 20);
        StreamType bytes = StreamType.of(PrimitiveType.U8);
        ChannelDemux d = new ChannelDemux(BASE, List.of(bytes, bytes), 1000, Duration.ofSeconds(5));
        d.spillTo(budget);
        List<List<byte[]>> sent = List.of(new ArrayList<>(), new ArrayList<>());
        int[] read = new int[2];
        int serial = 0;
        for (Step s : steps) {
            if (s.size() > 0) {
                byte[] chunk = new byte[s.size()];
                java.util.Arrays.fill(chunk, (byte) serial++);
                chunk[0] = (byte) s.channel();
                d.deliver(BASE + "." + s.channel(), chunk);
                sent.get(s.channel()).add(chunk);
            } else if (read[s.channel()] < sent.get(s.channel()).size()) {
                assertThat(d.channel(IndexPath.of(s.channel())).next())
                        .isEqualTo(sent.get(s.channel()).get(read[s.channel()]++));
            }
        }
        for (int c = 0; c < 2; c++) {   // the rest, then the end
            d.deliver(BASE + "." + c, new byte[0]);
            ChunkSource src = d.channel(IndexPath.of(c));
            while (read[c] < sent.get(c).size()) {
                assertThat(src.next()).isEqualTo(sent.get(c).get(read[c]++));
            }
            assertThat(src.next()).isSameAs(CallChannels.EOF);
        }
        assertThat(budget.used()).as("all read: no chunk's room taken (at most the channels' bookkeeping)")
                .isLessThanOrEqualTo(2L * ChannelDemux.CHANNEL_COST);
        d.release();
        assertThat(budget.used()).isZero();
    }

    @Property(tries = 100)
    void aCallThatEndsUnreadGivesItsRoomBack(@ForAll("steps") List<Step> steps) {
        SpillBudget budget = new SpillBudget(dir, 1 << 20);
        StreamType bytes = StreamType.of(PrimitiveType.U8);
        ChannelDemux d = new ChannelDemux(BASE, List.of(bytes, bytes), 1000, Duration.ofSeconds(5));
        d.spillTo(budget);
        for (Step s : steps) {
            if (s.size() > 0) {
                d.deliver(BASE + "." + s.channel(), new byte[s.size()]);
            }
        }
        d.release();
        assertThat(budget.used()).isZero();
    }
}
