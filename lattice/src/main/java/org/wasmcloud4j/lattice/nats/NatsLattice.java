package org.wasmcloud4j.lattice.nats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.NotServedException;
import org.wasmcloud4j.host.lattice.Lattice;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.host.lattice.Listeners;
import org.wasmcloud4j.host.lattice.LocalTargets;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.lattice.ctl.CtlSubjects;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcException;
import org.wasmcloud4j.lattice.wrpc.WrpcNoRespondersException;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;

/**
 * A {@link Lattice} over NATS, wire-compatible with wasmCloud 1.x hosts, {@code wash} and {@code wadm}: each
 * {@link Host} that joins answers the control interface {@code {prefix}.v1.{lattice}.…} (subscriptions and queue
 * groups as a wasmCloud host makes them); events go out as CloudEvents on {@code wasmbus.evt.{lattice}.{name}} and
 * events of other hosts reach this lattice's listeners; links and named config live in the
 * {@code LATTICEDATA_{lattice}} and {@code CONFIGDATA_{lattice}} JetStream buckets, watched whole.
 *
 * <pre>{@code
 * NatsLattice lattice = NatsLattice.connect(NatsOptions.builder().server("nats://127.0.0.1:4222").build());
 * Host host = Host.builder().lattice(lattice).build();
 * }</pre>
 *
 * <p>Calls reach components and providers served through this lattice object directly (values passed as they are);
 * typed calls to ids served elsewhere go over wRPC on the rpc connection, and every component served here is served
 * over wRPC under its id (queue group {@code {lattice}.{id}}), so wasmCloud hosts and providers reach it. Sessions
 * (resource handles across links) stay in this JVM. {@code wasmcloud:messaging} messages are delivered among the
 * hosts of this lattice object. Thread-safe; closing it closes its connections.
 */
