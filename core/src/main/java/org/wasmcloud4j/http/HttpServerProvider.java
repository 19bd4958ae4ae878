package org.wasmcloud4j.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Executor;

/**
 * Service-provider interface for the HTTP server the host and the command line serve {@code wasi:http} components
 * with, found through {@link ServiceLoader}. The {@code org.wasmcloud4j:wasmcloud4j-http-server} artifact provides
 * one; without it on the class path, serving HTTP fails with a message naming that artifact.
 */
public interface HttpServerProvider {
    /** The artifact that provides the standard implementation. */
    String ARTIFACT = "org.wasmcloud4j:wasmcloud4j-http-server";

    /**
     * Starts a server on {@code address} that enforces {@code options} and runs {@code handler} for each request
     * on {@code invocations} (its own threads when {@code null}), never on its I/O threads.
     *
     * @throws IOException when it cannot listen there
     */
    HttpServer start(InetSocketAddress address, HttpServerOptions options, HttpHandler handler,
            Executor invocations) throws IOException;

    /** The first provider {@code loader} can see, if any. */
    static Optional<HttpServerProvider> find(ClassLoader loader) {
        return ServiceLoader.load(HttpServerProvider.class, loader).findFirst();
    }
}
