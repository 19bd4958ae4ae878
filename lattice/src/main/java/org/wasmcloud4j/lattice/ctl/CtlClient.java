package org.wasmcloud4j.lattice.ctl;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.support.NatsRequestCompletableFuture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A typed client of the wasmCloud control interface v1 — what {@code wash} does — for any wasmCloud 1.x lattice
 * (wasmCloud hosts and wasmcloud4j hosts alike).
 *
 * <pre>{@code
 * try (CtlClient ctl = CtlClient.builder().server("nats://127.0.0.1:4222").lattice("default").build()) {
 *     for (Host h : ctl.getHosts()) {
 *         HostInventory inv = ctl.getInventory(h.id());
 *     }
 *     ctl.scaleComponent(hostId, ScaleComponentCommand.of("ghcr.io/acme/hello:1.0", "hello", 1));
 * }
 * }</pre>
 *
 * <p>Every single-reply operation waits at most the {@linkplain Builder#requestTimeout request timeout} (default
 * 2 s) and then throws {@link CtlTimeoutException}; a subject nobody listens on is a
 * {@link CtlNoRespondersException}; a reply with {@code success:false} is a {@link CtlRefusedException} carrying
 * the host's message; a reply that is not valid JSON of the expected shape is a {@link CtlDecodeException} naming
 * the field and the subject. Operations that several hosts answer ({@link #getHosts()} and the auctions) gather
 * replies for the whole {@linkplain Builder#gatherTimeout gather timeout} (default 5 s), as {@code wash} does; a
 * malformed reply among them is skipped and logged, so one misbehaving host cannot hide the others.
 *
 * <p>Thread-safe. Closing it closes the NATS connection it opened (not one handed to
 * {@link Builder#connection(Connection)}).
 */
public final class CtlClient implements AutoCloseable {
    /** The default request timeout, as {@code wash}'s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** The least time a connection attempt gets (a loaded machine or a TLS handshake can take seconds). */
    static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default time {@link #getHosts()} and the auctions gather replies, as {@code wash}'s auction timeout. */
    public static final Duration DEFAULT_GATHER_TIMEOUT = Duration.ofSeconds(5);
    /** At most this many replies are gathered by one {@link #getHosts()} or auction. */
    public static final int MAX_GATHERED_REPLIES = 10_000;

    private final Connection connection;
    private final boolean ownsConnection;
    private final CtlSubjects subjects;
    private final Duration requestTimeout;
    private final Duration gatherTimeout;

    private CtlClient(Connection connection, boolean ownsConnection, CtlSubjects subjects, Duration requestTimeout,
            Duration gatherTimeout) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.subjects = subjects;
        this.requestTimeout = requestTimeout;
        this.gatherTimeout = gatherTimeout;
    }

    /** A builder: servers {@code nats://127.0.0.1:4222}, lattice {@code default}, prefix {@code wasmbus.ctl}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link CtlClient}. Not thread-safe; {@link #build()} connects. */
    public static final class Builder {
        private List<String> servers = List.of("nats://127.0.0.1:4222");
        private String lattice = "default";
        private String ctlPrefix = CtlSubjects.DEFAULT_PREFIX;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private Duration gatherTimeout = DEFAULT_GATHER_TIMEOUT;
        private Path credsFile;
        private Connection connection;

        private Builder() {}

        /** One NATS server URL ({@code nats://host:port}). */
        public Builder server(String url) {
            return servers(List.of(url));
        }

        /** NATS server URLs, tried in order. */
        public Builder servers(List<String> urls) {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("servers must not be empty");
            }
            this.servers = List.copyOf(urls);
            return this;
        }

        /** The lattice name (a NATS token; default {@code default}). */
        public Builder lattice(String lattice) {
            this.lattice = Objects.requireNonNull(lattice, "lattice");
            return this;
        }

        /** The control topic prefix (default {@code wasmbus.ctl}, wasmCloud's {@code --ctl-topic-prefix}). */
        public Builder ctlPrefix(String prefix) {
            this.ctlPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        /** How long a single-reply request waits (default 2 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** How long {@link #getHosts()} and the auctions gather replies (default 5 s). */
        public Builder gatherTimeout(Duration timeout) {
            this.gatherTimeout = positive("gatherTimeout", timeout);
            return this;
        }

        /** A NATS credentials file (JWT + seed, as {@code nsc} writes it). */
        public Builder credsFile(Path file) {
            this.credsFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Use this open jnats connection instead of connecting ({@code io.nats.client.Connection} is a third-party
         * type; prefer {@link #servers}). The client never closes it; {@link #servers} and {@link #credsFile} are
         * then ignored.
         */
        public Builder connection(Connection connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /**
         * Connects and returns the client.
         *
         * @throws IllegalArgumentException when the lattice or prefix is not made of NATS tokens
         * @throws CtlException when no server can be reached
         */
        public CtlClient build() {
            CtlSubjects subjects = CtlSubjects.of(ctlPrefix, lattice);
            if (connection != null) {
                return new CtlClient(connection, false, subjects, requestTimeout, gatherTimeout);
            }
            Options.Builder options = new Options.Builder().servers(servers.toArray(String[]::new))
                    .connectionName("wasmcloud4j-ctl")
                    .connectionTimeout(requestTimeout.compareTo(MIN_CONNECT_TIMEOUT) > 0 ? requestTimeout
                            : MIN_CONNECT_TIMEOUT)
                    .maxReconnects(-1).reconnectWait(Duration.ofMillis(250)).errorListener(new LoggingErrorListener());
            if (credsFile != null) {
                options.authHandler(Nats.credentials(credsFile.toString()));
            }
            try {
                return new CtlClient(Nats.connect(options.build()), true, subjects, requestTimeout, gatherTimeout);
            } catch (IOException e) {
                throw new CtlException("cannot connect to NATS at " + String.join(",", servers) + ": " + e.getMessage(),
                        e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CtlException("interrupted while connecting to NATS at " + String.join(",", servers), e);
            }
        }

        private static Duration positive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }

    /** jnats' complaints to SLF4J instead of java.util.logging on stderr. */
    private static final class LoggingErrorListener implements ErrorListener {
        private static final Logger LOG = LoggerFactory.getLogger(CtlClient.class);

        @Override
        public void errorOccurred(Connection conn, String error) {
            LOG.warn("NATS error: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection conn, Exception exp) {
            LOG.debug("NATS connection problem", exp);
        }

        @Override
        public void slowConsumerDetected(Connection conn, Consumer consumer) {
            LOG.warn("NATS slow consumer: events or replies were dropped");
        }
    }

    /**
     * Whether the NATS connection is up. While it is down (the client reconnects by itself) every operation fails at
     * once with a {@link CtlException} saying so; in the moment before the client notices a lost server, a request
     * can still time out.
     */
    public boolean isConnected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    /** The subjects this client uses. */
    public CtlSubjects subjects() {
        return subjects;
    }

    // ---- hosts ----

    /**
     * Pings every host ({@code host.ping}) and returns those that answered within the gather timeout, in the order
     * their replies came. Always waits the whole gather timeout, unless the server reports that nobody listens (then
     * returns at once with an empty list). Replies with {@code success:false}, and malformed ones (logged), are left
     * out.
     */
    public List<Host> getHosts() {
        return gather(subjects.subject("host", "ping"), new byte[0], Host.class);
    }

    /** The inventory of one host ({@code host.get.{host_id}}). */
    public HostInventory getInventory(String hostId) {
        String subject = subjects.subject("host", "get", hostId);
        return required(subject, request(subject, new byte[0], CtlJson.Shape.of(HostInventory.class)));
    }

    /**
     * Asks {@code hostId} to stop ({@code host.stop.{host_id}}), giving it {@code timeout} to do so (null: the host's
     * default). Returns the host's message.
     */
    public String stopHost(String hostId, Duration timeout) {
        String subject = subjects.subject("host", "stop", hostId);
        Long ms = timeout == null ? null : timeout.toMillis();
        return request(subject, CtlJson.encode(new StopHostCommand(hostId, ms)), CtlJson.Shape.NONE).message();
    }

    // ---- auctions ----

    /** Gathers the acks of every host that could run the component ({@code component.auction}). */
    public List<ComponentAuctionAck> auctionComponent(ComponentAuctionRequest request) {
        return gather(subjects.subject("component", "auction"), CtlJson.encode(request), ComponentAuctionAck.class);
    }

    /** Gathers the acks of every host that could run the provider ({@code provider.auction}). */
    public List<ProviderAuctionAck> auctionProvider(ProviderAuctionRequest request) {
        return gather(subjects.subject("provider", "auction"), CtlJson.encode(request), ProviderAuctionAck.class);
    }

    // ---- components and providers ----

    /**
     * Asks {@code hostId} to scale a component ({@code component.scale.{host_id}}). The host answers before it
     * scales; the outcome is the {@code component_scaled} / {@code component_scale_failed} event. Returns the
     * host's message (a warning when the image differs from the running one).
     */
    public String scaleComponent(String hostId, ScaleComponentCommand command) {
        String subject = subjects.subject("component", "scale", hostId);
        return request(subject, CtlJson.encode(command.withHostId(hostId)), CtlJson.Shape.NONE).message();
    }

    /** Asks {@code hostId} to swap the image of a running component ({@code component.update.{host_id}}). */
    public String updateComponent(String hostId, UpdateComponentCommand command) {
        String subject = subjects.subject("component", "update", hostId);
        UpdateComponentCommand c = new UpdateComponentCommand(command.componentId(), command.annotations(), hostId,
                command.newComponentRef());
        return request(subject, CtlJson.encode(c), CtlJson.Shape.NONE).message();
    }

    /** Asks {@code hostId} to start a provider ({@code provider.start.{host_id}}); the outcome is an event. */
    public String startProvider(String hostId, StartProviderCommand command) {
        String subject = subjects.subject("provider", "start", hostId);
        StartProviderCommand c = new StartProviderCommand(command.providerId(), command.providerRef(), hostId,
                command.config(), command.annotations());
        return request(subject, CtlJson.encode(c), CtlJson.Shape.NONE).message();
    }

    /** Asks {@code hostId} to stop a provider ({@code provider.stop.{host_id}}). */
    public String stopProvider(String hostId, String providerId) {
        String subject = subjects.subject("provider", "stop", hostId);
        return request(subject, CtlJson.encode(new StopProviderCommand(hostId, providerId)), CtlJson.Shape.NONE)
                .message();
    }

    // ---- links ----

    /** Puts a link ({@code link.put}, answered by one host). Returns the host's message. */
    public String putLink(Link link) {
        return request(subjects.subject("link", "put"), CtlJson.encode(link), CtlJson.Shape.NONE).message();
    }

    /** Deletes a link ({@code link.del}). Returns the host's message. */
    public String deleteLink(DeleteInterfaceLinkDefinitionRequest request) {
        return request(subjects.subject("link", "del"), CtlJson.encode(request), CtlJson.Shape.NONE).message();
    }

    /** Every link of the lattice ({@code link.get}). */
    public List<Link> getLinks() {
        String subject = subjects.subject("link", "get");
        CtlResponse<List<Link>> r = request(subject, new byte[0], CtlJson.Shape.listOf(Link.class));
        return r.response() == null ? List.of() : r.response();
    }

    /** The claims of every signed component and provider known ({@code claims.get}). */
    public List<Map<String, String>> getClaims() {
        String subject = subjects.subject("claims", "get");
        CtlResponse<List<Map<String, String>>> r = request(subject, new byte[0], CtlJson.Shape.CLAIMS);
        return r.response() == null ? List.of() : r.response();
    }

    // ---- config ----

    /** Puts named config {@code name} ({@code config.put.{name}}). Returns the host's message. */
    public String putConfig(String name, Map<String, String> values) {
        Map<String, String> copy = Checks.stringMap("config", values);
        return request(subjects.subject("config", "put", name), CtlJson.encode(copy), CtlJson.Shape.NONE).message();
    }

    /** Named config {@code name} ({@code config.get.{name}}), empty when the lattice has none by that name. */
    public Optional<Map<String, String>> getConfig(String name) {
        CtlResponse<Map<String, String>> r = request(subjects.subject("config", "get", name), new byte[0],
                CtlJson.Shape.STRING_MAP);
        return Optional.ofNullable(r.response());
    }

    /** Deletes named config {@code name} ({@code config.del.{name}}). Returns the host's message. */
    public String deleteConfig(String name) {
        return request(subjects.subject("config", "del", name), new byte[0], CtlJson.Shape.NONE).message();
    }

    // ---- labels and registries ----

    /** Sets a label on a host ({@code label.put.{host_id}}). Returns the host's message. */
    public String putLabel(String hostId, String key, String value) {
        return request(subjects.subject("label", "put", hostId), CtlJson.encode(new HostLabel(key, value)),
                CtlJson.Shape.NONE).message();
    }

    /** Removes a label from a host ({@code label.del.{host_id}}). Returns the host's message. */
    public String deleteLabel(String hostId, String key) {
        return request(subjects.subject("label", "del", hostId), CtlJson.encode(new HostLabelIdentifier(key)),
                CtlJson.Shape.NONE).message();
    }

    /**
     * Sends registry credentials to every host ({@code registry.put}). Like {@code wash} this is a publish: every
     * host applies it and nobody's answer is awaited; it returns once the server has the message.
     */
    public void putRegistries(Map<String, RegistryCredential> registries) {
        String subject = subjects.subject("registry", "put");
        byte[] body = CtlJson.encode(registries);
        requireConnected(subject);
        try {
            connection.publish(subject, body);
            connection.flush(requestTimeout);
        } catch (TimeoutException e) {
            throw new CtlTimeoutException(subject, requestTimeout);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CtlException("cannot publish on " + subject + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException("interrupted while publishing on " + subject, e);
        }
    }

    // ---- events ----

    /** Every event of the lattice ({@code wasmbus.evt.{lattice}.>}) until the stream is closed. */
    public EventStream events() {
        return new EventStream(connection, "wasmbus.evt." + subjects.lattice() + ".>");
    }

    /** The events named {@code name} ({@code component_scaled}, …) until the stream is closed. */
    public EventStream events(String name) {
        CtlSubjects.requireToken("event name", name, name);
        return new EventStream(connection, "wasmbus.evt." + subjects.lattice() + "." + name);
    }

    /** Closes the NATS connection if this client opened it. */
    @Override
    public void close() {
        if (!ownsConnection) {
            return;
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- plumbing ----

    private <T> CtlResponse<T> request(String subject, byte[] body, CtlJson.Shape<T> shape) {
        Message reply = roundTrip(subject, body);
        CtlResponse<T> r = decodeReply(subject, reply.getData(), shape);
        if (!r.success()) {
            throw new CtlRefusedException(subject, r.message());
        }
        return r;
    }

    private static <T> T required(String subject, CtlResponse<T> r) {
        if (r.response() == null) {
            throw new CtlDecodeException("response", "invalid reply on " + subject + ": response is required", null);
        }
        return r.response();
    }

    private static <T> CtlResponse<T> decodeReply(String subject, byte[] data, CtlJson.Shape<T> shape) {
        try {
            return CtlJson.decodeResponse(data, shape);
        } catch (CtlDecodeException e) {
            throw new CtlDecodeException(e.field(), e.getMessage().replaceFirst("^invalid reply", "invalid reply on "
                    + subject.replace("\\", "\\\\").replace("$", "\\$")), e);
        }
    }

    /** Fails fast while the connection is down (reconnecting or closed) instead of waiting out the timeout. */
    private void requireConnected(String subject) {
        Connection.Status status = connection.getStatus();
        if (status != Connection.Status.CONNECTED) {
            throw new CtlException("not connected to NATS (connection " + status + "): cannot send on " + subject);
        }
    }

    private Message roundTrip(String subject, byte[] body) {
        requireConnected(subject);
        CompletableFuture<Message> f;
        try {
            f = connection.requestWithTimeout(subject, body, requestTimeout);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CtlException("cannot send a request on " + subject + ": " + e.getMessage(), e);
        }
        try {
            Message m = f.get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (m.isStatusMessage()) {
                if (m.getStatus().getCode() == 503) {
                    throw new CtlNoRespondersException(subject);
                }
                throw new CtlException("request on " + subject + " failed: status " + m.getStatus().getCode() + " "
                        + m.getStatus().getMessage());
            }
            return m;
        } catch (CancellationException e) {
            if (f instanceof NatsRequestCompletableFuture n && n.wasCancelledTimedOut()) {
                throw new CtlTimeoutException(subject, requestTimeout);
            }
            if (f instanceof NatsRequestCompletableFuture n && n.wasCancelledClosing()) {
                throw new CtlException("the NATS connection closed before a reply on " + subject, e);
            }
            throw new CtlNoRespondersException(subject);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw new CtlTimeoutException(subject, requestTimeout);
            }
            if (cause instanceof JetStreamStatusException s && s.getStatus().getCode() == 503) {
                throw new CtlNoRespondersException(subject);
            }
            throw new CtlException("request on " + subject + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new CtlTimeoutException(subject, requestTimeout);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new CtlException("interrupted while waiting for a reply on " + subject, e);
        }
    }

    private static final Logger GATHER_LOG = LoggerFactory.getLogger(CtlClient.class);

    private <T> List<T> gather(String subject, byte[] body, Class<T> type) {
        requireConnected(subject);
        String inbox = connection.createInbox();
        Subscription sub = connection.subscribe(inbox);
        try {
            try {
                connection.publish(subject, inbox, body);
                connection.flush(requestTimeout);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CtlException("cannot send a request on " + subject + ": " + e.getMessage(), e);
            } catch (TimeoutException e) {
                throw new CtlTimeoutException(subject, requestTimeout);
            }
            List<T> out = new ArrayList<>();
            long deadline = System.nanoTime() + gatherTimeout.toNanos();
            CtlJson.Shape<T> shape = CtlJson.Shape.of(type);
            while (out.size() < MAX_GATHERED_REPLIES) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Message m = sub.nextMessage(Duration.ofNanos(left));
                if (m == null) {
                    break;
                }
                if (m.isStatusMessage()) {
                    if (m.getStatus().getCode() == 503) {
                        break; // nobody listens: no host to wait for
                    }
                    continue;
                }
                if (m.getData() == null || m.getData().length == 0) {
                    break; // wash ends a gather at an empty message too
                }
                CtlResponse<T> r;
                try {
                    r = decodeReply(subject, m.getData(), shape);
                } catch (CtlDecodeException e) {
                    // one misbehaving host must not hide the others: skip its reply, as wash lists the rest
                    GATHER_LOG.warn("skipping a malformed reply on {}: {}", subject, e.getMessage());
                    continue;
                }
                if (r.success() && r.response() != null) {
                    out.add(r.response());
                }
            }
            return List.copyOf(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException("interrupted while gathering replies on " + subject, e);
        } finally {
            try {
                sub.unsubscribe();
            } catch (IllegalStateException ignored) {
                // connection already closed
            }
        }
    }
}
