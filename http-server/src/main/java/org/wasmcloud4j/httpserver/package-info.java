/**
 * The HTTP server of wasmcloud4j, on Netty: {@link org.wasmcloud4j.httpserver.NettyHttpServerProvider} implements
 * {@link org.wasmcloud4j.http.HttpServerProvider}, so {@code Host.serveHttp} and the command line's {@code serve}
 * find it on the class path. It enforces every limit of {@link org.wasmcloud4j.http.HttpServerOptions} and runs
 * handlers on invocation threads, never on its I/O threads.
 */
package org.wasmcloud4j.httpserver;
