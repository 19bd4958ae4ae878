package org.wasmcloud4j.lattice.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.lattice.ctl.CtlJson;

/**
 * The lattice state wasmCloud keeps in JetStream key-value buckets (protocol notes §3): {@code LATTICEDATA_{lattice}}
 * holds {@code COMPONENT_{id}} specifications ({@code {"url":…,"links":[…]}}, only the source's spec holds its
 * links), {@code CONFIGDATA_{lattice}} one JSON object of strings per named config, and {@code SECRET_*} references
 * beside them. Both buckets are created when missing (history 1, file storage, 1 replica) and watched whole, so a
 * link or config put through any host or {@code wash} takes effect here; the initial load fires no callbacks.
 * Writes go to the bucket and, at once, to the local view (the watch then confirms them); the view follows bucket
 * revisions, so an entry the watch delivers after a later one was applied is dropped. Thread-safe.
 */
final class LatticeState implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LatticeState.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String COMPONENT_PREFIX = "COMPONENT_";
    /** Names starting with this are secret references (wasmCloud's {@code SECRET_PREFIX}; wash writes {@code SECRET_{name}}). */
    static final String SECRET_PREFIX = "SECRET";
    private static final int MAX_CAS_ATTEMPTS = 16;

    private final Connection connection;
    private final String linkBucket;
    private final String configBucket;
    private final KeyValue links;
    private final KeyValue configs;
    /** Specs by entity id (from {@code COMPONENT_{id}}). */
    private final Map<String, Spec> specs = new ConcurrentHashMap<>();
    private volatile List<Link> linkList = List.of();
    private final Map<String, Map<String, String>> configValues = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> secretReferences = new ConcurrentHashMap<>();
    /**
     * The bucket revision each config name was last applied at (kept after a delete). Applying and notifying happen
     * under {@link #configLock}, by the watch and by this host's own writes alike, so a write's listeners have run
     * when it returns, and an entry the watch delivers late (older than what is applied) is dropped, not reapplied.
     */
    private final Map<String, Long> configRevisions = new java.util.HashMap<>();
    /** The bucket revision each spec was last applied at; guarded by {@code this} (see {@link #applySpec}). */
    private final Map<String, Long> specRevisions = new java.util.HashMap<>();
    private final Object configLock = new Object();
    private final List<NatsKeyValueWatchSubscription> watches = new ArrayList<>();
    private final Consumer<String> onConfigChange;
    private final Runnable onLinksChange;
    private java.time.Duration timeout;
    /** Keys seen by the watches' initial loads (to drop what vanished while disconnected), null when not loading. */
    private final Object resyncLock = new Object();
    private volatile boolean firstLoad = true;
    private volatile java.util.Set<String> loadedSpecs;
    private volatile java.util.Set<String> loadedConfigs;

    /** A component or provider specification: its image URL and its outgoing links. */
    record Spec(String url, List<Link> links) {
        Spec {
            links = List.copyOf(links);
        }
    }

    LatticeState(Connection connection, String lattice, Optional<String> jsDomain, java.time.Duration timeout,
            Consumer<String> onConfigChange, Runnable onLinksChange) {
        this.connection = connection;
        this.onLinksChange = onLinksChange;
        this.onConfigChange = onConfigChange;
        this.linkBucket = "LATTICEDATA_" + lattice;
        this.configBucket = "CONFIGDATA_" + lattice;
        KeyValueOptions.Builder kvo = KeyValueOptions.builder().jsRequestTimeout(timeout);
        jsDomain.ifPresent(kvo::jsDomain);
        KeyValueOptions options = kvo.build();
        try {
            KeyValueManagement kvm = connection.keyValueManagement(options);
            ensureBucket(kvm, linkBucket);
            ensureBucket(kvm, configBucket);
            this.links = connection.keyValue(linkBucket, options);
            this.configs = connection.keyValue(configBucket, options);
            this.timeout = timeout;
            watchAll();
        } catch (IOException | JetStreamApiException e) {
            close();
            throw new HostException("lattice " + lattice + ": cannot open the JetStream buckets " + linkBucket
                    + " and " + configBucket + " (is the server running with -js?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new HostException("interrupted while loading the lattice state", e);
        }
    }

    private static void ensureBucket(KeyValueManagement kvm, String bucket) throws IOException, JetStreamApiException {
        try {
            kvm.getStatus(bucket);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10059) {   // stream not found
                throw e;
            }
            try {
                kvm.create(KeyValueConfiguration.builder().name(bucket).maxHistoryPerKey(1)
                        .storageType(StorageType.File).replicas(1).build());
                LOG.info("created JetStream key-value bucket {}", bucket);
            } catch (JetStreamApiException raced) {
                kvm.getStatus(bucket);   // another host created it first: fine if it exists now
            }
        }
    }

    /** Not synchronized on this: the watch callbacks lock it while this waits for the initial load. */
    private void watchAll() throws IOException, JetStreamApiException, InterruptedException {
        loadedSpecs = ConcurrentHashMap.newKeySet();
        loadedConfigs = ConcurrentHashMap.newKeySet();
        watch(links, this::linkEntry, timeout);
        watch(configs, this::configEntry, timeout);
        java.util.Set<String> specKeys = loadedSpecs;
        java.util.Set<String> configKeys = loadedConfigs;
        loadedSpecs = null;
        loadedConfigs = null;
        for (String id : List.copyOf(specs.keySet())) {
            if (!specKeys.contains(id)) {
                applySpec(id, null, 0);
            }
        }
        for (String name : List.copyOf(configValues.keySet())) {
            if (!configKeys.contains(name)) {
                applyConfig(name, null, 0, true);
            }
        }
        secretReferences.keySet().removeIf(name -> !configKeys.contains(name));
        firstLoad = false;
    }

    /**
     * Watches both buckets again from their current contents, after a reconnect (the server may have lost the
     * watches' consumers): values changed or deleted meanwhile are applied, with callbacks.
     */
    void resync() {
        synchronized (resyncLock) {
            resyncOnce();
        }
    }

    private void resyncOnce() {
        closeWatches();
        synchronized (configLock) {
            configRevisions.clear();   // the reload is the truth now, also for a bucket made anew with lower revisions
        }
        synchronized (this) {
            specRevisions.clear();
        }
        try {
            watchAll();
            LOG.info("buckets {} and {} reloaded after a reconnect", linkBucket, configBucket);
        } catch (IOException | JetStreamApiException e) {
            LOG.error("cannot watch {} and {} again after a reconnect: {}", linkBucket, configBucket, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Watches {@code kv} whole; returns once the initial values are loaded (without callbacks for them). */
    private void watch(KeyValue kv, EntryHandler handler, java.time.Duration timeout)
            throws IOException, JetStreamApiException, InterruptedException {
        boolean initialLoad = firstLoad;
        CountDownLatch loaded = new CountDownLatch(1);
        NatsKeyValueWatchSubscription sub = kv.watchAll(new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                try {
                    handler.handle(entry, initialLoad && loaded.getCount() > 0);
                } catch (RuntimeException e) {
                    LOG.warn("bucket {}: ignoring key {} (revision {}): {}", kv.getBucketName(), entry.getKey(),
                            entry.getRevision(), e.getMessage());
                }
            }

            @Override
            public void endOfData() {
                loaded.countDown();
            }
        });
        watches.add(sub);
        if (!loaded.await(Math.max(timeout.toMillis(), 1000) * 5, TimeUnit.MILLISECONDS)) {
            throw new IOException("bucket " + kv.getBucketName() + " did not finish loading");
        }
    }

    @FunctionalInterface
    private interface EntryHandler {
        void handle(KeyValueEntry entry, boolean initial);
    }

    // ------------------------------------------------------------------------------------------------- links

    private void linkEntry(KeyValueEntry e, boolean initial) {
        String key = e.getKey();
        if (!key.startsWith(COMPONENT_PREFIX)) {
            LOG.debug("bucket {}: ignoring key {}", linkBucket, key);   // CLAIMS_*, pre-1.0 LINKDEF_*/REFMAP_*
            return;
        }
        String id = key.substring(COMPONENT_PREFIX.length());
        java.util.Set<String> seen = loadedSpecs;
        if (seen != null && e.getOperation() == KeyValueOperation.PUT) {
            seen.add(id);
        }
        if (e.getOperation() != KeyValueOperation.PUT) {
            LOG.warn("bucket {}: spec of {} deleted (running instances are not stopped)", linkBucket, id);
            applySpec(id, null, e.getRevision());
            return;
        }
        applySpec(id, parseSpec(id, e.getValue()), e.getRevision());
    }

    /**
     * Applies {@code spec} (null: deleted) of {@code id} at bucket {@code revision} (0: unknown) unless a later
     * revision is applied already: a write of this host, made after reading a newer entry than its watch has
     * delivered, is not taken back when the watch delivers the older one.
     */
    private synchronized void applySpec(String id, Spec spec, long revision) {
        if (!advances(specRevisions, id, revision)) {
            return;
        }
        if (spec == null) {
            specs.remove(id);
        } else {
            specs.put(id, spec);
        }
        List<Link> all = new ArrayList<>();
        specs.values().forEach(s -> all.addAll(s.links()));
        List<Link> before = linkList;
        linkList = List.copyOf(all);
        if (!firstLoad && !before.equals(linkList)) {
            onLinksChange.run();
        }
    }

    /** Every link of the lattice (an immutable snapshot). */
    List<Link> links() {
        return linkList;
    }

    /** Stores {@code link} in its source's spec, replacing one with the same source, name, namespace, package and target. */
    void putLink(Link link) {
        updateSpec(link.sourceId(), spec -> {
            List<Link> out = new ArrayList<>();
            for (Link l : spec.links()) {
                if (!(l.hasIdentity(link.sourceId(), link.name(), link.witNamespace(), link.witPackage())
                        && l.target().equals(link.target()))) {
                    out.add(l);
                }
            }
            out.add(link);
            return new Spec(spec.url(), out);
        });
    }

    /** Removes the links of {@code sourceId} with that name, namespace and package; returns them. */
    List<Link> deleteLinks(String sourceId, String name, String ns, String pkg) {
        List<Link> removed = new ArrayList<>();
        Spec current = specs.get(sourceId);
        if (current == null || current.links().stream().noneMatch(l -> l.hasIdentity(sourceId, name, ns, pkg))) {
            return removed;
        }
        updateSpec(sourceId, spec -> {
            removed.clear();
            List<Link> out = new ArrayList<>();
            for (Link l : spec.links()) {
                if (l.hasIdentity(sourceId, name, ns, pkg)) {
                    removed.add(l);
                } else {
                    out.add(l);
                }
            }
            return new Spec(spec.url(), out);
        });
        return removed;
    }

    /** Records the image URL of {@code id} in its spec (created if missing), keeping its links. */
    void putUrl(String id, String url) {
        updateSpec(id, spec -> spec.url().equals(url) ? spec : new Spec(url, spec.links()));
    }

    /** Read-modify-write of {@code COMPONENT_{id}} with compare-and-set on the revision. */
    private void updateSpec(String id, UnaryOperator<Spec> change) {
        String key = COMPONENT_PREFIX + id;
        for (int attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
            try {
                KeyValueEntry entry = links.get(key);
                Spec before = entry == null || entry.getValue() == null ? new Spec("", List.of())
                        : parseSpec(id, entry.getValue());
                Spec after = change.apply(before);
                byte[] bytes = specJson(after);
                long revision;
                try {
                    revision = entry == null ? links.create(key, bytes) : links.update(key, bytes, entry.getRevision());
                } catch (JetStreamApiException conflict) {
                    if (conflict.getApiErrorCode() == 10071 || conflict.getApiErrorCode() == 10164) {
                        continue;   // wrong last sequence / key exists: someone wrote first; read again
                    }
                    throw conflict;
                }
                applySpec(id, after, revision);
                return;
            } catch (IOException | JetStreamApiException e) {
                throw new HostException("cannot write " + key + " in " + linkBucket + ": " + e.getMessage(), e);
            }
        }
        throw new HostException("cannot write " + key + " in " + linkBucket + ": " + MAX_CAS_ATTEMPTS
                + " concurrent writers won in a row");
    }

    private Spec parseSpec(String id, byte[] value) {
        WireLinks.ComponentSpec wire = CtlJson.decode(value, WireLinks.ComponentSpec.class);
        List<Link> out = new ArrayList<>();
        for (org.wasmcloud4j.lattice.ctl.Link l : wire.links()) {
            try {
                out.add(WireLinks.fromWire(l));
            } catch (IllegalArgumentException e) {
                LOG.warn("bucket {}: spec of {}: ignoring a link: {}", linkBucket, id, e.getMessage());
            }
        }
        return new Spec(wire.url(), out);
    }

    private static byte[] specJson(Spec spec) {
        return CtlJson.encode(new WireLinks.ComponentSpec(spec.url(),
                spec.links().stream().map(WireLinks::toWire).toList()));
    }

    /** Whether {@code COMPONENT_{id}} exists. */
    boolean hasSpec(String id) {
        return specs.containsKey(id);
    }

    // ------------------------------------------------------------------------------------------------- config

    private void configEntry(KeyValueEntry e, boolean initial) {
        String name = e.getKey();
        java.util.Set<String> seen = loadedConfigs;
        if (seen != null && e.getOperation() == KeyValueOperation.PUT) {
            seen.add(name);
        }
        Map<String, String> values = e.getOperation() == KeyValueOperation.PUT ? parseConfig(name, e.getValue()) : null;
        applyConfig(name, values, e.getRevision(), !initial);
    }

    /**
     * Applies {@code values} (null: deleted) for {@code name} at bucket {@code revision} (0: unknown, a local
     * delete) unless a later revision is applied already, and tells the listeners when named config changed.
     */
    private void applyConfig(String name, Map<String, String> values, long revision, boolean notify) {
        synchronized (configLock) {
            if (!advances(configRevisions, name, revision)) {
                return;   // the watch delivering this host's own write, or an entry it redelivered late
            }
            Map<String, Map<String, String>> target = name.startsWith(SECRET_PREFIX) ? secretReferences : configValues;
            Map<String, String> before = values == null ? target.remove(name) : target.put(name, values);
            if (notify && target == configValues && !Objects.equals(values, before)) {
                onConfigChange.accept(name);
            }
        }
    }

    /**
     * Whether an entry of {@code key} at bucket {@code revision} (0: unknown, always applied) is newer than what
     * {@code revisions} records, recording it if so (caller holds the lock guarding {@code revisions}).
     */
    private static boolean advances(Map<String, Long> revisions, String key, long revision) {
        if (revision <= 0) {
            return true;
        }
        Long applied = revisions.get(key);
        if (applied != null && revision <= applied) {
            return false;
        }
        revisions.put(key, revision);
        return true;
    }

    static Map<String, String> parseConfig(String name, byte[] value) {
        JsonNode root;
        try {
            root = JSON.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + name + " is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("config " + name + " is not a JSON object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        root.fields().forEachRemaining(f -> {
            if (!f.getValue().isTextual()) {
                throw new IllegalArgumentException("config " + name + ": value of '" + f.getKey()
                        + "' is not a string");
            }
            out.put(f.getKey(), f.getValue().asText());
        });
        return Map.copyOf(out);
    }

    Optional<Map<String, String>> config(String name) {
        return Optional.ofNullable(configValues.get(name));
    }

    /**
     * Whether named config (or a {@code SECRET_*} reference) {@code name} exists: this host's copy, else the bucket
     * itself — a put handled by another host may not have reached this host's watch yet, and refusing a link or a
     * scale for config the lattice has would be wrong. A bucket that cannot be read counts as not having it.
     */
    boolean configStored(String name) {
        if ((name.startsWith(SECRET_PREFIX) ? secretReferences : configValues).containsKey(name)) {
            return true;
        }
        try {
            KeyValueEntry e = configs.get(name);
            return e != null && e.getOperation() == KeyValueOperation.PUT;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            LOG.debug("config bucket read of {} failed: {}", name, e.toString());
            return false;
        }
    }

    /** A {@code SECRET_*} reference as stored (a string map), kept apart from named config. */
    Optional<Map<String, String>> secretReference(String name) {
        return Optional.ofNullable(secretReferences.get(name));
    }

    void putConfig(String name, Map<String, String> values) {
        long revision;
        try {
            ObjectNode o = JSON.createObjectNode();
            values.forEach(o::put);
            revision = configs.put(name, JSON.writeValueAsBytes(o));
        } catch (IOException | JetStreamApiException e) {
            throw new HostException("cannot write config " + name + " in " + configBucket + ": " + e.getMessage(), e);
        }
        applyConfig(name, Map.copyOf(values), revision, true);
    }

    boolean deleteConfig(String name) {
        boolean existed;
        try {
            existed = configValues.containsKey(name) || secretReferences.containsKey(name)
                    || configs.get(name) != null;
            configs.purge(name);
        } catch (IOException | JetStreamApiException e) {
            throw new HostException("cannot purge config " + name + " in " + configBucket + ": " + e.getMessage(), e);
        }
        applyConfig(name, null, 0, true);   // the purge marker's revision is not returned; the watch applies it
        return existed;
    }

    String linkBucket() {
        return linkBucket;
    }

    String configBucket() {
        return configBucket;
    }

    @Override
    public void close() {
        closeWatches();
    }

    private void closeWatches() {
        for (NatsKeyValueWatchSubscription w : watches) {
            try {
                w.unsubscribe();
            } catch (RuntimeException e) {
                LOG.debug("closing a bucket watch: {}", e.getMessage());
            }
        }
        watches.clear();
    }
}
