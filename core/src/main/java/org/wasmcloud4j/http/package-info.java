/**
 * A small, server-neutral HTTP seam: what an HTTP server hands to wasmcloud4j ({@link
 * org.wasmcloud4j.http.HttpExchange}: a request head, a body source, a response sink, abort on failure) and the
 * service-provider interface through which the host finds a server ({@link org.wasmcloud4j.http.HttpServerProvider},
 * implemented by the {@code wasmcloud4j-http-server} artifact). Core carries no HTTP server: an application that
 * brings its own calls {@link org.wasmcloud4j.wasi.WasiHttp#handle} with an exchange of its own.
 */
package org.wasmcloud4j.http;
