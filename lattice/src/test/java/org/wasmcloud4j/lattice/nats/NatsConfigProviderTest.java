package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.config.ConfigBundle;
import org.wasmcloud4j.config.ConfigChange;
import org.wasmcloud4j.lattice.NatsServer;

/** CONFIGDATA as a ConfigProvider: reads, and changes made by this lattice object or another writer. */
class NatsConfigProviderTest {
    @TempDir
    static Path dir;
    private static NatsServer nats;

    @BeforeAll
    static void start() throws Exception {
        nats = NatsServer.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
    }

    private static NatsLattice connect() {
        return NatsLattice.connect(NatsOptions.builder().server(nats.url()).lattice("cfgprov").build());
    }

    private static ConfigChange next(BlockingQueue<ConfigChange> q) throws InterruptedException {
        ConfigChange c = q.poll(10, TimeUnit.SECONDS);
        assertThat(c).as("a change within 10 s").isNotNull();
        return c;
    }

    @Test
    void changesByThisLatticeAndByAnotherWriterAreSeenAndSecretReferencesAreNotConfig() throws Exception {
        try (NatsLattice mine = connect(); NatsLattice other = connect();
                NatsConfigProvider provider = NatsConfigProvider.of(mine)) {
            BlockingQueue<ConfigChange> all = new LinkedBlockingQueue<>();
            BlockingQueue<ConfigChange> app = new LinkedBlockingQueue<>();
            provider.subscribeAll(all::add);
            provider.subscribe("app", app::add);

            mine.putConfig("app", Map.of("color", "red"));   // a local write: the watch then sees an equal value
            assertThat(next(app)).isEqualTo(ConfigChange.of("app", java.util.Optional.of(Map.of("color", "red"))));
            assertThat(provider.get("app")).contains(Map.of("color", "red"));

            other.putConfig("app", Map.of("color", "blue"));   // another writer, through the watch
            assertThat(next(app).value()).contains(Map.of("color", "blue"));
            other.putConfig("db", Map.of("url", "x"));
            other.putConfig("SECRET_db", Map.of("name", "db"));
            mine.deleteConfig("app");
            ConfigChange deleted = next(app);
            assertThat(deleted.deleted()).isTrue();
            assertThat(all).extracting(ConfigChange::name).doesNotContain("SECRET_db");
            assertThat(provider.get("SECRET_db")).isEmpty();

            other.putConfig("base", Map.of("a", "1", "b", "1"));
            other.putConfig("over", Map.of("b", "2"));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (provider.get("over").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            try (ConfigBundle bundle = ConfigBundle.open(provider, List.of("base", "over"))) {
                assertThat(bundle.current()).isEqualTo(Map.of("a", "1", "b", "2"));
                mine.putConfig("over", Map.of("b", "3"));
                assertThat(bundle.current()).isEqualTo(Map.of("a", "1", "b", "3"));   // a local write: at once
            }
        }
    }

    /**
     * A local write is seen by the listeners when it returns, even when this host's own watch delivers the same
     * write first (its notification then runs on the watch thread): repeated, since the two race.
     */
    @Test
    void aLocalWriteHasReachedTheListenersWhenItReturnsAlsoWhenTheWatchWinsTheRace() throws Exception {
        try (NatsLattice mine = connect(); NatsLattice other = connect();
                NatsConfigProvider provider = NatsConfigProvider.of(mine)) {
            other.putConfig("race", Map.of("n", "start"));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (provider.get("race").isEmpty() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            try (ConfigBundle bundle = ConfigBundle.open(provider, List.of("race"))) {
                for (int i = 0; i < 300; i++) {
                    mine.putConfig("race", Map.of("n", Integer.toString(i)));
                    assertThat(bundle.current()).as("after local write %d", i).isEqualTo(Map.of("n", Integer.toString(i)));
                    assertThat(provider.get("race")).contains(Map.of("n", Integer.toString(i)));
                }
            }
            // The watch's late deliveries of those writes never take the value back.
            Thread.sleep(300);
            assertThat(provider.get("race")).contains(Map.of("n", "299"));
        }
    }
}
