package org.wasmcloud4j.lattice.nats;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.wasmcloud4j.lattice.ctl.CtlSubjects;

/**
 * How a {@link NatsLattice} connects: servers, credentials, TLS, JetStream domain, the control-interface topic
 * prefix, an optional separate server list for the RPC connection (wasmCloud's {@code --rpc-host}), and the
 * reconnect policy. Immutable; made by {@link #builder()}.
 *
 * <pre>{@code
 * NatsOptions o = NatsOptions.builder().server("nats://127.0.0.1:4222").lattice("default").build();
 * Host host = Host.builder().lattice(NatsLattice.connect(o)).build();
 * }</pre>
 */
public final class NatsOptions {
    private final List<String> servers;
    private final List<String> rpcServers;
    private final String lattice;
    private final String ctlPrefix;
    private final String jsDomain;
    private final Path credsFile;
    private final String jwt;
    private final char[] seed;
    private final char[] nkeySeed;
    private final SSLContext tls;
    private final int maxReconnects;
    private final Duration reconnectWait;
    private final Duration requestTimeout;
    private final String connectionName;
    private final boolean componentAuctions;
    private final boolean providerAuctions;
    private final Path spillDirectory;
    private final long maxSpilledBytes;

    private NatsOptions(Builder b) {
        this.spillDirectory = b.spillDirectory;
        this.maxSpilledBytes = b.maxSpilledBytes;
        this.componentAuctions = b.componentAuctions;
        this.providerAuctions = b.providerAuctions;
        this.servers = List.copyOf(b.servers.isEmpty() ? List.of("nats://127.0.0.1:4222") : b.servers);
        this.rpcServers = List.copyOf(b.rpcServers.isEmpty() ? this.servers : b.rpcServers);
        this.lattice = b.lattice;
        this.ctlPrefix = b.ctlPrefix;
        this.jsDomain = b.jsDomain;
        this.credsFile = b.credsFile;
        this.jwt = b.jwt;
        this.seed = b.seed == null ? null : b.seed.clone();
        this.nkeySeed = b.nkeySeed == null ? null : b.nkeySeed.clone();
        this.tls = b.tls;
        this.maxReconnects = b.maxReconnects;
        this.reconnectWait = b.reconnectWait;
        this.requestTimeout = b.requestTimeout;
        this.connectionName = b.connectionName;
    }

    /** A builder: {@code nats://127.0.0.1:4222}, lattice {@code default}, prefix {@code wasmbus.ctl}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The servers of the control connection. */
    public List<String> servers() {
        return servers;
    }

    /** The servers of the RPC connection (the control servers unless set). */
    public List<String> rpcServers() {
        return rpcServers;
    }

    /** Whether RPC traffic has a connection of its own (its servers differ from the control servers). */
    public boolean separateRpcConnection() {
        return !rpcServers.equals(servers);
    }

    /** The lattice name. */
    public String lattice() {
        return lattice;
    }

    /** The control-interface topic prefix ({@code wasmbus.ctl} by default). */
    public String ctlPrefix() {
        return ctlPrefix;
    }

    /** The JetStream domain of the lattice's buckets, if one is set. */
    public Optional<String> jsDomain() {
        return Optional.ofNullable(jsDomain);
    }

    /** The credentials file, if one is set. */
    public Optional<Path> credsFile() {
        return Optional.ofNullable(credsFile);
    }

    /** Whether a user JWT and seed are set. */
    public boolean hasJwt() {
        return jwt != null;
    }

    String jwt() {
        return jwt;
    }

    char[] seed() {
        return seed == null ? null : seed.clone();
    }

    /** Whether an nkey seed (nkey authentication without a JWT) is set. */
    public boolean hasNkey() {
        return nkeySeed != null;
    }

    char[] nkeySeed() {
        return nkeySeed == null ? null : nkeySeed.clone();
    }

    /** The TLS context, if TLS is on. */
    public Optional<SSLContext> tls() {
        return Optional.ofNullable(tls);
    }

    /** Reconnect attempts after a disconnect; -1 (the default) is forever. */
    public int maxReconnects() {
        return maxReconnects;
    }

    /** The wait between reconnect attempts. */
    public Duration reconnectWait() {
        return reconnectWait;
    }

    /** The timeout of NATS requests and JetStream calls (wasmCloud's {@code rpc_timeout}, 2 s). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** The connection name shown by the server. */
    public String connectionName() {
        return connectionName;
    }

    /** Whether joined hosts answer {@code component.auction} (default true). */
    public boolean componentAuctions() {
        return componentAuctions;
    }

    /** Whether joined hosts answer {@code provider.auction} (default true). */
    public boolean providerAuctions() {
        return providerAuctions;
    }

    /** Where unread wRPC stream data goes past the memory bound of a call (see {@link Builder#streamSpill}). */
    public Path spillDirectory() {
        return spillDirectory;
    }

    /** The most bytes of unread wRPC stream data kept on disk by the client and by the server each; 0: none. */
    public long maxSpilledBytes() {
        return maxSpilledBytes;
    }

