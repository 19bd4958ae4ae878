package org.wasmcloud4j.host;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.ExecutionWatchdog;
import org.wasmcloud4j.component.runtime.Func;
import org.wasmcloud4j.component.runtime.HostFunction;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.InstancePre;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.runtime.MemoryBudget;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.capability.BlobstoreCapability;
import org.wasmcloud4j.host.capability.ConfigCapability;
import org.wasmcloud4j.host.capability.SecretsCapability;
import org.wasmcloud4j.host.capability.KeyValueCapability;
import org.wasmcloud4j.host.capability.LoggingCapability;
import org.wasmcloud4j.host.capability.MessagingCapability;
import org.wasmcloud4j.host.lattice.InProcessLattice;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.host.oci.OciClient;
import org.wasmcloud4j.host.oci.RegistryCredential;
import org.wasmcloud4j.wasi.WasiConfig;
import org.wasmcloud4j.wasi.WasiHttp;

/**
 * An embedded wasmCloud host: components run under ids chosen by the caller, each invocation in an instance in the
 * state of a fresh one (new, or pooled and reset exactly — see {@link Builder#instanceReuse}), at most
 * {@code max_instances} at a time per component. Components are started,
 * scaled, updated in place to a new image (in-flight invocations finish on the old one) and stopped; every change
 * is a {@link LatticeEvent} to the listeners. Thread-safe.
 *
 * <pre>{@code
 * try (Host host = Host.builder().label("zone", "eu").build()) {
 *     host.startComponent("hello", "file:///srv/hello.wasm", 4);
 *     Optional<Value> r = host.invoke("hello", "greet", new Value.Str("world"));
 * }
 * }</pre>
 *
 * <p>Image references are {@code file://} URIs, paths ({@code /…}, {@code ./…}, {@code ../…}),
 * {@code classpath:} resources, or OCI references such as {@code ghcr.io/org/hello:0.1.0} or
 * {@code localhost:5000/hello@sha256:…} (optionally {@code oci://}), pulled as {@link OciClient} does with the
 * credentials, insecure registries and cache directory of the {@link Builder}; credentials can be added later with
 * {@link #putRegistryCredentials(Map)}.
 */
