package org.wasmcloud4j.host.lattice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HostException;

/**
 * A {@link Lattice} inside one JVM: the hosts built on it share links, named configuration, events, messages and
 * the built-in in-memory {@code wasi:keyvalue} store, and call each other's components and providers directly, passing {@link Value}s without encoding them. Calls to
 * an id several hosts serve go round-robin. Thread-safe.
 *
 * <pre>{@code
 * InProcessLattice lattice = InProcessLattice.create("default");
 * Host a = Host.builder().lattice(lattice).build();
 * Host b = Host.builder().lattice(lattice).build();
 * a.startComponent("web", "file:///srv/web.wasm", 4);
 * b.startComponent("counter", "file:///srv/counter.wasm", 4);
 * a.putLink(Link.of("web", "counter", "example:counter", "counter"));   // web on a calls counter on b
 * }</pre>
 */
public final class InProcessLattice implements Lattice {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessLattice.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    private final String name;
    private final Listeners<Consumer<LatticeEvent>> listeners;
    private final Listeners<Consumer<Value.RecordValue>> receivers;
    private final Listeners<Runnable> linkListeners;
    /** Links by source, name, namespace, package and target. */
    private final Map<List<String>, Link> links = new ConcurrentHashMap<>();
    /** An immutable copy of {@link #links}, replaced on every change: read on every linked call. */
    private volatile List<Link> linkList = List.of();
    private final Map<String, Map<String, String>> configs = new ConcurrentHashMap<>();
    private final LocalTargets targets = new LocalTargets();
    private final List<Host> hosts = new CopyOnWriteArrayList<>();

    private InProcessLattice(String name) {
        this.name = name;
        this.listeners = new Listeners<>("lattice " + name + ": event listener");
        this.receivers = new Listeners<>("lattice " + name + ": message receiver");
        this.linkListeners = new Listeners<>("lattice " + name + ": link listener");
    }

    /**
     * A new, empty lattice.
     *
     * @throws IllegalArgumentException for a name that is not 1 to 200 of {@code A-Z a-z 0-9 _ -}
     */
    public static InProcessLattice create(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid lattice name '" + name + "': use 1 to 200 of A-Z, a-z, 0-9,"
                    + " '_' and '-'");
        }
        return new InProcessLattice(name);
    }

    @Override
    public String name() {
        return name;
    }

    /** The running hosts of this lattice, in the order they started. */
    public List<Host> hosts() {
        return List.copyOf(hosts);
    }

    /** The running host with id {@code hostId} ({@code N…}), to control it as wasmCloud's ctl requests would. */
    public Optional<Host> host(String hostId) {
        for (Host h : hosts) {
            if (h.hostId().equals(hostId)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    @Override
    public AutoCloseable join(Host host) {
        Objects.requireNonNull(host, "host");
        hosts.add(host);
        return () -> hosts.remove(host);
    }

    @Override
    public void publish(LatticeEvent event) {
        Objects.requireNonNull(event, "event");
        listeners.tell(l -> l.accept(event), event.name());
    }

    @Override
    public AutoCloseable subscribe(Consumer<LatticeEvent> listener) {
        return listeners.add(listener);
    }

    @Override
    public List<Link> links() {
        return linkList;
    }

    @Override
    public synchronized void putLink(Link link) {
        links.put(List.of(link.sourceId(), link.name(), link.witNamespace(), link.witPackage(), link.target()), link);
        linkList = List.copyOf(links.values());
        linksChanged();
    }

    @Override
    public synchronized List<Link> deleteLinks(String sourceId, String name, String witNamespace,
            String witPackage) {
        List<Link> removed = new ArrayList<>();
        links.values().removeIf(l -> {
            boolean match = l.hasIdentity(sourceId, name, witNamespace, witPackage);
            if (match) {
                removed.add(l);
            }
            return match;
        });
        linkList = List.copyOf(links.values());
        if (!removed.isEmpty()) {
            linksChanged();
        }
        return removed;
    }

    private void linksChanged() {
        linkListeners.tell(l -> l.run(), "a link change");
    }

    @Override
    public AutoCloseable onLinksChanged(Runnable listener) {
        return linkListeners.add(listener);
    }

    @Override
    public Optional<Map<String, String>> config(String name) {
        return Optional.ofNullable(configs.get(name));
    }

    @Override
    public void putConfig(String name, Map<String, String> values) {
        configs.put(Objects.requireNonNull(name, "name"), Map.copyOf(values));
    }

    @Override
    public boolean deleteConfig(String name) {
        return configs.remove(name) != null;
    }

    @Override
    public AutoCloseable serve(String id, Target target) {
        return targets.add(id, target);
    }

    @Override
    public Optional<Value> call(String id, String interfaceName, String function, List<Value> args) {
        return target(id).call(interfaceName, function, args);
    }

    /** The next host serving {@code id} answers the exchange (HTTP routed on one host to a component on another). */
    @Override
    public void handleHttp(String id, org.wasmcloud4j.http.HttpExchange exchange) throws java.io.IOException {
        target(id).handleHttp(exchange);
    }

    /** A session on the next host serving {@code id} (round-robin, as calls): its instance stays there. */
    @Override
    public Session open(String id) {
        return target(id).open();
    }

    private Target target(String id) {
        return targets.pick(id).orElseThrow(() -> new HostException("no component or provider with id '" + id
                + "' runs in lattice " + name));
    }

    @Override
    public void publishMessage(Value.RecordValue message) {
        Objects.requireNonNull(message, "message");
        receivers.tell(l -> l.accept(message), "a message");
    }

    @Override
    public AutoCloseable subscribeMessages(Consumer<Value.RecordValue> receiver) {
        return receivers.add(receiver);
    }

    @Override
    public String toString() {
        return "InProcessLattice[" + name + ", " + hosts.size() + " host(s)]";
    }
}
