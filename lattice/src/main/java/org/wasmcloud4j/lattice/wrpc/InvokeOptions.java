package org.wasmcloud4j.lattice.wrpc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Options of one {@link WrpcClient#invoke} call: the timeout (the longest wait for the handshake and for each
 * following message of the results, default 10 s), the most result bytes buffered before they are read (default
 * 16 MiB), and the wRPC headers sent on the invocation message: {@code source-id}, {@code link-name},
 * {@code traceparent}, {@code tracestate}. Immutable.
 */
public final class InvokeOptions {
    /** The default timeout, as wasmCloud's. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The default buffer bound for the results of one call. */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = 16L << 20;

    private static final InvokeOptions DEFAULTS = builder().build();

    private final Duration timeout;
    private final long maxBufferedBytes;
    private final Map<String, String> headers;

    private InvokeOptions(Builder b) {
        this.timeout = b.timeout;
        this.maxBufferedBytes = b.maxBufferedBytes;
        this.headers = Map.copyOf(b.headers);
    }

    /** Timeout 10 s, no headers. */
    public static InvokeOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The longest wait for the handshake and for each message of the results. */
    public Duration timeout() {
        return timeout;
    }

    /** The most result bytes held before they are read; a peer sending more fails the call. */
    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    /** The headers to send (name to value), only those set. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Builds {@link InvokeOptions}. */
    public static final class Builder {
        private Duration timeout = DEFAULT_TIMEOUT;
        private long maxBufferedBytes = DEFAULT_MAX_BUFFERED_BYTES;
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder() {}

        /** The timeout (positive). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The most result bytes held before they are read (positive). */
        public Builder maxBufferedBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxBufferedBytes must be positive");
            }
            this.maxBufferedBytes = bytes;
            return this;
        }

        /** Header {@code source-id}: the calling component's or provider's id. */
        public Builder sourceId(String id) {
            return header("source-id", id);
        }

        /** Header {@code link-name}: the link name used to find the target. */
        public Builder linkName(String name) {
            return header("link-name", name);
        }

        /** Header {@code traceparent} (W3C trace context). */
        public Builder traceparent(String value) {
            return header("traceparent", value);
        }

        /** Header {@code tracestate} (W3C trace context). */
        public Builder tracestate(String value) {
            return header("tracestate", value);
        }

        private Builder header(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw new IllegalArgumentException("header " + name + " must not contain CR or LF");
            }
            headers.put(name, value);
            return this;
        }

        /** The options. */
        public InvokeOptions build() {
            return new InvokeOptions(this);
        }
    }
}
