package org.wasmcloud4j.lattice.nats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.lattice.LatticeEvent;
import org.wasmcloud4j.host.oci.RegistryCredential;
import org.wasmcloud4j.lattice.ctl.ComponentAuctionAck;
import org.wasmcloud4j.lattice.ctl.ComponentAuctionRequest;
import org.wasmcloud4j.lattice.ctl.CtlDecodeException;
import org.wasmcloud4j.lattice.ctl.CtlJson;
import org.wasmcloud4j.lattice.ctl.CtlResponse;
import org.wasmcloud4j.lattice.ctl.CtlSubjects;
import org.wasmcloud4j.lattice.ctl.DeleteInterfaceLinkDefinitionRequest;
import org.wasmcloud4j.lattice.ctl.HostLabel;
import org.wasmcloud4j.lattice.ctl.HostLabelIdentifier;
import org.wasmcloud4j.lattice.ctl.ProviderAuctionAck;
import org.wasmcloud4j.lattice.ctl.ProviderAuctionRequest;
import org.wasmcloud4j.lattice.ctl.ScaleComponentCommand;
import org.wasmcloud4j.lattice.ctl.StartProviderCommand;
import org.wasmcloud4j.lattice.ctl.StopHostCommand;
import org.wasmcloud4j.lattice.ctl.StopProviderCommand;
import org.wasmcloud4j.lattice.ctl.UpdateComponentCommand;

/**
 * One host's side of the control interface (protocol notes §1): the subscriptions and queue groups a wasmCloud host
 * makes, each request decoded into its record (a malformed one gets {@code success:false} naming the field), carried
 * out on the {@link Host}, and answered in the {@code {success,message,response}} envelope. Scale, update, provider
 * start and host stop are answered at once and carried out in the background; auctions are answered only when the
 * host is eligible.
 */
