package org.wasmcloud4j.http;

import java.net.InetSocketAddress;

/** A running HTTP server from a {@link HttpServerProvider}. */
public interface HttpServer extends AutoCloseable {
    /** The address it listens on (with the real port when 0 was asked for). */
    InetSocketAddress address();

    /** Stops accepting, closes every connection and stops its threads. Idempotent. */
    @Override
    void close();
}
