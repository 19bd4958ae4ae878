package org.wasmcloud4j.httpserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.wasmcloud4j.http.HttpHandler;
import org.wasmcloud4j.http.HttpServer;
import org.wasmcloud4j.http.HttpServerOptions;
import org.wasmcloud4j.http.HttpServerProvider;

/** The {@link HttpServerProvider} of this artifact: an HTTP/1.1 server on Netty (found by ServiceLoader). */
public final class NettyHttpServerProvider implements HttpServerProvider {
    /** For ServiceLoader. */
    public NettyHttpServerProvider() {}

    @Override
    public HttpServer start(InetSocketAddress address, HttpServerOptions options, HttpHandler handler,
            Executor invocations) throws IOException {
        return NettyHttpServer.start(address, options, handler, invocations);
    }
}
