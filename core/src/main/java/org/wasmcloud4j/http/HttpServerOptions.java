package org.wasmcloud4j.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits an HTTP server enforces; immutable. Every limit has a default that suits a server facing untrusted
 * clients:
 *
 * <table>
 * <caption>limits</caption>
 * <tr><th>limit</th><th>default</th><th>past it</th></tr>
 * <tr><td>{@link #headerTimeout()}: from a request's first byte to the end of its head</td><td>10 s</td>
 *     <td>the connection is closed (slow-header clients, "slowloris")</td></tr>
 * <tr><td>{@link #idleTimeout()}: a connection with no request in progress and no bytes moving</td><td>60 s</td>
 *     <td>the connection is closed</td></tr>
 * <tr><td>{@link #maxHeaderSize()}: request line and header fields, in bytes</td><td>16 KiB</td>
 *     <td>431 (414 for a request line alone too long)</td></tr>
 * <tr><td>{@link #maxBodySize()}: request body bytes, unless the route sets its own</td><td>16 MiB</td>
 *     <td>413, the connection closed</td></tr>
 * <tr><td>{@link #maxConnections()}: open connections</td><td>1024</td><td>new ones are answered 503 and
 *     closed</td></tr>
 * <tr><td>{@link #ioThreads()}: threads that read and write sockets (never run components)</td><td>the number of
 *     processors</td><td>—</td></tr>
 * </table>
 *
 * <p>Requests of an HTTP version other than 1.0 and 1.1 are answered 505. How many invocations run at once is not
 * the server's business: the host bounds it by each component's {@code max_instances}.
 */
public final class HttpServerOptions {
    private static final HttpServerOptions DEFAULTS = builder().build();

    private final Duration headerTimeout;
    private final Duration idleTimeout;
    private final int maxHeaderSize;
    private final long maxBodySize;
    private final int maxConnections;
    private final int ioThreads;

    private HttpServerOptions(Builder b) {
        this.headerTimeout = b.headerTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxHeaderSize = b.maxHeaderSize;
        this.maxBodySize = b.maxBodySize;
        this.maxConnections = b.maxConnections;
        this.ioThreads = b.ioThreads;
    }

    /** The defaults. */
    public static HttpServerOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.headerTimeout = headerTimeout;
        b.idleTimeout = idleTimeout;
        b.maxHeaderSize = maxHeaderSize;
        b.maxBodySize = maxBodySize;
        b.maxConnections = maxConnections;
        b.ioThreads = ioThreads;
        return b;
    }

    /** The longest a request's head may take from its first byte to its last. */
    public Duration headerTimeout() {
        return headerTimeout;
    }

    /** How long a connection may sit with no request in progress and nothing read or written. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** The most bytes of request line and header fields. */
    public int maxHeaderSize() {
        return maxHeaderSize;
    }

    /** The most request-body bytes where the route sets no limit of its own. */
    public long maxBodySize() {
        return maxBodySize;
    }

    /** The most connections open at once. */
    public int maxConnections() {
        return maxConnections;
    }

    /** How many I/O threads. */
    public int ioThreads() {
        return ioThreads;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpServerOptions other && headerTimeout.equals(other.headerTimeout)
                && idleTimeout.equals(other.idleTimeout) && maxHeaderSize == other.maxHeaderSize
                && maxBodySize == other.maxBodySize && maxConnections == other.maxConnections
                && ioThreads == other.ioThreads;
    }

    @Override
    public int hashCode() {
        return Objects.hash(headerTimeout, idleTimeout, maxHeaderSize, maxBodySize, maxConnections, ioThreads);
    }

    @Override
    public String toString() {
        return "HttpServerOptions[headerTimeout=" + headerTimeout + ", idleTimeout=" + idleTimeout
                + ", maxHeaderSize=" + maxHeaderSize + ", maxBodySize=" + maxBodySize + ", maxConnections="
                + maxConnections + ", ioThreads=" + ioThreads + "]";
    }

    /** Builds {@link HttpServerOptions}; every setter refuses values that would disable its limit. */
    public static final class Builder {
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxHeaderSize = 16 * 1024;
        private long maxBodySize = 16L * 1024 * 1024;
        private int maxConnections = 1024;
        private int ioThreads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        /** The longest a request's head may take from its first byte (default 10 s). */
        public Builder headerTimeout(Duration d) {
            this.headerTimeout = positive(d, "headerTimeout");
            return this;
        }

        /** How long a connection may be idle between requests (default 60 s). */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = positive(d, "idleTimeout");
            return this;
        }

        /** The most bytes of request line and header fields (default 16 KiB; at least 256). */
        public Builder maxHeaderSize(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("maxHeaderSize must be at least 256 bytes, got " + bytes);
            }
            this.maxHeaderSize = bytes;
            return this;
        }

        /** The most request-body bytes unless a route sets its own (default 16 MiB; 0 allows none). */
        public Builder maxBodySize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("maxBodySize must not be negative, got " + bytes);
            }
            this.maxBodySize = bytes;
            return this;
        }

        /** The most connections open at once (default 1024). */
        public Builder maxConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + n);
            }
            this.maxConnections = n;
            return this;
        }

        /** How many I/O threads (default: the number of processors). */
        public Builder ioThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, got " + n);
            }
            this.ioThreads = n;
            return this;
        }

        public HttpServerOptions build() {
            return new HttpServerOptions(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
