package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.host.lattice.Link;

/**
 * The local view of {@code LATTICEDATA} follows bucket revisions: another host's write that this host's watch
 * delivers after this host wrote on top of it (its compare-and-set read the newer entry) never takes this host's
 * link back, not even for a moment.
 */
class LatticeStateOrderingTest extends NatsHostsTest {
    private NatsLattice connect() {
        return NatsLattice.connect(NatsOptions.builder().server(nats.url()).lattice("ordering").build());
    }

    @Test
    void aLinkWrittenOnTopOfAnotherHostsWriteNeverVanishesWhenTheWatchCatchesUp() throws Exception {
        try (NatsLattice mine = connect(); NatsLattice other = connect()) {
            List<List<Link>> seen = new CopyOnWriteArrayList<>();
            mine.onLinksChanged(() -> seen.add(mine.links()));
            for (int i = 0; i < 60; i++) {
                Link theirs = Link.of("src", "theirs-" + i, "example:pkg", "iface");
                Link ours = Link.of("src", "ours-" + i, "example:pkg", "iface");
                other.putLink(theirs);
                mine.putLink(ours);   // reads the entry with theirs, before mine's watch may have delivered it
                assertThat(mine.links()).as("round %d", i).contains(theirs, ours);
            }
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.isEmpty() || seen.get(seen.size() - 1).size() < 120) {
                assertThat(System.nanoTime()).as("all 120 links seen within 10 s").isLessThan(until);
                Thread.sleep(10);
            }
            for (int i = 0; i < 60; i++) {
                Link ours = Link.of("src", "ours-" + i, "example:pkg", "iface");
                boolean in = false;
                for (List<Link> links : seen) {
                    if (links.contains(ours)) {
                        in = true;
                    } else {
                        assertThat(in).as("%s went missing after it was in", ours.target()).isFalse();
                    }
                }
            }
        }
    }
}