final class CtlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CtlServer.class);
    /** How long {@code host.stop} waits for running invocations when the request names no timeout. */
    static final Duration DEFAULT_STOP_DEADLINE = Duration.ofSeconds(10);

    private final NatsLattice lattice;
    private final Host host;
    private final Connection connection;
    private final CtlSubjects subjects;
    private final Dispatcher dispatcher;
    /** Background work (scale, update, stop): one thread, so operations on this host keep their order. */
    private final ExecutorService background;

    CtlServer(NatsLattice lattice, Host host) {
        this.lattice = lattice;
        this.host = host;
        this.connection = lattice.ctlConnection();
        this.subjects = lattice.subjects();
        this.background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wasmcloud4j-ctl-" + host.hostId().substring(0, 8));
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = connection.createDispatcher(this::onMessage);
        String base = subjects.base();
        String id = host.hostId();
        dispatcher.subscribe(base + "registry.put");
        dispatcher.subscribe(base + "host.ping");
        if (lattice.options().componentAuctions()) {
            dispatcher.subscribe(base + "component.auction");
        }
        if (lattice.options().providerAuctions()) {
            dispatcher.subscribe(base + "provider.auction");
        }
        dispatcher.subscribe(base + "link.*", subjects.queueGroup("link"));
        dispatcher.subscribe(base + "claims.get", subjects.queueGroup("claims"));
        dispatcher.subscribe(base + "config.>", subjects.queueGroup("config"));
        dispatcher.subscribe(base + "component.*." + id);
        dispatcher.subscribe(base + "provider.*." + id);
        dispatcher.subscribe(base + "label.*." + id);
        dispatcher.subscribe(base + "host.*." + id);
        try {
            connection.flush(lattice.options().requestTimeout());   // subscribed at the server before we return
        } catch (Exception e) {
            LOG.warn("host {}: control subscriptions not confirmed by the server: {}", id, e.toString());
        }
    }

    private void onMessage(Message m) {
        String subject = m.getSubject();
        CtlResponse<?> reply;
        try {
            reply = handle(subject.substring(subjects.base().length()).split("\\.", -1), m.getData());
        } catch (CtlDecodeException e) {
            reply = CtlResponse.error(e.getMessage());
        } catch (HostException | IllegalArgumentException | IllegalStateException e) {
            reply = CtlResponse.error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("host {}: control request on {} failed", host.hostId(), subject, e);
            reply = CtlResponse.error("internal error: " + e);
        }
        if (reply != null && m.getReplyTo() != null) {
            respond(m, reply);
        }
    }

    private void respond(Message request, CtlResponse<?> reply) {
        Headers headers = null;
        Headers in = request.getHeaders();
        if (in != null && in.containsKey("traceparent")) {
            headers = new Headers();
            headers.put("traceparent", in.getFirst("traceparent"));
            if (in.containsKey("tracestate")) {
                headers.put("tracestate", in.getFirst("tracestate"));
            }
        }
        byte[] body = CtlJson.encode(reply);
        try {
            connection.publish(request.getReplyTo(), headers, body);
        } catch (IllegalArgumentException e) {   // over the server's max payload
            connection.publish(request.getReplyTo(), headers, CtlJson.encode(CtlResponse.error(
                    "reply of " + body.length + " bytes exceeds the server's max payload of "
                            + connection.getMaxPayload() + " bytes")));
        }
    }

    /** The reply to a request on {@code {base}.{tokens…}}, or null for none (an auction this host does not win). */
    private CtlResponse<?> handle(String[] t, byte[] body) {
        String op = t.length >= 2 ? t[0] + "." + t[1] : String.join(".", t);
        String arg = t.length == 3 ? t[2] : null;
        if (t.length > 3 || (t.length == 3 && !hostAddressed(t[0]) && !t[0].equals("config"))) {
            return CtlResponse.error("unsupported subject");
        }
        return switch (op) {
            case "host.ping" -> CtlResponse.ok(pong());
            case "host.get" -> CtlResponse.ok(host.inventory());
            case "host.stop" -> stopHost(body);
            case "component.auction" -> componentAuction(CtlJson.decode(body, ComponentAuctionRequest.class));
            case "provider.auction" -> providerAuction(CtlJson.decode(body, ProviderAuctionRequest.class));
            case "component.scale" -> scale(CtlJson.decode(body, ScaleComponentCommand.class));
            case "component.update" -> update(CtlJson.decode(body, UpdateComponentCommand.class));
            case "provider.start" -> startProvider(CtlJson.decode(body, StartProviderCommand.class));
            case "provider.stop" -> stopProvider(CtlJson.decode(body, StopProviderCommand.class));
            case "link.put" -> putLink(CtlJson.decode(body, org.wasmcloud4j.lattice.ctl.Link.class));
            case "link.del" -> deleteLink(CtlJson.decode(body, DeleteInterfaceLinkDefinitionRequest.class));
            case "link.get" -> CtlResponse.ok(host.links().stream().map(WireLinks::toWire).toList());
            case "claims.get" -> CtlResponse.ok(List.of());
            case "label.put" -> putLabel(CtlJson.decode(body, HostLabel.class));
            case "label.del" -> deleteLabel(CtlJson.decode(body, HostLabelIdentifier.class));
            case "registry.put" -> putRegistries(body);
            case "config.put" -> putConfig(arg, body);
            case "config.get" -> getConfig(arg);
            case "config.del" -> deleteConfig(arg);
            default -> CtlResponse.error("unsupported subject");
        };
    }

    private static boolean hostAddressed(String noun) {
        return noun.equals("component") || noun.equals("provider") || noun.equals("label") || noun.equals("host");
    }

    // ------------------------------------------------------------------------------------------------ host

    private org.wasmcloud4j.lattice.ctl.Host pong() {
        ObjectNode inv = host.inventory();
        Connection rpc = lattice.rpcConnection();
        return new org.wasmcloud4j.lattice.ctl.Host(host.hostId(), host.friendlyName(), host.labels(),
                host.lattice(), inv.path("uptime_seconds").asLong(), inv.path("uptime_human").asText(null),
                Host.VERSION, lattice.options().jsDomain().orElse(null), connection.getConnectedUrl(),
                rpc.getConnectedUrl());
    }

    private CtlResponse<?> stopHost(byte[] body) {
        StopHostCommand cmd = body.length == 0 ? new StopHostCommand(null, null)
                : CtlJson.decode(body, StopHostCommand.class);
        if (!cmd.hostId().isEmpty() && !cmd.hostId().equals(host.hostId())) {
            return CtlResponse.error("host_id " + cmd.hostId() + " does not match this host " + host.hostId());
        }
        Duration deadline = cmd.timeout() == null ? DEFAULT_STOP_DEADLINE : Duration.ofMillis(cmd.timeout());
        // not on the background executor: stopping closes this server, which shuts that executor down
        Thread stopper = new Thread(() -> host.stop(deadline), "wasmcloud4j-host-stop");
        stopper.setDaemon(false);   // the JVM waits for the graceful stop
        stopper.start();
        return CtlResponse.accepted("");
    }

    private boolean eligible(Map<String, String> constraints) {
        Map<String, String> labels = host.labels();
        return constraints.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private CtlResponse<?> componentAuction(ComponentAuctionRequest req) {
        boolean running = host.components().stream().anyMatch(c -> c.id().equals(req.componentId()));
        if (running || !eligible(req.constraints())) {
            return null;
        }
        return CtlResponse.ok(new ComponentAuctionAck(req.componentRef(), req.componentId(), host.hostId(),
                req.constraints()));
    }

    private CtlResponse<?> providerAuction(ProviderAuctionRequest req) {
        if (host.providerIds().contains(req.providerId()) || !eligible(req.constraints())) {
            return null;
        }
        return CtlResponse.ok(new ProviderAuctionAck(host.hostId(), req.providerRef(), req.providerId(),
                req.constraints()));
    }

    // ------------------------------------------------------------------------------------------------ components

    private CtlResponse<?> scale(ScaleComponentCommand cmd) {
        Optional<Host.ComponentDescription> running = host.components().stream()
                .filter(c -> c.id().equals(cmd.componentId())).findFirst();
        String id = cmd.componentId();
        if (running.isEmpty()) {
            if (cmd.count() == 0) {
                return CtlResponse.accepted("");
            }
            List<String> missing = missingConfig(cmd.config());
            background.execute(() -> {
                if (!missing.isEmpty()) {
                    scaleFailed(cmd, "Config " + String.join(", ", missing) + " does not exist");
                    return;
                }
                quietly("start " + id, () -> host.startComponent(id, cmd.componentRef(), cmd.count(),
                        cmd.annotations(), cmd.config()));
            });
            return CtlResponse.accepted("");
        }
        boolean sameRef = cmd.componentRef().isEmpty() || running.get().imageRef().equals(cmd.componentRef());
        if (!sameRef && !cmd.allowUpdate()) {
            background.execute(() -> quietly("scale " + id, () -> host.scaleComponent(id, cmd.count())));
            return CtlResponse.accepted("component " + id + " is running from " + running.get().imageRef()
                    + ", not " + cmd.componentRef() + ": scaled without updating (use component.update or "
                    + "allow_update)");
        }
        background.execute(() -> quietly("scale " + id, () -> {
            host.scaleComponent(id, cmd.count());
            if (!sameRef && cmd.count() > 0) {
                host.updateComponent(id, cmd.componentRef());
            }
        }));
        return CtlResponse.accepted("");
    }

    private List<String> missingConfig(List<String> names) {
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            // a name starting with SECRET is the reference's key unchanged (notes §10.19); one this host has not seen
            // yet is looked up in the bucket
            boolean found = n.startsWith(LatticeState.SECRET_PREFIX) ? lattice.secretReference(n).isPresent()
                    : host.config(n).isPresent();
            if (!found && !lattice.state().configStored(n)) {
                missing.add(n);
            }
        }
        return missing;
    }

    private void scaleFailed(ScaleComponentCommand cmd, String error) {
        ObjectNode data = LatticeEvent.newData();
        ObjectNode a = data.putObject("annotations");
        cmd.annotations().forEach(a::put);
        data.put("host_id", host.hostId());
        data.put("image_ref", cmd.componentRef());
        data.put("max_instances", cmd.count());
        data.put("component_id", cmd.componentId());
        data.put("error", error);
        lattice.publish(LatticeEvent.of("component_scale_failed", host.hostId(), data));
    }

    private CtlResponse<?> update(UpdateComponentCommand cmd) {
        if (host.components().stream().noneMatch(c -> c.id().equals(cmd.componentId()))) {
            return CtlResponse.error("component " + cmd.componentId() + " is not running on host " + host.hostId());
        }
        background.execute(() -> quietly("update " + cmd.componentId(),
                () -> host.updateComponent(cmd.componentId(), cmd.newComponentRef())));
        return CtlResponse.accepted("");
    }

    private void quietly(String what, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {   // the host has emitted the failure event
            LOG.warn("host {}: {} failed: {}", host.hostId(), what, e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ providers

    private CtlResponse<?> startProvider(StartProviderCommand cmd) {
        if (host.providerIds().contains(cmd.providerId())) {
            return CtlResponse.error("provider " + cmd.providerId() + " is already running on host "
                    + host.hostId());
        }
        List<String> missing = missingConfig(cmd.config());
        if (!missing.isEmpty()) {
            return CtlResponse.error("Config " + String.join(", ", missing) + " does not exist");
        }
        // the host emits provider_started, or provider_start_failed naming why (native archives cannot run here)
        background.execute(() -> quietly("start provider " + cmd.providerId(), () -> host.startProvider(
                cmd.providerId(), cmd.providerRef(), cmd.config(), cmd.annotations())));
        return CtlResponse.accepted("");
    }

    private CtlResponse<?> stopProvider(StopProviderCommand cmd) {
        if (!host.stopProvider(cmd.providerId())) {
            return CtlResponse.error("provider " + cmd.providerId() + " is not running on host " + host.hostId());
        }
        return CtlResponse.accepted("");
    }

    // ------------------------------------------------------------------------------------------------ links

    private CtlResponse<?> putLink(org.wasmcloud4j.lattice.ctl.Link wire) {
        List<String> missing = missingConfig(concat(wire.sourceConfig(), wire.targetConfig()));
        if (!missing.isEmpty()) {
            return CtlResponse.error("Config " + String.join(", ", missing) + " does not exist");
        }
        host.putLink(WireLinks.fromWire(wire));
        return CtlResponse.accepted("");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private CtlResponse<?> deleteLink(DeleteInterfaceLinkDefinitionRequest req) {
        boolean specExists = host.links().stream().anyMatch(l -> l.sourceId().equals(req.sourceId()))
                || lattice.state().hasSpec(req.sourceId());
        if (!specExists) {
            return CtlResponse.accepted("link for " + req.sourceId() + " on " + req.witNamespace() + ":"
                    + req.witPackage() + " (" + req.name() + ") not deleted (spec doesn't exist)");
        }
        host.deleteLink(req.sourceId(), req.name(), req.witNamespace(), req.witPackage());
        return CtlResponse.accepted("");
    }

    // ------------------------------------------------------------------------------------------------ labels, registries

    private CtlResponse<?> putLabel(HostLabel label) {
        host.putLabel(label.key(), label.value());
        return CtlResponse.accepted("");
    }

    private CtlResponse<?> deleteLabel(HostLabelIdentifier label) {
        if (label.key().regionMatches(true, 0, "hostcore.", 0, 9)) {
            return CtlResponse.error("label '" + label.key() + "': hostcore.* labels are set by the host");
        }
        if (host.labels().containsKey(label.key())) {
            host.deleteLabel(label.key());
        }
        return CtlResponse.accepted("");
    }

    private CtlResponse<?> putRegistries(byte[] body) {
        Map<String, org.wasmcloud4j.lattice.ctl.RegistryCredential> wire = CtlJson.decode(body,
                CtlJson.Shape.mapOf(org.wasmcloud4j.lattice.ctl.RegistryCredential.class));
        Map<String, RegistryCredential> creds = new LinkedHashMap<>();
        wire.forEach((registry, c) -> creds.put(registry, new RegistryCredential(c.username(), c.password(),
                c.token())));
        host.putRegistryCredentials(creds);
        return CtlResponse.accepted("");
    }

    // ------------------------------------------------------------------------------------------------ config

    private CtlResponse<?> putConfig(String name, byte[] body) {
        if (name == null) {
            return CtlResponse.error("config.put needs a config name as the last subject token");
        }
        Map<String, String> values = CtlJson.decode(body, CtlJson.Shape.STRING_MAP);
        host.putConfig(name, values);
        return CtlResponse.accepted("successfully put config");
    }

    private CtlResponse<?> getConfig(String name) {
        if (name == null) {
            return CtlResponse.error("config.get needs a config name as the last subject token");
        }
        Optional<Map<String, String>> values = name.startsWith(LatticeState.SECRET_PREFIX)
                ? lattice.secretReference(name) : host.config(name);
        return values.<CtlResponse<?>>map(CtlResponse::ok)
                .orElseGet(() -> CtlResponse.accepted("Configuration not found"));
    }

    private CtlResponse<?> deleteConfig(String name) {
        if (name == null) {
            return CtlResponse.error("config.del needs a config name as the last subject token");
        }
        host.deleteConfig(name);
        return CtlResponse.accepted("successfully deleted config");
    }

    @Override
    public void close() {
        try {
            connection.closeDispatcher(dispatcher);
        } catch (RuntimeException e) {
            LOG.debug("closing control dispatcher: {}", e.getMessage());
        }
        background.shutdown();
    }
}