    @Override
    public String toString() {
        return "NatsOptions[servers=" + servers + (separateRpcConnection() ? ", rpc=" + rpcServers : "")
                + ", lattice=" + lattice + ", prefix=" + ctlPrefix + (jsDomain != null ? ", domain=" + jsDomain : "")
                + (credsFile != null ? ", creds=" + credsFile : "") + (jwt != null ? ", jwt=(set)" : "")
                + (nkeySeed != null ? ", nkey=(set)" : "")
                + (tls != null ? ", tls" : "") + "]";
    }

    /** Builds {@link NatsOptions}. Not thread-safe. */
    public static final class Builder {
        private final List<String> servers = new ArrayList<>();
        private final List<String> rpcServers = new ArrayList<>();
        private String lattice = "default";
        private String ctlPrefix = CtlSubjects.DEFAULT_PREFIX;
        private String jsDomain;
        private Path credsFile;
        private String jwt;
        private char[] seed;
        private char[] nkeySeed;
        private SSLContext tls;
        private int maxReconnects = -1;
        private Duration reconnectWait = Duration.ofSeconds(1);
        private Duration requestTimeout = Duration.ofSeconds(2);
        private String connectionName = "wasmcloud4j";
        private boolean componentAuctions = true;
        private boolean providerAuctions = true;
        private Path spillDirectory = Path.of(System.getProperty("java.io.tmpdir"));
        private long maxSpilledBytes = 1L << 30;

        private Builder() {
        }

        /** Adds a server URL ({@code nats://host:port}, {@code tls://…}) of the control connection. */
        public Builder server(String url) {
            servers.add(checkUrl(url));
            return this;
        }

        /** Adds a server URL of a separate RPC connection. */
        public Builder rpcServer(String url) {
            rpcServers.add(checkUrl(url));
            return this;
        }

        /** The lattice name: a single NATS subject token. */
        public Builder lattice(String name) {
            CtlSubjects.of(ctlPrefix, name);   // validates the token
            this.lattice = name;
            return this;
        }

        /** The control-interface topic prefix (dot-separated tokens). */
        public Builder ctlPrefix(String prefix) {
            CtlSubjects.of(prefix, lattice);
            this.ctlPrefix = prefix;
            return this;
        }

        /** The JetStream domain holding the lattice's buckets. */
        public Builder jsDomain(String domain) {
            this.jsDomain = domain == null || domain.isEmpty() ? null : domain;
            return this;
        }

        /** A NATS credentials file (user JWT and seed). */
        public Builder credsFile(Path file) {
            this.credsFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** A user JWT and the nkey seed that signs the server's nonce. */
        public Builder jwt(String userJwt, char[] userSeed) {
            this.jwt = Objects.requireNonNull(userJwt, "userJwt");
            this.seed = Objects.requireNonNull(userSeed, "userSeed").clone();
            return this;
        }

        /** An nkey seed ({@code SU…}) to authenticate with a user nkey, without a JWT. */
        public Builder nkeySeed(char[] userSeed) {
            this.nkeySeed = Objects.requireNonNull(userSeed, "userSeed").clone();
            return this;
        }

        /** TLS with {@code context}. */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Reconnect attempts after a disconnect; -1 is forever. */
        public Builder maxReconnects(int n) {
            if (n < -1) {
                throw new IllegalArgumentException("maxReconnects must be -1 (forever) or more, got " + n);
            }
            this.maxReconnects = n;
            return this;
        }

        /** The wait between reconnect attempts. */
        public Builder reconnectWait(Duration wait) {
            this.reconnectWait = positive("reconnectWait", wait);
            return this;
        }

        /** The timeout of NATS requests and JetStream calls. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** The connection name shown by the server. */
        public Builder connectionName(String name) {
            this.connectionName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Whether joined hosts take part in component and provider auctions (wasmCloud's
         * {@code --enable-component-auction} / {@code --enable-provider-auction}; both on by default).
         */
        public Builder auctions(boolean components, boolean providers) {
            this.componentAuctions = components;
            this.providerAuctions = providers;
            return this;
        }

        /**
         * Where the unread bytes of wRPC streams go once a call holds its memory bound (16 MiB) of them, and how many
         * bytes the host's wRPC client and server may each keep there over all calls (0: none; the call fails at the
         * memory bound instead). wRPC has no flow control: a provider streams an object or a response body as fast as
         * it can, and a component that reads slower still gets all of it, in order. Files are unlinked when opened.
         * Default: the system's temporary directory, 1 GiB.
         */
        public Builder streamSpill(Path directory, long maxBytes) {
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes must not be negative");
            }
            this.spillDirectory = java.util.Objects.requireNonNull(directory, "directory");
            this.maxSpilledBytes = maxBytes;
            return this;
        }

        /** The options. */
        public NatsOptions build() {
            return new NatsOptions(this);
        }

        private static Duration positive(String what, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        private static String checkUrl(String url) {
            Objects.requireNonNull(url, "url");
            if (url.isBlank() || url.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("invalid NATS server URL '" + url + "'");
            }
            return url;
        }
    }
}