public final class NatsLattice implements Lattice, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NatsLattice.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String EVENT_PREFIX = "wasmbus.evt.";
    /** The least time a connection attempt gets (a loaded machine or a TLS handshake can take seconds). */
    static final java.time.Duration CONNECT_TIMEOUT = java.time.Duration.ofSeconds(5);
    /** Attempts of the first connection before giving up (later disconnects follow the reconnect policy). */
    static final int CONNECT_ATTEMPTS = 3;

    private final NatsOptions options;
    private final CtlSubjects subjects;
    private final Connection ctl;
    private final Connection rpc;
    private final LatticeState state;
    private final Dispatcher eventDispatcher;
    private final Listeners<Consumer<LatticeEvent>> listeners;
    private final Listeners<Consumer<Value.RecordValue>> receivers;
    private final LocalTargets targets = new LocalTargets();
    private final List<CtlServer> servers = new CopyOnWriteArrayList<>();
    private final Listeners<Runnable> linkListeners;
    private final WrpcClient wrpcClient;
    private final WrpcServer wrpcServer;
    private final List<Consumer<String>> configListeners = new CopyOnWriteArrayList<>();

    private NatsLattice(NatsOptions options, Connection ctl, Connection rpc, ReconnectHook hook) {
        this.options = options;
        this.listeners = new Listeners<>("lattice " + options.lattice() + ": event listener");
        this.receivers = new Listeners<>("lattice " + options.lattice() + ": message receiver");
        this.linkListeners = new Listeners<>("lattice " + options.lattice() + ": link listener");
        this.subjects = CtlSubjects.of(options.ctlPrefix(), options.lattice());
        this.ctl = ctl;
        this.rpc = rpc;
        this.state = new LatticeState(ctl, options.lattice(), options.jsDomain(), options.requestTimeout(),
                this::configChanged, this::linksChanged);
        this.eventDispatcher = ctl.createDispatcher(this::onEvent);
        eventDispatcher.subscribe(EVENT_PREFIX + options.lattice() + ".>");
        try {
            this.wrpcClient = WrpcClient.builder().connection(rpc).lattice(options.lattice())
                    .spill(options.spillDirectory(), options.maxSpilledBytes()).build();
            this.wrpcServer = WrpcServer.builder().connection(rpc).lattice(options.lattice())
                    .spill(options.spillDirectory(), options.maxSpilledBytes()).build();
        } catch (IOException e) {
            state.close();
            throw new HostException("lattice " + options.lattice() + ": cannot start wRPC: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state.close();
            throw new HostException("interrupted while starting wRPC", e);
        }
        hook.target = this;
    }

    /** Forwards the control connection's reconnects to the lattice, once it exists. */
    private static final class ReconnectHook implements io.nats.client.ConnectionListener {
        private final String role;
        volatile NatsLattice target;

        ReconnectHook(String role) {
            this.role = role;
        }

        @Override
        public void connectionEvent(Connection conn, Events event) {
            LOG.info("NATS {} connection: {}", role, event);
            NatsLattice l = target;
            if (l != null && event == Events.RESUBSCRIBED) {
                // watches are JetStream consumers the server may have lost: load the state again, off this thread
                Thread t = new Thread(l.state::resync, "wasmcloud4j-lattice-resync");
                t.setDaemon(true);
                t.start();
            }
        }
    }

    /**
     * Connects to NATS and loads the lattice state (creating its buckets when missing).
     *
     * @throws HostException when the servers cannot be reached or JetStream is not available
     */
    public static NatsLattice connect(NatsOptions options) {
        Objects.requireNonNull(options, "options");
        Connection ctl = null;
        Connection rpc = null;
        try {
            ReconnectHook hook = new ReconnectHook("ctl");
            ctl = connectWithRetries(natsOptions(options, options.servers(), "ctl", hook), options);
            rpc = options.separateRpcConnection() ? connectWithRetries(natsOptions(options, options.rpcServers(),
                    "rpc", new ReconnectHook("rpc")), options) : ctl;
            return new NatsLattice(options, ctl, rpc, hook);
        } catch (IOException e) {
            closeQuietly(ctl, rpc);
            throw new HostException("cannot connect to NATS " + options.servers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(ctl, rpc);
            throw new HostException("interrupted while connecting to NATS " + options.servers(), e);
        } catch (RuntimeException e) {
            closeQuietly(ctl, rpc);
            throw e;
        }
    }

    private static Connection connectWithRetries(Options o, NatsOptions options)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < CONNECT_ATTEMPTS; attempt++) {
            try {
                return Nats.connect(o);
            } catch (IOException e) {
                last = e;
                LOG.warn("NATS {}: connection attempt {} of {} failed: {}", options.servers(), attempt + 1,
                        CONNECT_ATTEMPTS, e.getMessage());
                Thread.sleep(options.reconnectWait().toMillis());
            }
        }
        throw last;
    }

    private static Options natsOptions(NatsOptions o, List<String> servers, String role,
            io.nats.client.ConnectionListener listener) {
        Options.Builder b = new Options.Builder().servers(servers.toArray(String[]::new))
                .connectionName(o.connectionName() + "-" + role + "-" + o.lattice())
                .maxReconnects(o.maxReconnects()).reconnectWait(o.reconnectWait())
                .connectionTimeout(CONNECT_TIMEOUT.compareTo(o.requestTimeout()) > 0 ? CONNECT_TIMEOUT
                        : o.requestTimeout()).noEcho()
                .errorListener(new LoggingErrorListener(role))
                .connectionListener(listener);
        o.credsFile().ifPresent(f -> b.authHandler(Nats.credentials(f.toString())));
        if (o.hasJwt()) {
            b.authHandler(Nats.staticCredentials(o.jwt().toCharArray(), o.seed()));
        } else if (o.hasNkey()) {
            b.authHandler(new NkeyAuth(o.nkeySeed()));
        }
        o.tls().ifPresent(b::sslContext);
        return b.build();
    }

    private static void closeQuietly(Connection... cs) {
        for (Connection c : cs) {
            if (c != null) {
                try {
                    c.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The options this lattice was connected with. */
    public NatsOptions options() {
        return options;
    }

    @Override
    public String name() {
        return options.lattice();
    }

    /** Whether the control connection is connected now (false while it reconnects). */
    public boolean connected() {
        return ctl.getStatus() == Connection.Status.CONNECTED;
    }

    /** The control connection: JetStream state, events and (as wasmCloud does) secrets requests travel on it. */
    Connection ctlConnection() {
        return ctl;
    }

    /**
     * wasmCloud secrets-protocol clients on the control connection, by backend name (one client each, made on first
     * use), for {@code Host.Builder.secretsBackends}: {@code {topic}.v1alpha1.{backend}.…}.
     *
     * @throws IllegalArgumentException when {@code topic} is not a plain NATS subject
     */
    public java.util.function.Function<String, org.wasmcloud4j.secrets.SecretsBackend> secretsBackends(String topic) {
        return org.wasmcloud4j.lattice.secrets.NatsSecretsBackend.resolver(ctl, topic, options.requestTimeout());
    }

    Connection rpcConnection() {
        return rpc;
    }

    CtlSubjects subjects() {
        return subjects;
    }

    LatticeState state() {
        return state;
    }

    // ---------------------------------------------------------------------------------------------- hosts

    @Override
    public AutoCloseable join(Host host) {
        CtlServer server = new CtlServer(this, host);
        servers.add(server);
        return () -> {
            servers.remove(server);
            server.close();
        };
    }

    // ---------------------------------------------------------------------------------------------- events

    @Override
    public void publish(LatticeEvent event) {
        Objects.requireNonNull(event, "event");
        deliver(event);
        try {
            ctl.publish(EVENT_PREFIX + name() + "." + event.name(), JSON.writeValueAsBytes(event.toJson()));
        } catch (IOException | IllegalStateException | IllegalArgumentException e) {
            // IllegalArgumentException: over the server's max payload (a heartbeat of very many components)
            LOG.warn("lattice {}: cannot publish event {}: {}", name(), event.name(), e.getMessage());
        }
    }

    private void deliver(LatticeEvent event) {
        listeners.tell(l -> l.accept(event), event.name());
    }

    /** An event published by another NATS client (our own are delivered directly and not echoed back). */
    private void onEvent(Message m) {
        try {
            deliver(parseEvent(m.getSubject(), m.getData()));
        } catch (IllegalArgumentException e) {
            LOG.warn("lattice {}: ignoring a malformed event on {}: {}", name(), m.getSubject(), e.getMessage());
        }
    }

    /** A CloudEvent of the lattice; the event name comes from the subject. */
    static LatticeEvent parseEvent(String subject, byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String name = subject.substring(subject.lastIndexOf('.') + 1);
        String id = root.path("id").asText("");
        String source = root.path("source").asText("");
        if (id.isEmpty() || source.isEmpty()) {
            throw new IllegalArgumentException("CloudEvent without 'id' or 'source'");
        }
        Instant time;
        try {
            time = root.hasNonNull("time") ? Instant.parse(root.get("time").asText()) : Instant.now();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field 'time' is not RFC 3339: " + root.get("time").asText());
        }
        JsonNode data = root.path("data");
        ObjectNode d = data.isObject() ? (ObjectNode) data : JSON.createObjectNode();
        return new LatticeEvent(id, name, source, time, d);
    }

    @Override
    public AutoCloseable subscribe(Consumer<LatticeEvent> listener) {
        return listeners.add(listener);
    }

    // ---------------------------------------------------------------------------------------------- state

    @Override
    public List<Link> links() {
        return state.links();
    }

    @Override
    public void putLink(Link link) {
        checkConnected("put link " + link.name() + " of " + link.sourceId());
        state.putLink(link);
    }

    @Override
    public List<Link> deleteLinks(String sourceId, String name, String witNamespace, String witPackage) {
        checkConnected("delete links of " + sourceId);
        return state.deleteLinks(sourceId, name, witNamespace, witPackage);
    }

    private void linksChanged() {
        linkListeners.tell(l -> l.run(), "a link change");
    }

    private void configChanged(String name) {
        LOG.debug("lattice {}: config {} changed", options.lattice(), name);
        for (Consumer<String> l : configListeners) {
            try {
                l.accept(name);
            } catch (RuntimeException e) {
                LOG.warn("lattice {}: config listener failed: {}", name(), e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Runs {@code listener} with the name of a named configuration after it changes in {@code CONFIGDATA} (put,
     * changed or deleted, by this lattice object or any other writer; secret references excluded). It runs on the
     * thread that saw the change and must not block. Closing the handle unsubscribes.
     */
    AutoCloseable onConfigChanged(Consumer<String> listener) {
        Consumer<String> l = Objects.requireNonNull(listener, "listener");
        configListeners.add(l);
        return () -> configListeners.remove(l);
    }

    @Override
    public AutoCloseable onLinksChanged(Runnable listener) {
        return linkListeners.add(listener);
    }

    @Override
    public Optional<Map<String, String>> config(String name) {
        return state.config(name);
    }

    @Override
    public void putConfig(String name, Map<String, String> values) {
        CtlSubjects.of(options.ctlPrefix(), name);   // a KV key and a subject token
        checkConnected("put config " + name);
        state.putConfig(name, values);
    }

    @Override
    public boolean deleteConfig(String name) {
        checkConnected("delete config " + name);
        return state.deleteConfig(name);
    }

    /** A {@code SECRET_*} reference stored in {@code CONFIGDATA} (as string fields), if there is one. */
    public Optional<Map<String, String>> secretReference(String name) {
        return state.secretReference(name);
    }

    private void checkConnected(String what) {
        if (!connected()) {
            throw new HostException("cannot " + what + ": NATS is " + ctl.getStatus().name().toLowerCase()
                    + " (lattice " + name() + ")");
        }
    }

    // ---------------------------------------------------------------------------------------------- calls

    /**
     * Serves {@code target} under {@code id}: in this JVM directly, and to the rest of the lattice over wRPC — every
     * function the target {@linkplain Target#exports exports} with its type, on
     * {@code {lattice}.{id}.wrpc.0.0.1.{instance}.{function}} in queue group {@code {lattice}.{id}}, so wasmCloud
     * hosts, providers and {@code WrpcClient}s reach it. {@code wasi:http/incoming-handler} is served as
     * {@code wrpc:http/incoming-handler@0.1.0} and {@code wasi:keyvalue/watcher@0.2.0-draft} as
     * {@code wrpc:keyvalue/watcher@0.2.0-draft}, as wasmCloud does; other WASI exports are not served.
     */
    @Override
    public AutoCloseable serve(String id, Target target) {
        Objects.requireNonNull(target, "target");
        AutoCloseable local = targets.add(id, target);
        List<AutoCloseable> remote = new java.util.ArrayList<>();
        target.exports().forEach((instance, functions) -> {
            if (WrpcHttpMapping.isIncomingHandler(instance)) {   // served as wasmCloud serves it
                remote.add(wrpcServer.serveStreaming(id, WrpcHttpMapping.INSTANCE, WrpcHttpMapping.FUNCTION,
                        WrpcHttpMapping.HANDLE, call -> WrpcHttpMapping.serve(target, call)));
                return;
            }
            if (WrpcKeyValueWatcher.isWatcher(instance)) {   // its events name the bucket: the host opens it
                WrpcKeyValueWatcher.FUNCTIONS.forEach((function, wire) -> {
                    if (functions.containsKey(function)) {
                        remote.add(wrpcServer.serve(id, WrpcKeyValueWatcher.INSTANCE, function, wire,
                                (params, headers) -> target.call(instance, function, List.copyOf(params))
                                        .map(List::of).orElse(List.of())));
                    }
                });
                return;
            }
            if (instance.startsWith("wasi:")) {
                return;   // the other built-in WASI mappings are not served
            }
            functions.forEach((function, type) -> remote.add(wrpcServer.serve(id, instance, function, type,
                    (params, headers) -> target.call(instance.isEmpty() ? null : instance, function,
                            List.copyOf(params)).map(List::of).orElse(List.of()))));
        });
        return () -> {
            remote.forEach(r -> {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.debug("withdrawing a wRPC registration of {}: {}", id, e.toString());
                }
            });
            try {
                local.close();
            } catch (Exception e) {
                LOG.debug("withdrawing {}: {}", id, e.toString());
            }
        };
    }

    /**
     * Sends a component's outgoing HTTP request to HTTP client provider {@code id} as
     * {@code wrpc:http/outgoing-handler@0.1.0.handle}, both bodies streamed in chunks ({@code WrpcOutgoingHttp}).
     */
    @Override
    public org.wasmcloud4j.http.OutgoingHttp.Response sendHttp(String id, Caller caller,
            org.wasmcloud4j.http.OutgoingHttp.Request request) throws org.wasmcloud4j.http.OutgoingHttp.Failure {
        return WrpcOutgoingHttp.send(wrpcClient, id, caller, request);
    }

    /** Whether nothing in this JVM serves {@code id}, so calls to it go over wRPC. */
    @Override
    public boolean isRemote(String id) {
        return targets.pick(id).isEmpty();
    }

    @Override
    public Optional<Value> call(String id, String interfaceName, String function, List<Value> args) {
        return target(id).call(interfaceName, function, args);
    }

    /**
     * Calls {@code id} in this JVM when it is served here, else over wRPC on the rpc connection (10 s timeout,
     * {@code source-id} and {@code link-name} headers): the values are encoded as {@code type} says.
     *
     * @throws NotServedException when nothing serves the function under that id (no responders)
     * @throws HostException naming the id, interface and function when nothing answers, the call times out, or the
     *         results do not decode
     */
    @Override
    public Optional<Value> call(String id, String interfaceName, String function, FuncType type, Caller caller,
            List<Value> args) {
        Optional<Target> local = targets.pick(id);
        if (local.isPresent()) {
            return local.get().call(interfaceName, function, args);
        }
        String instance = interfaceName == null ? "" : interfaceName;
        try {
            List<Value> results = wrpcClient.invoke(id, instance, function, type, args, InvokeOptions.builder()
                    .sourceId(caller.sourceId()).linkName(caller.linkName()).build());
            return results.isEmpty() ? Optional.empty() : Optional.of(results.get(0));
        } catch (WrpcException e) {
            String message = "call to " + id + " (" + (instance.isEmpty() ? "" : instance + ".") + function
                    + ") over wRPC in lattice " + name() + " failed: " + e.getMessage();
            throw e instanceof WrpcNoRespondersException ? new NotServedException(message, e)
                    : new HostException(message, e);
        }
    }

    /**
     * Starts {@code function} of {@code interfaceName} on {@code id} over wRPC with its {@code stream<u8>} values
     * flowing ({@link WrpcClient#start}; 10 s timeout per wait, {@code source-id} and {@code link-name} headers, the
     * pending results' bytes within the wRPC buffer bound while unread).
     */
    @Override
    public StreamingCall start(String id, String interfaceName, String function, FuncType type, Caller caller,
            List<Value> args) {
        String instance = interfaceName == null ? "" : interfaceName;
        String what = "call to " + id + " (" + (instance.isEmpty() ? "" : instance + ".") + function + ") in lattice "
                + name();
        try {
            return new WireStreamingCall(wrpcClient.start(id, instance, function, type, args, InvokeOptions.builder()
                    .sourceId(caller.sourceId()).linkName(caller.linkName()).build()), what);
        } catch (WrpcException e) {
            throw WireStreamingCall.failure(what, e);
        }
    }

    /**
     * Answers an HTTP exchange with component {@code id}: in this JVM when it runs here, else over wRPC as
     * {@code wrpc:http/incoming-handler@0.1.0.handle} (bodies streamed in chunks both ways).
     */
    @Override
    public void handleHttp(String id, org.wasmcloud4j.http.HttpExchange exchange) throws IOException {
        Optional<Target> local = targets.pick(id);
        if (local.isPresent()) {
            local.get().handleHttp(exchange);
            return;
        }
        WrpcHttpMapping.call(wrpcClient, id, exchange);
    }

    @Override
    public Session open(String id) {
        return target(id).open();
    }

    private Target target(String id) {
        return targets.pick(id).orElseThrow(() -> new HostException("nothing in this JVM serves " + id
                + " in lattice " + name() + ", and the call has no types to go over wRPC"));
    }

    @Override
    public void publishMessage(Value.RecordValue message) {
        receivers.tell(l -> l.accept(message), "a message");
    }

    @Override
    public AutoCloseable subscribeMessages(Consumer<Value.RecordValue> receiver) {
        return receivers.add(receiver);
    }

    /** Leaves: stops answering control requests, closes the watches and the connections. */
    @Override
    public void close() {
        try {
            wrpcServer.close();
        } catch (Exception e) {
            LOG.debug("closing the wRPC server: {}", e.toString());
        }
        servers.forEach(CtlServer::close);
        servers.clear();
        state.close();
        try {
            ctl.flush(options.requestTimeout());   // events such as host_stopped leave before the connection closes
        } catch (Exception e) {
            LOG.debug("flushing before close: {}", e.toString());
        }
        try {
            ctl.closeDispatcher(eventDispatcher);
        } catch (RuntimeException e) {
            LOG.debug("closing the event dispatcher: {}", e.getMessage());
        }
        closeQuietly(rpc == ctl ? new Connection[] {ctl} : new Connection[] {ctl, rpc});
    }

    @Override
    public String toString() {
        return "NatsLattice[" + name() + " on " + options.servers() + "]";
    }
}
