package org.wasmcloud4j.wasi;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;

/**
 * The {@code wasi:sockets} options of one socket, kept by the host so that they can be set before the Java socket
 * exists (WASI sockets are configured before bind/connect) and inherited by accepted connections. Applied to the
 * Java socket when it is created, and again on every change once it exists.
 *
 * <p>Keep-alive idle time, interval and count use the JDK's extended options where the platform has them (Linux,
 * macOS); the hop limit (IP TTL) cannot be set on a Java unicast socket, so it is kept and reported only.
 */
final class SocketOptions {
    /** The Linux defaults ({@code tcp_keepalive_time}, {@code _intvl}, {@code _probes}) and a common TTL. */
    static final long DEFAULT_KEEP_ALIVE_IDLE_NANOS = TimeUnit.SECONDS.toNanos(7200);
    static final long DEFAULT_KEEP_ALIVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(75);
    static final int DEFAULT_KEEP_ALIVE_COUNT = 9;
    static final int DEFAULT_HOP_LIMIT = 64;

    boolean keepAlive;
    long keepAliveIdleNanos = DEFAULT_KEEP_ALIVE_IDLE_NANOS;
    long keepAliveIntervalNanos = DEFAULT_KEEP_ALIVE_INTERVAL_NANOS;
    int keepAliveCount = DEFAULT_KEEP_ALIVE_COUNT;
    int hopLimit = DEFAULT_HOP_LIMIT;
    /** Buffer sizes in bytes; 0 means the system default. */
    long receiveBufferSize;
    long sendBufferSize;

    SocketOptions copy() {
        SocketOptions o = new SocketOptions();
        o.keepAlive = keepAlive;
        o.keepAliveIdleNanos = keepAliveIdleNanos;
        o.keepAliveIntervalNanos = keepAliveIntervalNanos;
        o.keepAliveCount = keepAliveCount;
        o.hopLimit = hopLimit;
        o.receiveBufferSize = receiveBufferSize;
        o.sendBufferSize = sendBufferSize;
        return o;
    }

    /** Applies every option to a TCP socket (before or after connecting). */
    void apply(Socket s) throws IOException {
        s.setKeepAlive(keepAlive);
        if (s.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            s.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, seconds(keepAliveIdleNanos));
            s.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, seconds(keepAliveIntervalNanos));
            s.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, keepAliveCount);
        }
        if (receiveBufferSize > 0) {
            s.setReceiveBufferSize(clamp(receiveBufferSize));
        }
        if (sendBufferSize > 0) {
            s.setSendBufferSize(clamp(sendBufferSize));
        }
    }

    /** Applies the options a listening socket has (accepted connections get the rest from {@link #apply}). */
    void apply(ServerSocket s) throws IOException {
        if (receiveBufferSize > 0) {
            s.setReceiveBufferSize(clamp(receiveBufferSize));
        }
    }

    /** Applies the buffer sizes to a UDP socket. */
    void apply(DatagramSocket s) throws IOException {
        if (receiveBufferSize > 0) {
            s.setReceiveBufferSize(clamp(receiveBufferSize));
        }
        if (sendBufferSize > 0) {
            s.setSendBufferSize(clamp(sendBufferSize));
        }
    }

    /** Whole seconds for the kernel's keep-alive options: rounded up, at least 1, at most {@code i32::MAX}. */
    private static int seconds(long nanos) {
        long s = nanos / 1_000_000_000L + (nanos % 1_000_000_000L == 0 ? 0 : 1);   // no overflow near Long.MAX
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
    }

    /** Buffer sizes the JDK takes as {@code int}; the kernel rounds further. */
    private static int clamp(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** The system's default buffer sizes, read once from an unconnected socket. */
    static final class Defaults {
        static final long RECEIVE;
        static final long SEND;

        static {
            long r = 131_072;
            long s = 16_384;
            try (Socket probe = new Socket()) {
                r = probe.getReceiveBufferSize();
                s = probe.getSendBufferSize();
            } catch (IOException e) {
                // keep the common Linux values
            }
            RECEIVE = r;
            SEND = s;
        }

        private Defaults() {
        }
    }
}
