package org.wasmcloud4j.lattice.ctl;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for one wasmCloud host on the control interface, for client tests: it subscribes to exactly what a
 * host subscribes to (protocol notes §1.1, host-addressed subjects only for {@link Golden#HOST_ID}) on its own
 * connection and answers with the golden replies. Named config is kept (put/get/del work, with
 * {@code config_set}/{@code config_deleted} events), {@code label.put} refuses {@code hostcore.} keys as 1.9 does,
 * anything else answers a fixed golden reply. {@link #answer} overrides a reply (bytes, or null for silence).
 * Every request is recorded.
 */
public final class CtlTestPeer implements AutoCloseable {
    /** A request the peer saw. */
    public record Request(String subject, byte[] body) {
        /** The body as text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] SILENCE = new byte[0];

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final CtlSubjects subjects;
    private final Map<String, byte[]> overrides = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> config = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    private CtlTestPeer(Connection connection, CtlSubjects subjects) {
        this.connection = connection;
        this.subjects = subjects;
        this.dispatcher = connection.createDispatcher(this::handle);
        String b = subjects.base();
        String host = Golden.HOST_ID;
        dispatcher.subscribe(b + "registry.put");
        dispatcher.subscribe(b + "host.ping");
        dispatcher.subscribe(b + "component.auction");
        dispatcher.subscribe(b + "provider.auction");
        dispatcher.subscribe(b + "link.*", b + "link");
        dispatcher.subscribe(b + "claims.get", b + "claims");
        dispatcher.subscribe(b + "config.>", b + "config");
        for (String noun : List.of("component", "provider", "label", "host")) {
            dispatcher.subscribe(b + noun + ".*." + host);
        }
    }

    /** A peer for {@code lattice} under the default prefix, on a new connection to {@code url}. */
    public static CtlTestPeer start(String url, String lattice) throws Exception {
        return start(url, CtlSubjects.of(lattice));
    }

    /** A peer for {@code subjects}, on a new connection to {@code url}. */
    public static CtlTestPeer start(String url, CtlSubjects subjects) throws Exception {
        Connection c = Nats.connect(url);
        CtlTestPeer peer = new CtlTestPeer(c, subjects);
        c.flush(java.time.Duration.ofSeconds(5));
        return peer;
    }

    /** Answer requests on {@code {base}{suffix}} with {@code reply} (null: do not answer at all). */
    public void answer(String suffix, byte[] reply) {
        overrides.put(subjects.base() + suffix, reply == null ? SILENCE : reply);
    }

    /** Answer requests on {@code {base}{suffix}} with {@code json}. */
    public void answer(String suffix, String json) {
        answer(suffix, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Forgets the requests seen so far. */
    public void clearRequests() {
        requests.clear();
    }

    /** The next request seen, waiting up to 5 s. */
    public Request nextRequest() throws InterruptedException {
        Request r = requests.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the peer saw no request");
        }
        return r;
    }

    /** Publishes {@code json} on {@code wasmbus.evt.{lattice}.{name}}. */
    public void publishEvent(String name, byte[] json) throws Exception {
        connection.publish("wasmbus.evt." + subjects.lattice() + "." + name, json);
        connection.flush(java.time.Duration.ofSeconds(5));
    }

    private void handle(Message m) {
        String subject = m.getSubject();
        byte[] body = m.getData() == null ? new byte[0] : m.getData();
        requests.add(new Request(subject, body));
        byte[] reply = overrides.containsKey(subject) ? overrides.get(subject) : reply(subject, body);
        if (reply != SILENCE && reply != null && m.getReplyTo() != null) {
            connection.publish(m.getReplyTo(), reply);
        }
    }

    private byte[] reply(String subject, byte[] body) {
        String rel = subject.substring(subjects.base().length());
        String[] t = rel.split("\\.");
        String op = t[0] + "." + t[1];
        try {
            return switch (op) {
                case "host.ping" -> Golden.bytes("response-host.json");
                case "host.get" -> Golden.bytes("response-inventory.json");
                case "host.stop" -> {
                    StopHostCommand cmd = isEmpty(body) ? new StopHostCommand("", null)
                            : CtlJson.decode(body, StopHostCommand.class);
                    if (!cmd.hostId().isEmpty() && !cmd.hostId().equals(t[2])) {
                        yield ok(false, "host_id in the body does not match the subject");
                    }
                    yield ok(true, "");
                }
                case "component.auction" -> {
                    ComponentAuctionRequest req = CtlJson.decode(body, ComponentAuctionRequest.class);
                    yield !matches(req.constraints()) ? null : CtlJson.encode(CtlResponse.ok(new ComponentAuctionAck(
                            req.componentRef(), req.componentId(), Golden.HOST_ID, req.constraints())));
                }
                case "provider.auction" -> {
                    ProviderAuctionRequest req = CtlJson.decode(body, ProviderAuctionRequest.class);
                    yield !matches(req.constraints()) ? null : CtlJson.encode(CtlResponse.ok(new ProviderAuctionAck(
                            Golden.HOST_ID, req.providerRef(), req.providerId(), req.constraints())));
                }
                case "component.scale" -> {
                    CtlJson.decode(body, ScaleComponentCommand.class);
                    yield ok(true, "");
                }
                case "component.update" -> {
                    CtlJson.decode(body, UpdateComponentCommand.class);
                    yield ok(true, "");
                }
                case "provider.start" -> {
                    CtlJson.decode(body, StartProviderCommand.class);
                    yield ok(true, "");
                }
                case "provider.stop" -> {
                    CtlJson.decode(body, StopProviderCommand.class);
                    yield ok(true, "");
                }
                case "link.put" -> {
                    CtlJson.decode(body, Link.class);
                    yield ok(true, "");
                }
                case "link.del" -> {
                    CtlJson.decode(body, DeleteInterfaceLinkDefinitionRequest.class);
                    yield ok(true, "");
                }
                case "link.get" -> Golden.bytes("response-links.json");
                case "claims.get" -> Golden.bytes("response-claims.json");
                case "config.put" -> {
                    config.put(t[2], CtlJson.decode(body, CtlJson.Shape.STRING_MAP));
                    publishEvent("config_set", event("config_set", "{\"config_name\":\"" + t[2] + "\"}"));
                    yield ok(true, "successfully put config");
                }
                case "config.get" -> {
                    if (t[2].equals("redis")) {
                        yield Golden.bytes("response-config.json");
                    }
                    Map<String, String> c = config.get(t[2]);
                    yield c == null ? Golden.bytes("response-config-missing.json") : CtlJson.encode(CtlResponse.ok(c));
                }
                case "config.del" -> {
                    config.remove(t[2]);
                    publishEvent("config_deleted", event("config_deleted", "{\"config_name\":\"" + t[2] + "\"}"));
                    yield ok(true, "successfully deleted config");
                }
                case "label.put" -> {
                    HostLabel l = CtlJson.decode(body, HostLabel.class);
                    yield l.key().toLowerCase(java.util.Locale.ROOT).startsWith("hostcore.")
                            ? ok(false, "hostcore.* labels cannot be set") : ok(true, "");
                }
                case "label.del" -> {
                    CtlJson.decode(body, HostLabelIdentifier.class);
                    yield ok(true, "");
                }
                case "registry.put" -> {
                    CtlJson.decode(body, CtlJson.Shape.mapOf(RegistryCredential.class));
                    yield null;
                }
                default -> ok(false, "unsupported subject");
            };
        } catch (CtlDecodeException e) {
            return ok(false, e.getMessage());
        } catch (Exception e) {
            return ok(false, e.toString());
        }
    }

    /** Every constraint equals one of the golden host's labels (the auction rule of §1.3). */
    private static boolean matches(Map<String, String> constraints) {
        Map<String, String> labels = Golden.host().labels();
        return constraints.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static boolean isEmpty(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).isBlank();
    }

    private static byte[] ok(boolean success, String message) {
        return CtlJson.encode(new CtlResponse<>(success, message, null));
    }

    private static byte[] event(String name, String data) {
        return ("{\"specversion\":\"1.0\",\"id\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\""
                + CloudEvent.TYPE_PREFIX + name + "\",\"source\":\"" + Golden.HOST_ID + "\",\"time\":\""
                + java.time.Instant.now() + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
