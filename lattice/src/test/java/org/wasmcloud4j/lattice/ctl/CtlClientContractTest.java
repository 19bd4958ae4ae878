package org.wasmcloud4j.lattice.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What {@link CtlClient} must do against any wasmCloud 1.x host: nothing here depends on the golden replies, so a
 * subclass can point it at a real host (a wasmcloud4j {@code NatsLattice} host, or wasmCloud itself) by giving a
 * client on that lattice and the id of one host there. {@link CtlClientPeerTest} runs it against the test peer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CtlClientContractTest {
    /** A client on the lattice under test (short gather timeout advised). */
    protected abstract CtlClient client();

    /** The id of a host running on that lattice. */
    protected abstract String hostId();

    @Test
    void pingFindsTheHost() {
        List<Host> hosts = client().getHosts();
        assertThat(hosts).extracting(Host::id).contains(hostId());
        assertThat(hosts).allSatisfy(h -> assertThat(h.lattice()).isEqualTo(client().subjects().lattice()));
    }

    @Test
    void inventoryOfTheHost() {
        HostInventory inv = client().getInventory(hostId());
        assertThat(inv.hostId()).isEqualTo(hostId());
    }

    @Test
    void aHostThatDoesNotExistHasNoResponders() {
        String subject = client().subjects().subject("host", "get", "NNOSUCHHOST");
        assertThatThrownBy(() -> client().getInventory("NNOSUCHHOST"))
                .isInstanceOf(CtlNoRespondersException.class).hasMessageContaining(subject)
                .satisfies(e -> assertThat(((CtlNoRespondersException) e).subject()).isEqualTo(subject));
    }

    @Test
    void configPutGetDelete() throws Exception {
        String name = "ctl-contract-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(client().getConfig(name)).isEmpty();
        try (EventStream events = client().events("config_set")) {
            client().putConfig(name, Map.of("a", "1", "b", "two"));
            assertThat(client().getConfig(name)).contains(Map.of("a", "1", "b", "two"));
            CloudEvent set = nextEventWith(events, "config_name", name);
            assertThat(set.name()).isEqualTo("config_set");
        }
        client().deleteConfig(name);
        assertThat(client().getConfig(name)).isEmpty();
    }

    @Test
    void hostcoreLabelsAreRefused() {
        assertThatThrownBy(() -> client().putLabel(hostId(), "hostcore.os", "plan9"))
                .isInstanceOf(CtlRefusedException.class)
                .satisfies(e -> assertThat(((CtlRefusedException) e).hostMessage()).isNotEmpty());
    }

    @Test
    void linksAreListed() {
        assertThat(client().getLinks()).allSatisfy(l -> assertThat(l.sourceId()).isNotEmpty());
    }

    @Test
    void unmatchableAuctionGetsNoAck() {
        List<ComponentAuctionAck> acks = client().auctionComponent(new ComponentAuctionRequest("ref",
                "contract-" + UUID.randomUUID().toString().substring(0, 8),
                Map.of("no-such-label", UUID.randomUUID().toString())));
        assertThat(acks).isEmpty();
    }

    /** The next event whose data has {@code field} = {@code value}, waiting up to 5 s. */
    protected static CloudEvent nextEventWith(EventStream events, String field, String value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            var e = events.poll(Duration.ofMillis(200));
            if (e.isPresent() && e.get().dataString(field).filter(value::equals).isPresent()) {
                return e.get();
            }
        }
        throw new AssertionError("no event with " + field + "=" + value + " on " + events.subject());
    }
}