public final class Host implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Host.class);
    /** Component ids: what wash accepts, and always valid NATS subject tokens. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    /** Non-WASI interfaces the host implements itself (everything else non-WASI follows links). */
    private static final java.util.Set<String> BUILT_IN = java.util.Set.of("wasmcloud:bus/lattice",
            "wasmcloud:messaging/consumer", "wasmcloud:secrets/store", "wasmcloud:secrets/reveal");
    /** The host software version reported in events. */
    public static final String VERSION = "0.1.0";

    /**
     * A component as this host runs it.
     *
     * @param id the component id
     * @param imageRef the image it runs
     * @param maxInstances how many invocations may run at once
     * @param annotations the caller's annotations
     * @param config the names of its named configurations, merged left to right
     */
    public record ComponentDescription(String id, String imageRef, int maxInstances, Map<String, String> annotations,
            List<String> config) {
        /** Copies the annotations and config names. */
        public ComponentDescription {
            annotations = Map.copyOf(annotations);
            config = List.copyOf(config);
        }
    }


    private static final class Running {
        final String id;
        final Limiter limiter;
        final List<String> config;
        /** Its resolved secrets by reference name, owned here (cleared when it stops). */
        final Map<String, org.wasmcloud4j.secrets.SecretValue> secrets;
        volatile Deployment current;
        volatile int maxInstances;
        /** Its registration as a call target in the lattice. */
        AutoCloseable served;

        Running(String id, Deployment d, int maxInstances, List<String> config,
                Map<String, org.wasmcloud4j.secrets.SecretValue> secrets) {
            this.id = id;
            this.secrets = secrets;
            this.current = d;
            this.maxInstances = maxInstances;
            this.limiter = new Limiter(maxInstances);
            this.config = List.copyOf(config);
        }
    }

    private final Lattice lattice;
    private final String friendlyName;
    private final HostKey key;
    private volatile Map<String, String> labels;
    private final Engine engine;
    private final WasiConfig wasi;
    private final ImageLoader images;
    private final Duration maxExecutionTime;
    private final long slotTimeoutMillis;
    private final Duration slotTimeout;
    private final int maxComponents;
    private final boolean instanceReuse;
    private final Map<String, Running> components = new ConcurrentHashMap<>();
    /** The in-memory key-value store: the lattice's own when it is in-process (shared by its hosts). */
    private final KeyValueCapability keyValue;
    private final BlobstoreCapability blobstore;
    /** Runs message deliveries and HTTP requests: the caller's executor, or {@link #ownWork}. */
    private final java.util.concurrent.Executor work;
    /** The host's own pool when the caller gave no executor (shut down at stop); else {@code null}. */
    private final java.util.concurrent.ExecutorService ownWork;
    private final MessagingCapability messaging;
    private final ComponentSecrets componentSecrets;
    /** Subjects subscribed for messaging handler links, by the link's source, name and target. */
    private final Map<List<String>, List<String>> linkSubscriptions = new ConcurrentHashMap<>();
    /** Java capability providers: id → interface (unversioned {@code ns:pkg/iface}) → function → implementation. */
    private final Map<String, Map<String, Map<String, HostFunction>>> providers = new ConcurrentHashMap<>();
    /** Each provider's registration in the lattice, withdrawn by {@link #stopProvider}. */
    private final Map<String, AutoCloseable> providerServes = new ConcurrentHashMap<>();
    /** The typed interfaces of Java providers, by id: instance with version → function → type. */
    private final Map<String, Map<String, Map<String, FuncType>>> providerTypes = new ConcurrentHashMap<>();
    /** Built-in providers started by {@link #startProvider}, by id. */
    private final Map<String, BuiltinProvider> builtins = new ConcurrentHashMap<>();

    private record BuiltinProvider(String imageRef, Map<String, String> annotations, AutoCloseable running) {}

    /** Java providers {@link #startProvider} starts, by reference. */
    private final Map<String, ProviderFactory> providerFactories;
    /** What this host registered in the lattice (listeners, providers, message receiver): closed at stop. */
    private final List<AutoCloseable> registrations = new CopyOnWriteArrayList<>();
    private final ExecutionWatchdog watchdog;
    private final HostTelemetry telemetry;
    private final long startedNanos = System.nanoTime();
    private final java.util.concurrent.ScheduledExecutorService heartbeat;
    private final Object lifecycle = new Object();
    private volatile boolean stopping;

    private Host(Builder b) {
        this.blobstore = new BlobstoreCapability(b.blobstoreRoot);   // first: a bad root fails before anything starts
        this.lattice = b.latticeImpl != null ? b.latticeImpl : InProcessLattice.create(b.lattice);
        this.keyValue = KeyValueCapability.sharedBy(lattice);
        this.ownWork = b.executor != null ? null
                : java.util.concurrent.Executors.newCachedThreadPool(daemonThreads("wasmcloud4j-host-work"));
        this.work = b.executor != null ? b.executor : ownWork;
        this.messaging = new MessagingCapability(new MessagingCapability.Bus() {
            @Override
            public void publish(Value.RecordValue message) {
                publishMessage(message);
            }

            @Override
            public void handle(String componentId, Value.RecordValue message) {
                callComponent(componentId, MessagingCapability.HANDLER, "handle-message", List.of(message));
            }
        }, work);
        this.providerFactories = Map.copyOf(b.providerFactories);
        this.friendlyName = b.friendlyName != null ? b.friendlyName : randomFriendlyName();
        this.key = b.key != null ? b.key : HostKey.generate();
        String[] hostJwt = new String[1];
        this.componentSecrets = new ComponentSecrets(lattice, b.secretsBackends, b.secretsResolver, () -> {
            synchronized (hostJwt) {
                return hostJwt[0] != null ? hostJwt[0] : (hostJwt[0] = key.selfSignedJwt(friendlyName));
            }
        });
        Map<String, String> l = new LinkedHashMap<>(builtInLabels());
        l.putAll(b.labels);
        this.labels = Collections.unmodifiableMap(l);
        Engine.Builder eb = Engine.builder().mode(b.mode).maxMemoryPages(b.maxMemoryPages).memoryBudget(b.memoryBudget);
        if (b.compileCacheOff) {
            eb.noCompileCache();
        } else if (b.compileCache != null) {
            eb.compileCache(b.compileCache);
        }
        if (b.compileCacheMaxBytes > 0) {
            eb.compileCacheMaxBytes(b.compileCacheMaxBytes);
        }
        if (b.precompiledOff) {
            eb.noPrecompiledClasses();
        } else if (b.precompiledLoader != null) {
            eb.precompiledClassesFrom(b.precompiledLoader);
        }
        this.engine = eb.build();
        this.wasi = b.wasi;
        OciClient.Builder oci = OciClient.builder().maxLayerSize(Math.max(1, b.maxComponentSize));
        b.registryCredentials.forEach(oci::credential);
        b.insecureRegistries.forEach(oci::allowInsecure);
        if (b.imageCache == null) {
            oci.noCache();
        } else {
            oci.cache(b.imageCache);
        }
        this.images = new ImageLoader(b.classLoader, b.maxComponentSize, b.allowFileLoad, oci::build);
        this.maxExecutionTime = b.maxExecutionTime;
        this.slotTimeout = b.slotTimeout;
        this.slotTimeoutMillis = b.slotTimeout.toMillis();
        this.maxComponents = b.maxComponents;
        this.instanceReuse = b.instanceReuse;
        b.listeners.forEach(listener -> registrations.add(lattice.subscribe(listener)));
        registrations.add(lattice.subscribeMessages(messaging::deliver));
        this.telemetry = new HostTelemetry(b.openTelemetry, key.publicKey(), lattice.name(), VERSION);
        this.watchdog = new ExecutionWatchdog(maxExecutionTime,
                "wasmcloud4j-host-watchdog-" + key.publicKey().substring(0, 8));
        this.heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                daemonThreads("wasmcloud4j-host-heartbeat-" + key.publicKey().substring(0, 8)));
        long every = b.heartbeatInterval.toMillis();
        heartbeat.scheduleAtFixedRate(() -> emit("host_heartbeat", inventory()), every, every,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        ObjectNode data = LatticeEvent.newData();
        data.put("friendly_name", friendlyName);
        data.set("labels", labelsJson());
        data.put("uptime_seconds", 0);
        data.put("version", VERSION);
        registrations.add(lattice.join(this));   // control requests addressed to this host reach it now
        emit("host_started", data);
    }

    /** A builder with the defaults: lattice {@code default}, a new host key, a random friendly name. */
    public static Builder builder() {
        return new Builder();
    }

    /** The host id: its public nkey ({@code N…}). */
    public String hostId() {
        return key.publicKey();
    }

    /** The friendly name ({@code adjective-noun-NNNN} unless set). */
    public String friendlyName() {
        return friendlyName;
    }

    /** The name of the lattice this host belongs to. */
    public String lattice() {
        return lattice.name();
    }

    /** The labels: {@code hostcore.arch}, {@code hostcore.os}, {@code hostcore.osfamily} and the user's. */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * Merges registry credentials, keyed by registry {@code host[:port]}, into those used for later OCI pulls (a
     * registry given again is replaced), as wasmCloud's control-interface {@code registry.put} does. Running
     * components are not affected.
     */
    public void putRegistryCredentials(Map<String, RegistryCredential> credentials) {
        images.putCredentials(Map.copyOf(credentials));
    }

    /** Sets a user label at run time; emits {@code labels_changed} with the full map. */
    public void putLabel(String key, String value) {
        changeLabels(key, l -> l.put(key, Objects.requireNonNull(value, "value")));
    }

    /** Removes a user label; emits {@code labels_changed}. */
    public void deleteLabel(String key) {
        changeLabels(key, l -> l.remove(key));
    }

    private void changeLabels(String key, Consumer<Map<String, String>> change) {
        if (key.startsWith("hostcore.")) {
            throw new IllegalArgumentException("label '" + key + "': hostcore.* labels are set by the host");
        }
        synchronized (lifecycle) {
            Map<String, String> l = new LinkedHashMap<>(labels);
            change.accept(l);
            labels = Collections.unmodifiableMap(l);
        }
        ObjectNode data = LatticeEvent.newData();
        data.put("host_id", hostId());
        data.set("labels", labelsJson());
        emit("labels_changed", data);
    }

    /**
     * Receives every event of the lattice from now on (this host's and, in a shared lattice, the other hosts'), until
     * the returned handle is closed or this host stops.
     */
    public AutoCloseable addListener(Consumer<LatticeEvent> listener) {
        AutoCloseable handle = lattice.subscribe(Objects.requireNonNull(listener, "listener"));
        registrations.add(handle);
        return () -> {
            registrations.remove(handle);
            handle.close();
        };
    }

    /**
     * The host inventory as wasmCloud's control interface and heartbeats carry it: {@code components} (id, image_ref,
     * annotations, revision, max_instances), {@code providers}, {@code host_id}, {@code friendly_name},
     * {@code labels}, {@code version}, {@code uptime_human}, {@code uptime_seconds}.
     */
    public ObjectNode inventory() {
        ObjectNode inv = LatticeEvent.newData();
        com.fasterxml.jackson.databind.node.ArrayNode cs = inv.putArray("components");
        for (ComponentDescription c : components()) {
            ObjectNode o = cs.addObject();
            o.put("id", c.id());
            o.put("image_ref", c.imageRef());
            ObjectNode a = o.putObject("annotations");
            c.annotations().forEach(a::put);
            o.put("revision", 0);
            o.put("max_instances", c.maxInstances());
            o.putNull("limits");   // wasmCloud 1.9 always sends it, null when unset
        }
        com.fasterxml.jackson.databind.node.ArrayNode ps = inv.putArray("providers");
        providerIds().forEach(id -> {
            ObjectNode o = ps.addObject();
            o.put("id", id);
            BuiltinProvider b = builtins.get(id);
            if (b != null) {
                o.put("image_ref", b.imageRef());
                ObjectNode a = o.putObject("annotations");
                b.annotations().forEach(a::put);
            }
            o.put("revision", 0);
        });
        inv.put("host_id", hostId());
        inv.put("friendly_name", friendlyName);
        inv.set("labels", labelsJson());
        inv.put("version", VERSION);
        long up = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        inv.put("uptime_human", up / 3600 + "h " + up % 3600 / 60 + "m " + up % 60 + "s");
        inv.put("uptime_seconds", up);
        return inv;
    }

    /** The running components, by id. */
    public List<ComponentDescription> components() {
        List<ComponentDescription> out = new ArrayList<>();
        components.values().forEach(r -> out.add(new ComponentDescription(r.id, r.current.imageRef(), r.maxInstances,
                r.current.annotations(), r.config)));
        out.sort(java.util.Comparator.comparing(ComponentDescription::id));
        return out;
    }

    /** As {@link #startComponent(String, String, int, Map)} without annotations. */
    public void startComponent(String id, String imageRef, int maxInstances) {
        startComponent(id, imageRef, maxInstances, Map.of());
    }

    /**
     * Loads, validates, compiles and links {@code imageRef} and runs it as {@code id} with up to
     * {@code maxInstances} concurrent invocations; emits {@code component_scaled}, or
     * {@code component_scale_failed} and throws.
     *
     * @throws HostException for an invalid id, an id already running, a bad image, a component that does not link,
     *         or the host's component limit; nothing is left half-started
     */
    public void startComponent(String id, String imageRef, int maxInstances, Map<String, String> annotations) {
        startComponent(id, imageRef, maxInstances, annotations, List.of());
    }

    /**
     * As {@link #startComponent(String, String, int, Map)}, with the names of the named configurations the component
     * reads through {@code wasi:config/store} (merged left to right, the last one winning; a name may be put later).
     * Names starting with {@code SECRET} are secret references instead: each must exist and is resolved once, now,
     * through the backend it names (see {@link Builder#secretsBackend}); the component reads the values through
     * {@code wasmcloud:secrets/store} and {@code reveal}.
     */
    public void startComponent(String id, String imageRef, int maxInstances, Map<String, String> annotations,
            List<String> config) {
        checkId(id);
        config = List.copyOf(config);   // refuses null names before anything starts
        Objects.requireNonNull(imageRef, "imageRef");
        if (maxInstances < 1) {
            throw new IllegalArgumentException("maxInstances must be at least 1, got " + maxInstances);
        }
        synchronized (lifecycle) {
            checkOpen();
            if (components.containsKey(id)) {
                throw failed(id, imageRef, maxInstances, annotations, "component " + id
                        + " is already running (scale or update it)");
            }
            if (components.size() >= maxComponents) {
                throw failed(id, imageRef, maxInstances, annotations, "component " + id + ": the host runs "
                        + maxComponents + " components, its limit");
            }
            List<String> names = config;
            List<Map<String, org.wasmcloud4j.secrets.SecretValue>> resolved = new ArrayList<>(1);
            Deployment d;
            try {
                d = deploy(id, imageRef, maxInstances, annotations, bytes -> {
                    resolved.add(componentSecrets.resolve(bytes, names, annotations));
                    return resolved.get(0);
                });
            } catch (RuntimeException e) {
                resolved.forEach(m -> ComponentSecrets.close(m.values()));
                throw e;
            }
            Running r = new Running(id, d, maxInstances, config, resolved.isEmpty() ? Map.of() : resolved.get(0));
            r.served = lattice.serve(id, new Lattice.Target() {
                @Override
                public Optional<Value> call(String iface, String fn, List<Value> args) {
                    if (iface != null && iface.startsWith(KEYVALUE_WATCHER) && !args.isEmpty()
                            && args.get(0) instanceof Value.Str bucket) {
                        // a watcher event names its bucket (wrpc:keyvalue/watcher): the component gets a handle
                        return invoke(id, iface, fn, args, bucket.value());
                    }
                    return invoke(id, iface, fn, args);
                }

                @Override
                public Lattice.Session open() {
                    return localSession(id);
                }

                @Override
                public Map<String, Map<String, FuncType>> exports() {
                    return exportedFunctions(r.current.pre().component().type());
                }

                @Override
                public void handleHttp(org.wasmcloud4j.http.HttpExchange exchange) {
                    respondHttp(id, exchange);
                }
            });
            components.put(id, r);
            scaled(id, d, maxInstances);
            LOG.info("started component {} from {} (max {} instances)", id, imageRef, maxInstances);
        }
    }

    /**
     * Changes how many invocations of {@code id} may run at once; 0 stops it. Running invocations finish.
     *
     * @throws HostException for an unknown id
     */
    public void scaleComponent(String id, int maxInstances) {
        if (maxInstances < 0) {
            throw new IllegalArgumentException("maxInstances must not be negative, got " + maxInstances);
        }
        if (maxInstances == 0) {
            stopComponent(id);
            return;
        }
        synchronized (lifecycle) {
            Running r = running(id);
            r.maxInstances = maxInstances;
            r.limiter.setMax(maxInstances);
            scaled(id, r.current, maxInstances);
        }
    }

    /**
     * Replaces the image of {@code id} in place: the new image is loaded and linked first, then new invocations use
     * it while running ones finish on the old one. If the new image fails, the old one keeps running.
     *
     * @throws HostException for an unknown id or a new image that fails to start
     */
    public void updateComponent(String id, String newImageRef) {
        Objects.requireNonNull(newImageRef, "newImageRef");
        synchronized (lifecycle) {
            Running r = running(id);
            Deployment d = deploy(id, newImageRef, r.maxInstances, r.current.annotations(), bytes -> r.secrets);
            Deployment old = r.current;
            r.current = d;
            old.retire();
            scaled(id, d, r.maxInstances);
            LOG.info("updated component {} to {}", id, newImageRef);
        }
    }

    /**
     * Stops {@code id}: no new invocations; running ones finish. Emits {@code component_scaled} with
     * {@code max_instances} 0.
     *
     * @throws HostException for an unknown id
     */
    public void stopComponent(String id) {
        synchronized (lifecycle) {
            Running r = running(id);
            components.remove(id);
            withdraw(r);
            r.current.retire();
            ComponentSecrets.close(r.secrets.values());
            scaled(id, r.current, 0);
            LOG.info("stopped component {}", id);
        }
    }

    /**
     * Sets a link as wasmCloud does: it replaces the link with the same source, name, namespace, package and
     * target, or is added beside links of that source, name and package to other targets for other interfaces
     * (e.g. {@code store} to one target and {@code atomics} to another). Emits {@code linkdef_set}. The target need
     * not run yet: calls fail until it does.
     *
     * @throws HostException (after {@code linkdef_set_failed}) for an invalid id, a named configuration that does
     *         not exist, or interfaces already linked to another target under the same name
     */
    public void putLink(Link link) {
        checkId(link.sourceId());
        checkId(link.target());
        synchronized (lifecycle) {
            for (String config : concat(link.sourceConfig(), link.targetConfig())) {
                if (lattice.config(config).isEmpty()) {
                    throw linkFailed(link, "named configuration '" + config + "' does not exist");
                }
            }
            for (Link other : lattice.links()) {
                if (other.hasIdentity(link.sourceId(), link.name(), link.witNamespace(), link.witPackage())
                        && !other.target().equals(link.target())
                        && other.interfaces().stream().anyMatch(link.interfaces()::contains)) {
                    throw linkFailed(link, "interfaces " + other.interfaces() + " of " + link.witNamespace() + ":"
                            + link.witPackage() + " are already linked from " + link.sourceId() + " to "
                            + other.target() + " under the name '" + link.name() + "'");
                }
            }
            lattice.putLink(link);
            subscribeFromLink(link);
        }
        emit("linkdef_set", linkData(link));
    }

    /**
     * A link to a component for {@code wasmcloud:messaging/handler} subscribes it, as wasmCloud's messaging provider
     * does, to the comma-separated subjects of key {@code subscriptions} (any case) in the link's merged source
     * config; a {@code |queue} suffix is accepted and ignored (in process every message is delivered once anyway).
     */
    private void subscribeFromLink(Link link) {
        if (!link.witNamespace().equals("wasmcloud") || !link.witPackage().equals("messaging")
                || !link.interfaces().contains("handler")) {
            return;
        }
        unsubscribeLink(link);
        List<String> subjects = new ArrayList<>();
        merged(link.sourceConfig()).forEach((k, v) -> {
            if (k.equalsIgnoreCase("subscriptions")) {
                for (String s : v.split(",")) {
                    String subject = s.contains("|") ? s.substring(0, s.indexOf('|')).trim() : s.trim();
                    if (!subject.isEmpty()) {
                        subjects.add(subject);
                    }
                }
            }
        });
        subjects.forEach(subject -> messaging.subscribe(link.target(), subject));
        linkSubscriptions.put(List.of(link.sourceId(), link.name(), link.target()), subjects);
    }

    private void unsubscribeLink(Link link) {
        List<String> old = linkSubscriptions.remove(List.of(link.sourceId(), link.name(), link.target()));
        if (old != null) {
            old.forEach(subject -> messaging.unsubscribe(link.target(), subject));
        }
    }

    /** Deletes the links of {@code sourceId} with that name, namespace and package; emits {@code linkdef_deleted}. */
    public void deleteLink(String sourceId, String name, String witNamespace, String witPackage) {
        List<Link> removed;
        synchronized (lifecycle) {
            removed = lattice.deleteLinks(sourceId, name, witNamespace, witPackage);
            removed.forEach(this::unsubscribeLink);
        }
        ObjectNode data = LatticeEvent.newData();
        data.put("source_id", sourceId);
        data.put("name", name);
        data.put("wit_namespace", witNamespace);
        data.put("wit_package", witPackage);
        if (!removed.isEmpty()) {
            data.put("target", removed.get(0).target());
            removed.stream().flatMap(l -> l.interfaces().stream()).distinct().forEach(data.putArray("interfaces")::add);
        }
        emit("linkdef_deleted", data);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private ObjectNode linkData(Link link) {
        ObjectNode data = LatticeEvent.newData();
        data.put("source_id", link.sourceId());
        data.put("target", link.target());
        data.put("name", link.name());
        data.put("wit_namespace", link.witNamespace());
        data.put("wit_package", link.witPackage());
        link.interfaces().forEach(data.putArray("interfaces")::add);
        link.sourceConfig().forEach(data.putArray("source_config")::add);
        link.targetConfig().forEach(data.putArray("target_config")::add);
        return data;
    }

    private HostException linkFailed(Link link, String why) {
        ObjectNode data = linkData(link);
        String message = "link from " + link.sourceId() + " to " + link.target() + ": " + why;
        data.put("error", message);
        emit("linkdef_set_failed", data);
        return new HostException(message);
    }

    /** The links of the lattice, in no particular order. */
    public List<Link> links() {
        return lattice.links();
    }

    /**
     * Registers Java code as capability provider {@code id} for interface {@code interfaceName}
     * ({@code ns:pkg/iface}, version ignored): links whose target is {@code id} call these functions, on the calling
     * component's {@link Value}s.
     */
    public void putProvider(String id, String interfaceName, Map<String, HostFunction> functions) {
        putProvider(id, interfaceName, null, functions);
    }

    /**
     * As {@link #putProvider(String, String, Map)}, typed: {@code types} gives each function's type, so a lattice
     * that encodes values serves the provider to the whole lattice — over NATS as wRPC
     * {@code {lattice}.{id}.wrpc.0.0.1.{interfaceName}.{function}}, as wasmCloud's providers are served, so
     * components on wasmCloud hosts linked to {@code id} reach it. {@code interfaceName} then names the wire instance
     * with its version ({@code wrpc:keyvalue/store@0.2.0-draft}, {@code example:echo/echo@0.1.0}).
     *
     * @throws IllegalArgumentException when a function has no type, or the name has no version
     */
    public void putProvider(String id, String interfaceName, Map<String, FuncType> types,
            Map<String, HostFunction> functions) {
        checkId(id);
        InterfaceName name = InterfaceName.parse(interfaceName);
        String iface = name.unversioned();
        if (types != null) {
            if (name.version().isEmpty()) {
                throw new IllegalArgumentException("provider " + id + ": a typed interface needs its version ("
                        + interfaceName + ")");
            }
            for (String f : functions.keySet()) {
                if (!types.containsKey(f)) {
                    throw new IllegalArgumentException("provider " + id + ": no type for " + interfaceName + "." + f);
                }
            }
        }
        synchronized (lifecycle) {
            checkOpen();
            Map<String, Map<String, HostFunction>> provided = providers.computeIfAbsent(id,
                    k -> new ConcurrentHashMap<>());
            provided.put(iface, Map.copyOf(functions));
            Map<String, Map<String, FuncType>> exported = providerTypes.computeIfAbsent(id,
                    k -> new ConcurrentHashMap<>());
            exported.keySet().removeIf(in -> InterfaceName.parse(in).unversioned().equals(iface));
            if (types != null) {
                Map<String, FuncType> typed = new LinkedHashMap<>();
                functions.keySet().forEach(f -> typed.put(f, types.get(f)));
                exported.put(name.toString(), Map.copyOf(typed));
            }
            // (re)announced with what it now exports: components on other hosts of the lattice reach it too
            AutoCloseable old = providerServes.remove(id);
            if (old != null) {
                registrations.remove(old);
                close(old);
            }
            Map<String, Map<String, FuncType>> snapshot = Map.copyOf(exported);
            AutoCloseable served = lattice.serve(id, new Lattice.Target() {
                @Override
                public Optional<Value> call(String in, String fn, List<Value> args) {
                    return callProvider(id, InterfaceName.parse(in), fn, args);
                }

                @Override
                public Map<String, Map<String, FuncType>> exports() {
                    return snapshot;
                }
            });
            registrations.add(served);
            providerServes.put(id, served);
        }
    }

    /** The ids of the providers on this host (Java providers and started built-ins), sorted. */
    public List<String> providerIds() {
        java.util.TreeSet<String> ids = new java.util.TreeSet<>(providers.keySet());
        ids.addAll(builtins.keySet());
        return List.copyOf(ids);
    }

    /**
     * Starts provider {@code id} from {@code providerRef}, as wasmCloud's {@code provider.start} does. This host
     * runs in a JVM: it starts wasmCloud's built-in HTTP server provider ({@code wasmcloud+builtin://http-server},
     * address mode: each link from {@code id} to a component for {@code wasi:http/incoming-handler} serves it on
     * the link's {@code address} source config, default {@code default_address} of {@code config} or
     * {@code 0.0.0.0:8000}); native provider archives cannot run here and are refused. Emits
     * {@code provider_started}, or {@code provider_start_failed} and throws. (Java providers are registered with
     * {@link #putProvider}.)
     *
     * @throws HostException for an id already running, a reference this host cannot run, or a bad provider config
     */
    public void startProvider(String id, String providerRef, List<String> config, Map<String, String> annotations) {
        checkId(id);
        Objects.requireNonNull(providerRef, "providerRef");
        List<String> names = List.copyOf(config);
        Map<String, String> notes = Map.copyOf(annotations);
        synchronized (lifecycle) {
            checkOpen();
            String error = null;
            AutoCloseable running = null;
            if (providers.containsKey(id) || builtins.containsKey(id)) {
                error = "provider " + id + " is already running";
            } else if (providerFactories.containsKey(providerRef)) {
                try {
                    Map<String, Map<String, HostFunction>> fns = providerFactories.get(providerRef).start(id,
                            merged(names));
                    fns.forEach((iface, f) -> putProvider(id, iface, f));
                    running = () -> { };
                } catch (RuntimeException e) {
                    providers.remove(id);
                    providerTypes.remove(id);
                    close(providerServes.remove(id));
                    error = "provider " + id + " from '" + providerRef + "' failed to start: " + e.getMessage();
                }
            } else if (!providerRef.equals(BuiltinHttpServer.REF)) {
                error = "provider " + id + " from '" + providerRef + "': this host runs in a JVM and cannot start"
                        + " native capability providers (provider archives); it runs " + BuiltinHttpServer.REF
                        + " and Java providers registered with Host.putProvider or by reference with"
                        + " Host.Builder.providerFactory";
            } else {
                try {
                    running = new BuiltinHttpServer(this, id, merged(names), this::merged);
                } catch (HostException e) {
                    error = e.getMessage();
                }
            }
            if (error != null) {
                ObjectNode data = LatticeEvent.newData();
                data.put("provider_ref", providerRef);
                data.put("provider_id", id);
                data.put("error", error);
                data.put("link_name", "default");
                data.put("host_id", hostId());
                emit("provider_start_failed", data);
                throw new HostException(error);
            }
            builtins.put(id, new BuiltinProvider(providerRef, notes, running));
        }
        ObjectNode data = LatticeEvent.newData();
        data.put("host_id", hostId());
        data.put("image_ref", providerRef);
        data.put("provider_id", id);
        ObjectNode a = data.putObject("annotations");
        notes.forEach(a::put);
        emit("provider_started", data);
        LOG.info("started provider {} from {}", id, providerRef);
    }

    /**
     * Stops provider {@code id}: a started built-in, or a Java provider (links to it fail from now on). Emits
     * {@code provider_stopped} ({@code reason} {@code stop}).
     *
     * @return whether it was running
     */
    public boolean stopProvider(String id) {
        synchronized (lifecycle) {
            BuiltinProvider b = builtins.remove(id);
            boolean java = providers.remove(id) != null;
            providerTypes.remove(id);
            if (b == null && !java) {
                return false;
            }
            if (b != null) {
                close(b.running());
            }
            AutoCloseable served = providerServes.remove(id);
            if (served != null) {
                registrations.remove(served);
                close(served);
            }
        }
        ObjectNode data = LatticeEvent.newData();
        data.put("host_id", hostId());
        data.put("provider_id", id);
        data.putObject("annotations");
        data.put("reason", "stop");
        data.put("instance_id", id);
        data.put("public_key", id);
        data.put("link_name", "default");
        emit("provider_stopped", data);
        return true;
    }

    /** Sets named configuration {@code name} (replacing it); components using it see it on their next call. */
    public void putConfig(String name, Map<String, String> values) {
        lattice.putConfig(Objects.requireNonNull(name, "name"), Map.copyOf(values));
        ObjectNode data = LatticeEvent.newData();
        data.put("config_name", name);
        emit("config_set", data);
    }

    /** Deletes named configuration {@code name}. */
    public void deleteConfig(String name) {
        lattice.deleteConfig(name);
        ObjectNode data = LatticeEvent.newData();
        data.put("config_name", name);
        emit("config_deleted", data);
    }

    /** Named configuration {@code name}, if set. */
    public Optional<Map<String, String>> config(String name) {
        return lattice.config(name);
    }

    /**
     * Subscribes component {@code id} to {@code subject} (NATS wildcards allowed): messages published there reach its
     * {@code wasmcloud:messaging/handler} export.
     */
    public void subscribe(String id, String subject) {
        messaging.subscribe(Objects.requireNonNull(id, "id"), Objects.requireNonNull(subject, "subject"));
    }

    /** Ends a subscription. */
    public void unsubscribe(String id, String subject) {
        messaging.unsubscribe(id, subject);
    }

    /** Publishes a message to the host's subscribers (and to a request waiting on {@code subject}). */
    public void publish(String subject, byte[] body) {
        messaging.publish(MessagingCapability.message(subject, body, Optional.empty()));
    }

    /**
     * Publishes {@code body} with a fresh reply subject and returns the body of the first reply.
     *
     * @throws HostException when no reply comes within {@code timeout}
     */
    public byte[] request(String subject, byte[] body, Duration timeout) {
        return ((Value.ListValue) messaging.request(subject, body, timeout).fields().get("body")).toByteArray();
    }

    /** Calls component {@code id} here if it runs here (no lattice hop), else wherever it runs in the lattice. */
    Optional<Value> callComponent(String id, String interfaceName, String function, List<Value> args) {
        return components.containsKey(id) ? invoke(id, interfaceName, function, args)
                : lattice.call(id, interfaceName, function, args);
    }

    /** As {@link #callComponent(String, String, String, List)}, typed for a lattice that encodes values. */
    Optional<Value> callComponent(String id, String interfaceName, String function, FuncType type,
            Lattice.Caller caller, List<Value> args) {
        return components.containsKey(id) ? invoke(id, interfaceName, function, args)
                : lattice.call(id, interfaceName, function, type, caller, args);
    }

    /** A call to {@code id} on another host whose {@code stream<u8>} values flow ({@link Lattice#start}). */
    Lattice.StreamingCall startOverWire(String id, String interfaceName, String function, FuncType type,
            Lattice.Caller caller, List<Value> args) {
        return lattice.start(id, interfaceName, function, type, caller, args);
    }

    /** A session with component {@code id}: on this host if it runs here, else wherever it runs in the lattice. */
    Lattice.Session session(String id) {
        return components.containsKey(id) ? localSession(id) : lattice.open(id);
    }

    /**
     * A session on an instance of component {@code id} here, for resources across links: one of its slots and an
     * instance from its pool, kept until {@link Lattice.Session#close()} (then given back as any invocation's is).
     * Its calls run on the caller's thread, within the caller's invocation and its time limit.
     */
    private Lattice.Session localSession(String id) {
        Running r = enterSlot(id);
        Deployment d = r.current;
        Instance instance;
        try {
            instance = d.take();
        } catch (RuntimeException e) {
            r.limiter.release();
            throw e;
        }
        return new Lattice.Session() {
            private boolean failed;
            private boolean closed;

            @Override
            public Optional<Value> call(String interfaceName, String function, List<Value> args) {
                if (closed) {
                    throw new HostException("the session with component " + id + " is closed");
                }
                Func f = instance.func(interfaceName, function).orElseThrow(() -> new HostException("component "
                        + id + " exports no function " + interfaceName + "#" + function));
                try {
                    return f.call(args);
                } catch (RuntimeException e) {
                    failed = true;
                    throw e;
                }
            }

            @Override
            public void close() {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    d.release(instance, !failed, r.maxInstances);
                } finally {
                    r.limiter.release();
                }
            }
        };
    }

    /** Whether {@code id} is a Java provider registered on this host. */
    boolean isProvider(String id) {
        return providers.containsKey(id);
    }

    /**
     * Where an outgoing HTTP request of component {@code id} goes, asked on its invocation thread: to the HTTP client
     * provider its {@code wasi:http/outgoing-handler} link names when that provider is elsewhere in the lattice (as
     * wasmCloud sends it, {@code wrpc:http/outgoing-handler@0.1.0.handle}), else {@code null} (the host's own client).
     */
    private org.wasmcloud4j.http.OutgoingHttp outgoingHttpRoute(String id) {
        String linkName = BusCapability.currentLinkName("wasi:http/outgoing-handler");
        Link link = linkFor(id, linkName, "wasi", "http", "outgoing-handler");
        if (link == null || !reachedOverWire(link.target())) {
            return null;
        }
        String target = link.target();
        Lattice.Caller caller = new Lattice.Caller(id, linkName);
        return request -> lattice.sendHttp(target, caller, request);
    }

    /** Whether calls to {@code id} leave this process: nothing here serves it, and the lattice reaches it elsewhere. */
    boolean reachedOverWire(String id) {
        return !components.containsKey(id) && !providers.containsKey(id) && lattice.isRemote(id);
    }

    /** The executor for HTTP requests, or {@code null} when the router should use its own threads. */
    java.util.concurrent.Executor callerExecutor() {
        return ownWork == null ? work : null;
    }

    /** Publishes a {@code wasmcloud:messaging} message to the lattice (for {@link MessagingCapability}). */
    void publishMessage(Value.RecordValue message) {
        lattice.publishMessage(message);
    }

    /**
     * The bytes the in-memory {@code wasi:keyvalue} store holds under {@code key} in {@code bucket} (one store for
     * all hosts of an {@link InProcessLattice}).
     */
    public Optional<byte[]> keyValue(String bucket, String key) {
        return keyValue.get(bucket, key);
    }

    /**
     * The directory behind the host's {@code wasi:blobstore}: containers are its subdirectories, objects the files in
     * them. It is {@link Builder#blobstoreRoot}, or else a temporary directory created by this call or the first
     * blobstore call and deleted when the host stops.
     */
    public java.nio.file.Path blobstoreRoot() {
        return blobstore.root();
    }

    /** The merged configuration of component {@code id} now: its named configurations left to right. */
    private Map<String, String> mergedConfig(String id) {
        Running r = components.get(id);
        return merged(r == null ? List.of() : r.config);
    }

    /** Named configurations {@code names} merged left to right (the last one wins; missing ones are empty). */
    private Map<String, String> merged(List<String> names) {
        Map<String, String> merged = new LinkedHashMap<>();
        names.stream().filter(name -> !name.startsWith("SECRET"))   // secret references are never config
                .forEach(name -> merged.putAll(lattice.config(name).orElse(Map.of())));
        return merged;
    }

    /** The link of {@code sourceId} named {@code name} that carries {@code ns:pkg/iface}, or {@code null}. */
    Link linkFor(String sourceId, String name, String namespace, String pkg, String iface) {
        for (Link l : lattice.links()) {
            if (l.hasIdentity(sourceId, name, namespace, pkg) && l.interfaces().contains(iface)) {
                return l;
            }
        }
        return null;
    }

    /** As {@link #linkFor(String, String, String, String, String)} for an unversioned {@code ns:pkg/iface}. */
    private Link linkFor(String sourceId, String name, String unversionedInterface) {
        int colon = unversionedInterface.indexOf(':');
        int slash = unversionedInterface.indexOf('/', colon + 1);
        if (colon <= 0 || slash < 0) {
            return null;
        }
        return linkFor(sourceId, name, unversionedInterface.substring(0, colon),
                unversionedInterface.substring(colon + 1, slash), unversionedInterface.substring(slash + 1));
    }

    Optional<Value> callProvider(String id, InterfaceName in, String function, List<Value> args) {
        Map<String, HostFunction> fns = providers.getOrDefault(id, Map.of()).get(in.unversioned());
        HostFunction f = fns == null ? null : fns.get(function);
        if (f == null) {
            throw new HostException("provider " + id + " does not implement " + in.unversioned() + "#" + function);
        }
        return Optional.ofNullable(f.call(args));
    }

    /** A component's exported functions by interface ({@code ""} for root functions) and name. */
    static Map<String, Map<String, FuncType>> exportedFunctions(org.wasmcloud4j.component.types.ComponentType type) {
        Map<String, Map<String, FuncType>> out = new LinkedHashMap<>();
        type.exports().forEach((name, extern) -> {
            if (extern instanceof FuncType f) {
                out.computeIfAbsent("", k -> new LinkedHashMap<>()).put(name, f);
            } else if (extern instanceof org.wasmcloud4j.component.types.InterfaceType i && !i.functions().isEmpty()) {
                out.put(name, Map.copyOf(i.functions()));
            }
        });
        return out;
    }

    private static void withdraw(Running r) {
        close(r.served);
    }

    static void closeQuietly(AutoCloseable handle) {
        close(handle);
    }

    /** {@link Lattice#onLinksChanged} on this host's lattice, withdrawn when the host stops. */
    AutoCloseable latticeLinksChanged(Runnable listener) {
        AutoCloseable handle = lattice.onLinksChanged(listener);
        registrations.add(handle);
        return () -> {
            registrations.remove(handle);
            handle.close();
        };
    }

    private static void close(AutoCloseable handle) {
        try {
            if (handle != null) {
                handle.close();
            }
        } catch (Exception e) {
            LOG.warn("closing a lattice registration failed", e);
        }
    }

    /** Invokes a plain-named export of component {@code id}. */
    public Optional<Value> invoke(String id, String function, Value... args) {
        return invoke(id, null, function, List.of(args));
    }

    /**
     * Invokes {@code function} of the exported interface {@code interfaceName} ({@code null} for a plain-named
     * export) of component {@code id} in an instance in a fresh one's state, within the host's execution time limit.
     *
     * @throws HostException for an unknown component or function, no free instance slot in time, the execution time
     *         limit, or a stopping host
     * @throws Trap if the component traps (other components and later invocations are not affected)
     */
    public Optional<Value> invoke(String id, String interfaceName, String function, List<Value> args) {
        return invoke(id, interfaceName, function, args, null);
    }

    /** {@code wasi:keyvalue/watcher}, whose events name their bucket: see {@link #invoke(String, String, String, List, String)}. */
    static final String KEYVALUE_WATCHER = "wasi:keyvalue/watcher@";

    /**
     * {@link #invoke(String, String, String, List)}; with {@code bucket} non-null, the first argument is replaced by a
     * handle of that bucket opened for the component as its own {@code store.open} would (a
     * {@code wasi:keyvalue/watcher} event from a key-value provider names its bucket as a string).
     */
    private Optional<Value> invoke(String id, String interfaceName, String function, List<Value> args,
            String bucket) {
        // inSlot written out: this is every invocation's path, and a capturing lambda would cost an allocation
        Running r = enterSlot(id);
        Deployment d = r.current;
        HostTelemetry.Invocation scope = telemetry.start(id, d.imageRef(), interfaceName, function);
        ExecutionWatchdog.Ticket ticket = watchdog.start();
        Instance instance = null;
        boolean completed = false;
        try {
            instance = d.take();
            Func f = (interfaceName == null ? instance.func(function) : instance.func(interfaceName, function))
                    .orElse(null);
            if (f == null) {
                throw new HostException("component " + id + " exports no function "
                        + (interfaceName == null ? "" : interfaceName + "#") + function);
            }
            List<Value> callArgs = args;
            if (bucket != null) {
                List<Value> withHandle = new ArrayList<>(args);
                withHandle.set(0, d.openBucket(bucket));
                callArgs = withHandle;
            }
            Optional<Value> result = f.call(callArgs);
            completed = true;
            return result;
        } catch (RuntimeException e) {
            throw failed(id, e, ticket, scope);
        } finally {
            if (instance != null) {
                d.release(instance, completed, r.maxInstances);
            }
            leaveSlot(r, ticket, scope);
        }
    }

    /** {@link #serveHttp(java.net.InetSocketAddress, org.wasmcloud4j.http.HttpServerOptions)} with the defaults. */
    public HttpRouter serveHttp(java.net.InetSocketAddress address) throws java.io.IOException {
        return serveHttp(address, org.wasmcloud4j.http.HttpServerOptions.defaults());
    }

    /**
     * Serves HTTP on {@code address} for the components that export {@code wasi:http/incoming-handler}: each request
     * goes to the component routed by its {@code Host} header, else by the longest matching path prefix, and runs in
     * an instance within the component's slots ({@code max_instances}) and time limit (404 when no route matches,
     * 503 when the component's slots stay busy). The server comes from an
     * {@link org.wasmcloud4j.http.HttpServerProvider} on the class path ({@code wasmcloud4j-http-server}) and
     * enforces {@code options}. Stop it with {@link HttpRouter#close()}.
     *
     * @throws HostException when no HTTP server is on the class path (the message names the artifact to add)
     * @throws java.io.IOException when it cannot listen on {@code address}
     */
    public HttpRouter serveHttp(java.net.InetSocketAddress address, org.wasmcloud4j.http.HttpServerOptions options)
            throws java.io.IOException {
        checkOpen();
        org.wasmcloud4j.http.HttpServerProvider provider = org.wasmcloud4j.http.HttpServerProvider
                .find(Host.class.getClassLoader()).orElseThrow(() -> new HostException("serving HTTP needs an HTTP "
                        + "server on the class path: add " + org.wasmcloud4j.http.HttpServerProvider.ARTIFACT));
        return new HttpRouter(this, provider, address, options);
    }

    /**
     * Answers one HTTP exchange with component {@code id} (for {@link HttpRouter}), in an instance whose
     * {@code wasmcloud:bus/lattice} link names start at {@code default}; a W3C {@code traceparent} header of the
     * request is the parent of the invocation's span. A failure (trap, time limit) is counted in the invocation
     * error metric; when the response had started, the exchange is already aborted.
     */
    void respondHttp(String id, org.wasmcloud4j.http.HttpExchange exchange) {
        if (!components.containsKey(id)) {   // elsewhere in the lattice (another host, over wRPC for NATS)
            try {
                lattice.handleHttp(id, exchange);
            } catch (java.io.IOException e) {
                LOG.debug("HTTP client of component {} went away: {}", id, e.getMessage());
            }
            return;
        }
        try (io.opentelemetry.context.Scope parent = HostTelemetry.remoteParent(exchange.request()).makeCurrent()) {
            inSlot(id, "wasi:http/incoming-handler", "handle", (d, maxInstances) -> {
                Instance instance = d.take();
                boolean completed = false;
                try {
                    d.http().handle(instance, exchange);   // a trap poisons the instance
                    completed = true;
                } catch (java.io.IOException e) {
                    completed = true;   // the guest returned; only the client went away
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    d.release(instance, completed, maxInstances);
                }
                return Optional.empty();
            });
        }
    }

    /** Runs {@code work} on the current image of {@code id} within a slot, the time limit and telemetry. */
    /** What runs in a slot: on the component's current deployment, pooling at most {@code maxInstances}. */
    @FunctionalInterface
    private interface SlotWork {
        Optional<Value> run(Deployment d, int maxInstances);
    }

    private Optional<Value> inSlot(String id, String interfaceName, String function, SlotWork work) {
        Running r = enterSlot(id);
        Deployment d = r.current;
        HostTelemetry.Invocation scope = telemetry.start(id, d.imageRef(), interfaceName, function);
        ExecutionWatchdog.Ticket ticket = watchdog.start();
        try {
            return work.run(d, r.maxInstances);
        } catch (RuntimeException e) {
            throw failed(id, e, ticket, scope);
        } finally {
            leaveSlot(r, ticket, scope);
        }
    }

    /** Takes one of {@code id}'s instance slots, waiting up to the slot timeout. */
    private Running enterSlot(String id) {
        checkOpen();
        if (!watchdog.isRunning()) {   // fail closed: nothing runs without the time limit
            throw new HostException("host " + hostId() + " refuses invocations: its execution watchdog is not running, "
                    + "so the execution time limit of " + ExecutionWatchdog.describe(maxExecutionTime)
                    + " could not be enforced");
        }
        Running r = running(id);
        boolean slot;
        try {
            slot = r.limiter.acquire(slotTimeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("component " + id + ": interrupted while waiting for a free instance", e);
        }
        if (!slot) {
            throw new HostException("component " + id + ": all " + r.maxInstances + " instances stayed busy for "
                    + slotTimeout);
        }
        return r;
    }

    /** Ends the watch (clearing the interrupt if it was the watchdog's), frees the slot, ends the telemetry. */
    private static void leaveSlot(Running r, ExecutionWatchdog.Ticket ticket, HostTelemetry.Invocation scope) {
        ticket.close();
        r.limiter.release();
        scope.close();
    }

    /** What an invocation that failed with {@code e} throws: a trap from the watchdog's interrupt says so. */
    private RuntimeException failed(String id, RuntimeException e, ExecutionWatchdog.Ticket ticket,
            HostTelemetry.Invocation scope) {
        RuntimeException out = e instanceof Trap t && ticket.fired() ? new HostException("component " + id
                + ": invocation exceeded the host's execution time limit of "
                + ExecutionWatchdog.describe(maxExecutionTime), t) : e;
        scope.failed(out);
        return out;
    }

    /**
     * Stops the host: new invocations are refused at once, running ones get until {@code deadline} to finish, then
     * {@code host_stopped} is emitted. Idempotent.
     */
    public void stop(Duration deadline) {
        synchronized (lifecycle) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        long until = System.currentTimeMillis() + deadline.toMillis();
        try {
            for (Running r : components.values()) {
                if (!r.limiter.awaitIdle(until)) {
                    LOG.warn("component {} still had {} invocation(s) running at the stop deadline", r.id,
                            r.limiter.active());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String id : new ArrayList<>(components.keySet())) {
            Running r = components.remove(id);
            if (r != null) {
                withdraw(r);
                r.current.retire();
                ComponentSecrets.close(r.secrets.values());
                scaled(id, r.current, 0);
            }
        }
        builtins.values().forEach(b -> close(b.running()));
        builtins.clear();
        ObjectNode data = LatticeEvent.newData();
        data.set("labels", labelsJson());
        emit("host_stopped", data);
        registrations.forEach(Host::close);   // also leaves the lattice
        registrations.clear();
        heartbeat.shutdownNow();
        if (ownWork != null) {
            ownWork.shutdown();
        }
        watchdog.close();
        blobstore.close();
        engine.close();   // its background compiler thread
    }

    /** {@link #stop(Duration)} with 10 seconds for running invocations. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- internals

    private Deployment deploy(String id, String imageRef, int maxInstances, Map<String, String> annotations,
            java.util.function.Function<byte[], Map<String, org.wasmcloud4j.secrets.SecretValue>> secretsOf) {
        try {
            byte[] bytes = images.load(imageRef);
            Map<String, org.wasmcloud4j.secrets.SecretValue> secretValues = secretsOf.apply(bytes);
            Component component = Component.fromBytes(engine, bytes);
            Linker linker = new Linker(engine);
            WasiHttp http = WasiHttp.addToLinker(linker, wasi);
            http.routeOutgoing(() -> outgoingHttpRoute(id));
            ConfigCapability.define(linker, () -> mergedConfig(id));
            SecretsCapability.define(linker, secretValues);
            LoggingCapability.define(linker, id);
            LinkedCalls linked = new LinkedCalls(this, id, component, linker);
            keyValue.define(linked);   // linkable: a link for wasi:keyvalue or wasi:blobstore beats the built-in
            blobstore.define(linked, http);
            BusCapability.define(linker, (iface, name) -> linkFor(id, name, iface) != null);
            messaging.define(linked);   // linkable: a consumer link sends to a messaging provider
            linkImports(component, linked);
            return new Deployment(imageRef, linker.instantiatePre(component), annotations, http, instanceReuse, linked);
        } catch (RuntimeException e) {
            String why = e instanceof HostException ? e.getMessage() : e.getClass().getSimpleName() + ": "
                    + e.getMessage();
            throw failed(id, imageRef, maxInstances, annotations, "component " + id + ": " + why, e);
        }
    }

    /**
     * Every function of every non-WASI interface the component imports is answered by following the component's
     * link at call time, so links may be set, changed or deleted while it runs. Values are passed between the two
     * instances as they are, never encoded to bytes; resources cross as {@link LinkedCalls} describes.
     */
    private void linkImports(Component component, LinkedCalls linked) {
        component.type().imports().forEach((name, type) -> {
            if (!(type instanceof InterfaceType it) || it.name().isEmpty()
                    || it.name().get().packageName().namespaces().equals(List.of("wasi"))
                    || BUILT_IN.contains(it.name().get().unversioned())) {
                return;   // the host's own capabilities (keyvalue and blobstore route links themselves)
            }
            linked.linkImport(name, it);
        });
    }

    private HostException failed(String id, String imageRef, int maxInstances, Map<String, String> annotations,
            String message) {
        return failed(id, imageRef, maxInstances, annotations, message, null);
    }

    private HostException failed(String id, String imageRef, int maxInstances, Map<String, String> annotations,
            String message, Throwable cause) {
        ObjectNode data = componentData(id, imageRef, maxInstances, annotations);
        data.put("error", message);
        emit("component_scale_failed", data);
        LOG.warn("{}", message);
        return cause == null ? new HostException(message) : new HostException(message, cause);
    }

    private void scaled(String id, Deployment d, int maxInstances) {
        emit("component_scaled", componentData(id, d.imageRef(), maxInstances, d.annotations()));
    }

    private ObjectNode componentData(String id, String imageRef, int maxInstances, Map<String, String> annotations) {
        ObjectNode data = LatticeEvent.newData();
        ObjectNode a = data.putObject("annotations");
        annotations.forEach(a::put);
        data.put("host_id", hostId());
        data.put("image_ref", imageRef);
        data.put("max_instances", maxInstances);
        data.put("component_id", id);
        return data;
    }

    private ObjectNode labelsJson() {
        ObjectNode l = LatticeEvent.newData();
        labels.forEach(l::put);
        return l;
    }

    private void emit(String name, ObjectNode data) {
        lattice.publish(LatticeEvent.of(name, hostId(), data));
    }

    /** Named daemon threads for the host's executors (they never keep the JVM alive). */
    static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private Running running(String id) {
        Running r = components.get(Objects.requireNonNull(id, "id"));
        if (r == null) {
            throw new HostException("no component with id '" + id + "' runs on host " + hostId());
        }
        return r;
    }

    /** The watchdog enforcing the execution time limit (tests). */
    ExecutionWatchdog watchdog() {
        return watchdog;
    }

    private void checkOpen() {
        if (stopping) {
            throw new HostException("host " + hostId() + " is stopping");
        }
    }

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new HostException("invalid component id '" + id + "': use 1 to 200 of A-Z, a-z, 0-9, '_' and '-'");
        }
    }

    /** {@code hostcore.arch/os/osfamily} with Rust's names (x86_64, linux, unix), as wasmCloud hosts report. */
    static Map<String, String> builtInLabels() {
        String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        arch = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            case "x86", "i386", "i686" -> "x86";
            default -> arch;
        };
        String name = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        String os = name.startsWith("windows") ? "windows" : name.startsWith("mac") ? "macos"
                : name.startsWith("linux") ? "linux" : name.replace(' ', '_');
        Map<String, String> m = new LinkedHashMap<>();
        m.put("hostcore.arch", arch);
        m.put("hostcore.os", os);
        m.put("hostcore.osfamily", os.equals("windows") ? "windows" : "unix");
        return m;
    }

    private static final String[] ADJECTIVES = {"calm", "brave", "quiet", "bright", "swift", "gentle", "bold",
        "misty", "sunny", "lucky", "proud", "wild", "young", "ancient", "steady", "silent"};
    private static final String[] NOUNS = {"river", "meadow", "falcon", "harbor", "cedar", "comet", "glacier",
        "lantern", "orchard", "pebble", "summit", "willow", "canyon", "beacon", "island", "thunder"};

    private static String randomFriendlyName() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return ADJECTIVES[r.nextInt(ADJECTIVES.length)] + "-" + NOUNS[r.nextInt(NOUNS.length)] + "-"
                + String.format(Locale.ROOT, "%04d", r.nextInt(10_000));
    }

    /** Host configuration. */
    public static final class Builder {
        private String lattice = "default";
        private Lattice latticeImpl;
        private String friendlyName;
        private HostKey key;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Engine.Mode mode = Engine.Mode.TIERED;
        private java.nio.file.Path compileCache;
        private boolean compileCacheOff;
        private long compileCacheMaxBytes;
        private boolean precompiledOff;
        private ClassLoader precompiledLoader;
        private int maxMemoryPages = 65536 / 4;   // 1 GiB
        private MemoryBudget memoryBudget = MemoryBudget.jvmDefault();
        private long maxComponentSize = 50L << 20;
        private Duration maxExecutionTime = Duration.ofMinutes(10);
        private Duration slotTimeout = Duration.ofSeconds(30);
        private int maxComponents = 10_000;
        private java.util.concurrent.Executor executor;
        private boolean instanceReuse = true;
        private WasiConfig wasi = WasiConfig.builder().build();
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Host.class.getClassLoader();
        private final List<Consumer<LatticeEvent>> listeners = new ArrayList<>();
        private io.opentelemetry.api.OpenTelemetry openTelemetry;
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private boolean allowFileLoad = true;
        private final Map<String, ProviderFactory> providerFactories = new LinkedHashMap<>();
        private final Map<String, org.wasmcloud4j.secrets.SecretsBackend> secretsBackends = new LinkedHashMap<>();
        private java.util.function.Function<String, org.wasmcloud4j.secrets.SecretsBackend> secretsResolver =
                name -> null;
        private java.nio.file.Path blobstoreRoot;
        private final Map<String, RegistryCredential> registryCredentials = new LinkedHashMap<>();
        private final List<String> insecureRegistries = new ArrayList<>();
        private java.nio.file.Path imageCache = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
                "wasmcloud4j-oci-cache");

        private Builder() {
        }

        /**
         * How the host signs in to the OCI registry {@code registry} ({@code host[:port]} as image references write
         * it) when it pulls images; replaces an earlier credential for it.
         */
        public Builder registryCredential(String registry, RegistryCredential credential) {
            registryCredentials.put(Objects.requireNonNull(registry, "registry").toLowerCase(Locale.ROOT),
                    Objects.requireNonNull(credential, "credential"));
            return this;
        }

        /**
         * Pulls from {@code registry} ({@code host[:port]}, or a host for every port) over plain HTTP. Registries on
         * {@code localhost}, {@code 127.0.0.1} and {@code [::1]} always are; every other uses HTTPS.
         */
        public Builder allowInsecureRegistry(String registry) {
            insecureRegistries.add(Objects.requireNonNull(registry, "registry"));
            return this;
        }

        /**
         * Where pulled OCI manifests and layers are cached by digest (default
         * {@code ${java.io.tmpdir}/wasmcloud4j-oci-cache}, like wasmCloud's {@code wasmcloud_ocicache}); {@code null}
         * caches nothing. A reference with a digest is served from the cache without the network; a tag is always
         * resolved by the registry, its layers reused. Cached files are verified on every read.
         */
        public Builder imageCache(java.nio.file.Path dir) {
            this.imageCache = dir;
            return this;
        }

        /**
         * Adds a secrets backend, found by its {@link org.wasmcloud4j.secrets.SecretsBackend#name() name} (which
         * secret references name; a later backend of the same name replaces it). Config names starting with
         * {@code SECRET} given to {@code startComponent} are references, resolved once at start through these and
         * offered through {@code wasmcloud:secrets/store} and {@code reveal}; a missing reference, an unknown
         * backend or a refusal fails the start ({@code component_scale_failed} naming the reference, never a value).
         */
        public Builder secretsBackend(org.wasmcloud4j.secrets.SecretsBackend backend) {
            secretsBackends.put(backend.name(), backend);
            return this;
        }

        /**
         * Where backends not added by {@link #secretsBackend} come from: a function of the backend name, returning
         * {@code null} for a name it does not serve (e.g. {@code NatsSecretsBackend.resolver}, as
         * {@code --secrets-topic} does).
         */
        public Builder secretsBackends(java.util.function.Function<String, org.wasmcloud4j.secrets.SecretsBackend>
                byName) {
            this.secretsResolver = Objects.requireNonNull(byName, "byName");
            return this;
        }

        /**
         * Where metrics and spans go (default: {@code GlobalOpenTelemetry}, a no-op unless the application
         * installed an SDK).
         */
        public Builder openTelemetry(io.opentelemetry.api.OpenTelemetry otel) {
            this.openTelemetry = Objects.requireNonNull(otel, "otel");
            return this;
        }

        /**
         * The lattice name (default {@code default}); a NATS subject token. The host gets a lattice of its own with
         * that name; to share one with other hosts use {@link #lattice(Lattice)}.
         */
        public Builder lattice(String name) {
            if (name == null || !ID.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid lattice name '" + name + "'");
            }
            this.lattice = name;
            this.latticeImpl = null;
            return this;
        }

        /**
         * The lattice the host joins, e.g. one {@link InProcessLattice} for several hosts in this JVM: links, named
         * configuration, events and messages are shared, and linked calls reach components on the other hosts.
         */
        public Builder lattice(Lattice lattice) {
            this.latticeImpl = Objects.requireNonNull(lattice, "lattice");
            this.lattice = lattice.name();
            return this;
        }

        /** The friendly name (default: random {@code adjective-noun-NNNN}). */
        public Builder friendlyName(String name) {
            this.friendlyName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The host's key pair (default: a new one). */
        public Builder key(HostKey key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** A user label; {@code hostcore.*} keys are the host's own and refused. */
        public Builder label(String key, String value) {
            if (key.startsWith("hostcore.")) {
                throw new IllegalArgumentException("label '" + key + "': hostcore.* labels are set by the host");
            }
            labels.put(key, Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * The directory of the compiled-code cache (see {@link Engine.Builder#compileCache}; default under the user's
         * cache directory). It must be writable by the current user only.
         */
        public Builder compileCache(java.nio.file.Path directory) {
            this.compileCache = Objects.requireNonNull(directory, "directory");
            this.compileCacheOff = false;
            return this;
        }

        /**
         * The most bytes the compiled-code cache's entries may take (see {@link Engine.Builder#compileCacheMaxBytes};
         * default 1 GiB).
         *
         * @throws IllegalArgumentException if {@code maxBytes} is zero or negative
         */
        public Builder compileCacheMaxBytes(long maxBytes) {
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("compileCacheMaxBytes must be positive, got " + maxBytes);
            }
            this.compileCacheMaxBytes = maxBytes;
            return this;
        }

        /**
         * No compiled-code cache directory: modules compile on every start, unless compiled classes shipped on the
         * class path have them (see {@link #precompiledClassesFrom}).
         */
        public Builder noCompileCache() {
            this.compileCacheOff = true;
            this.compileCache = null;
            return this;
        }

        /**
         * Where compiled classes shipped with the application (the {@code wasmcloud4j-maven-plugin} goal
         * {@code precompile}) are looked for, only there (see {@link Engine.Builder#precompiledClassesFrom}; default:
         * the thread context class loader of the thread building the host, then wasmcloud4j's own).
         */
        public Builder precompiledClassesFrom(ClassLoader loader) {
            this.precompiledLoader = Objects.requireNonNull(loader, "loader");
            this.precompiledOff = false;
            return this;
        }

        /** Compiled classes on the class path are not looked for (see {@link Engine.Builder#noPrecompiledClasses}). */
        public Builder noPrecompiledClasses() {
            this.precompiledOff = true;
            this.precompiledLoader = null;
            return this;
        }

        /**
         * How core modules run: {@link Engine.Mode#TIERED} (default: interpreter at once, compiled code when ready or
         * from the cache), or one fixed mode, Chicory's compiler or its interpreter.
         */
        public Builder engineMode(Engine.Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The budget the linear memories of all the host's component instances are charged to, together (default
         * {@link MemoryBudget#jvmDefault()}: half the JVM's maximum heap, shared by every host and engine not given
         * another). A guest's {@code memory.grow} beyond it returns -1; an instance whose initial memory does not fit
         * fails to start and the invocation fails with a {@link org.wasmcloud4j.component.runtime.MemoryBudgetException}.
         * Pooled instances keep their (initial) pages; closed ones give them back. Give several hosts one budget to
         * bound them together.
         */
        public Builder memoryBudget(MemoryBudget budget) {
            this.memoryBudget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /** The largest linear memory a component instance may have, in 64 KiB pages (default 16384: 1 GiB). */
        public Builder maxLinearMemoryPages(int pages) {
            if (pages < 1) {
                throw new IllegalArgumentException("maxLinearMemoryPages must be at least 1");
            }
            this.maxMemoryPages = pages;
            return this;
        }

        /**
         * The largest component image accepted, in bytes (default 50 MiB); for OCI images also the largest layer
         * pulled, refused from its descriptor before it is downloaded.
         */
        public Builder maxComponentSize(long bytes) {
            this.maxComponentSize = bytes;
            return this;
        }

        /**
         * The longest one invocation may run (default 10 minutes, as wasmCloud); there is always a limit.
         *
         * @throws IllegalArgumentException if {@code d} is not positive
         */
        public Builder maxExecutionTime(Duration d) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("maxExecutionTime must be positive, got " + d);
            }
            this.maxExecutionTime = d;
            return this;
        }

        /** How long an invocation waits for a free instance slot before failing (default 30 s). */
        public Builder slotTimeout(Duration d) {
            this.slotTimeout = Objects.requireNonNull(d, "d");
            return this;
        }

        /** The most components the host runs at once (default 10 000). */
        public Builder maxComponents(int n) {
            this.maxComponents = n;
            return this;
        }

        /**
         * Whether invocations may run in a pooled instance that finished an earlier invocation normally and was reset
         * exactly to its post-instantiation state (default true; see {@code Instance.reset}); false makes a new
         * instance for every invocation. Either way each invocation starts from a fresh instance's state. At most
         * {@code max_instances} instances per component are pooled, each with its memory; the copy of the initial
         * memory a reset goes back to is shared by the instances whose initial memories are equal (usually all).
         */
        public Builder instanceReuse(boolean reuse) {
            this.instanceReuse = reuse;
            return this;
        }

        /**
         * Where the host runs the work it starts itself: message deliveries to components and HTTP requests served
         * by {@link Host#serveHttp} (default: the host's own daemon threads, shut down when it stops). The caller
         * keeps ownership of an executor given here — for example a virtual-thread executor on Java 21.
         */
        public Builder executor(java.util.concurrent.Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** What components see of WASI: environment, stdio, preopens, network allow-lists (default: nothing). */
        public Builder wasi(WasiConfig config) {
            this.wasi = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Where {@code classpath:} image references are looked up. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /** A listener that also receives {@code host_started}. */
        public Builder listener(Consumer<LatticeEvent> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Whether components may be loaded from files ({@code file:} references and paths). Default true: an
         * embedding program names its own files. A host answering a lattice's control interface (the launcher) sets
         * it false unless asked, as wasmCloud's {@code --allow-file-load}: a control request must not read the host's
         * files.
         */
        public Builder allowFileLoad(boolean allow) {
            this.allowFileLoad = allow;
            return this;
        }

        /**
         * Lets {@link Host#startProvider} (and so the lattice's {@code provider.start}) start a Java provider for
         * {@code providerRef} (any text, e.g. {@code java:my-keyvalue}): {@code factory} gives its functions.
         */
        public Builder providerFactory(String providerRef, ProviderFactory factory) {
            providerFactories.put(Objects.requireNonNull(providerRef, "providerRef"),
                    Objects.requireNonNull(factory, "factory"));
            return this;
        }


        /**
         * How often the host publishes {@code host_heartbeat} (its inventory); the first one comes one interval after
         * the start. Default 30 seconds, as wasmCloud.
         */
        public Builder heartbeatInterval(Duration every) {
            if (every.isZero() || every.isNegative()) {
                throw new IllegalArgumentException("the heartbeat interval must be positive");
            }
            this.heartbeatInterval = every;
            return this;
        }

        /**
         * The directory the built-in {@code wasi:blobstore@0.2.0-draft} keeps its containers in (created if missing
         * when the host is built): each container is a subdirectory, each object a file in it, a {@code /} in an
         * object name a subdirectory; names that could reach outside the directory are refused. Objects are written
         * to the staging directory {@code .wasmcloud4j-staging} under it and renamed into place when the component
         * finishes the value, so the directory must be on one file system; container names starting with
         * {@code .} are refused. The host never deletes this directory. Default: a temporary directory, created on
         * first use and deleted with everything in it when the host stops.
         */
        public Builder blobstoreRoot(java.nio.file.Path dir) {
            this.blobstoreRoot = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Starts the host (emits {@code host_started}).
         *
         * @throws IllegalArgumentException if the {@link #blobstoreRoot} cannot be created or is not a directory
         */
        public Host build() {
            return new Host(this);
        }
    }
}
