package org.wasmcloud4j.host.capability;

import static org.wasmcloud4j.component.value.Value.ResultValue.ok;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.lattice.Lattice;

/**
 * {@code wasmcloud:messaging@0.2.0} in process: messages go through the host's {@link Lattice}, so components
 * subscribed on any host of the lattice receive them. On each host, components subscribed to a subject (NATS wildcards {@code *} and
 * {@code >}) receive published messages through their {@code handler.handle-message} export, each delivery an
 * invocation of its own on the host's executor; {@code consumer.request} publishes with a fresh reply subject and
 * waits for the first message published there.
 */
public final class MessagingCapability {
    /** What messaging needs of its host: the lattice's message bus and the handler exports of its components. */
    public interface Bus {
        /** Publishes {@code message} (a {@code broker-message}) to every host of the lattice. */
        void publish(Value.RecordValue message);

        /** Invokes {@code handler.handle-message} of component {@code componentId} with {@code message}. */
        void handle(String componentId, Value.RecordValue message);
    }

    /** The handler interface a subscribed component exports. */
    public static final String HANDLER = "wasmcloud:messaging/handler@0.2.0";
    private static final String CONSUMER = "wasmcloud:messaging/consumer@0.2.0";
    private static final Logger LOG = LoggerFactory.getLogger(MessagingCapability.class);

    private final Bus bus;
    private final java.util.concurrent.Executor deliveries;
    private final Map<String, Set<String>> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Value.RecordValue>> replies = new ConcurrentHashMap<>();

    /** Messaging over {@code bus}; each delivery to a handler runs on {@code deliveries}. */
    public MessagingCapability(Bus bus, java.util.concurrent.Executor deliveries) {
        this.bus = bus;
        this.deliveries = deliveries;
    }

    /**
     * Defines {@code wasmcloud:messaging/consumer} on {@code linker}: on a deployment's linked calls, a link for
     * {@code wasmcloud:messaging/consumer} sends the calls to its target (a messaging provider, here or — as
     * {@code wasmcloud:messaging/consumer@0.2.0.publish} / {@code .request} over wRPC — on another host); without one
     * they go to this bus.
     */
    public void define(CapabilityLinker linker) {
        linker.defineFunction(CONSUMER, "publish", a -> {
            publish((Value.RecordValue) a.get(0));
            return ok(null);
        });
        linker.defineFunction(CONSUMER, "request", a -> {
            String subject = ((Value.Str) a.get(0)).value();
            byte[] body = ((Value.ListValue) a.get(1)).toByteArray();
            long timeoutMs = ((Value.Int) a.get(2)).value();
            try {
                return ok(request(subject, body, Duration.ofMillis(timeoutMs)));
            } catch (HostException e) {
                return Value.ResultValue.err(new Value.Str(e.getMessage()));
            }
        });
    }

    /** Subscribes component {@code componentId} to {@code subject} (NATS wildcards allowed). */
    public void subscribe(String componentId, String subject) {
        subscriptions.computeIfAbsent(subject, s -> new CopyOnWriteArraySet<>()).add(componentId);
    }

    /** Withdraws a {@link #subscribe}. */
    public void unsubscribe(String componentId, String subject) {
        Set<String> ids = subscriptions.get(subject);
        if (ids != null) {
            ids.remove(componentId);
        }
    }

    /** A {@code broker-message} record. */
    public static Value.RecordValue message(String subject, byte[] body, Optional<String> replyTo) {
        Map<String, Value> fields = new java.util.LinkedHashMap<>();
        fields.put("subject", new Value.Str(subject));
        fields.put("body", Value.ListValue.ofBytes(body));
        fields.put("reply-to", new Value.OptionValue(replyTo.map(Value.Str::new)));
        return new Value.RecordValue(fields);
    }

    /** Publishes to the lattice: every host's {@link #deliver} sees the message. */
    public void publish(Value.RecordValue msg) {
        bus.publish(msg);
    }

    /** Delivers a message published in the lattice to a request waiting here and to every matching subscriber. */
    public void deliver(Value.RecordValue msg) {
        String subject = ((Value.Str) msg.fields().get("subject")).value();
        CompletableFuture<Value.RecordValue> waiter = replies.remove(subject);
        if (waiter != null) {
            waiter.complete(msg);
        }
        subscriptions.forEach((pattern, ids) -> {
            if (matches(pattern, subject)) {
                for (String id : ids) {
                    deliveries.execute(() -> {
                        try {
                            bus.handle(id, msg);
                        } catch (RuntimeException e) {
                            LOG.warn("delivering {} to component {} failed: {}", subject, id, e.getMessage());
                        }
                    });
                }
            }
        });
    }

    /** Publishes with a fresh reply subject and returns the first message published there. */
    public Value.RecordValue request(String subject, byte[] body, Duration timeout) {
        String inbox = "_INBOX." + UUID.randomUUID().toString().replace("-", "");
        CompletableFuture<Value.RecordValue> reply = new CompletableFuture<>();
        replies.put(inbox, reply);
        try {
            publish(message(subject, body, Optional.of(inbox)));
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new HostException("request on " + subject + ": no reply within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostException("request on " + subject + ": interrupted");
        } catch (ExecutionException e) {
            throw new HostException("request on " + subject + ": " + e.getCause(), e.getCause());
        } finally {
            replies.remove(inbox);
        }
    }

    /** NATS subject matching: {@code *} is one token, a final {@code >} one or more. */
    static boolean matches(String pattern, String subject) {
        String[] p = pattern.split("\\.", -1);
        String[] s = subject.split("\\.", -1);
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals(">")) {
                return i == p.length - 1 && s.length > i;
            }
            if (i >= s.length || !(p[i].equals("*") || p[i].equals(s[i]))) {
                return false;
            }
        }
        return p.length == s.length;
    }
}
