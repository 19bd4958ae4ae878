package org.wasmcloud4j.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HttpRouter;

/**
 * The {@code wat-http} hello component served by the host's router ({@link Host#serveHttp}, compiled, instances
 * reused) on the Netty server of {@code wasmcloud4j-http-server}, against a plain Netty handler answering the same
 * bytes on the event loop, both on loopback in one run and requested over keep-alive HTTP/1.1 connections (one per
 * JMH thread). Report {@code component / plainNetty} for throughput (target ≥ 0.5) and for p99 of the sample-time
 * mode (target ≤ 3).
 *
 * <p>Warm-up is 3 × 8 s: on the shared 2-core machine the JIT compiles the component path (Chicory's generated
 * classes, the canonical ABI, WASI, the server) for 10–15 s, at up to ≈230 µs of compiler CPU per request in the
 * first 5 s; with 3 × 3 s the first measured iterations of {@code component} still paid for it.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 8)
@Measurement(iterations = 5, time = 3)
@Threads(8)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class HttpServeBenchmark {
    private Host host;
    private HttpRouter router;
    private EventLoopGroup plainGroup;
    private Channel plain;
    private org.wasmcloud4j.http.HttpServer javaServer;

    /** One keep-alive connection to each server per JMH thread. */
    @State(Scope.Thread)
    public static class Clients {
        Http1Client component;
        Http1Client plainNetty;
        Http1Client javaHandler;

        /** Connects. */
        @Setup(Level.Trial)
        public void connect(HttpServeBenchmark servers) throws IOException {
            component = new Http1Client(servers.router.address().getPort(), "/hello");
            plainNetty = new Http1Client(((InetSocketAddress) servers.plain.localAddress()).getPort(), "/hello");
            javaHandler = new Http1Client(servers.javaServer.address().getPort(), "/hello");
        }

        /** Disconnects. */
        @TearDown(Level.Trial)
        public void close() throws IOException {
            component.close();
            plainNetty.close();
            javaHandler.close();
        }
    }

    /** Starts both servers. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        host = Host.builder().engineMode(Engine.Mode.COMPILED).build();
        host.startComponent("web", "classpath:org/wasmcloud4j/fixtures/wat-http.component.wasm", 16);
        router = host.serveHttp(new InetSocketAddress("127.0.0.1", 0)).routePath("/", "web");
        plainGroup = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                NioIoHandler.newFactory());
        plain = new ServerBootstrap().group(plainGroup).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new SimpleChannelInboundHandler<HttpObject>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
                                if (msg instanceof HttpRequest req) {
                                    byte[] body = ("hello from WAT: " + req.uri() + "\n")
                                            .getBytes(StandardCharsets.UTF_8);
                                    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                            HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
                                    r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                                            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
                                    ctx.writeAndFlush(r);
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
        // the server module with a Java handler on its invocation threads: what the server costs without Wasm
        javaServer = new org.wasmcloud4j.httpserver.NettyHttpServerProvider().start(new InetSocketAddress(
                "127.0.0.1", 0), org.wasmcloud4j.http.HttpServerOptions.defaults(), exchange -> {
                    byte[] body = ("hello from WAT: " + exchange.request().pathWithQuery() + "\n")
                            .getBytes(StandardCharsets.UTF_8);
                    try (java.io.OutputStream out = exchange.respond(200, java.util.List.of(java.util.Map.entry(
                            "content-type", "text/plain".getBytes(StandardCharsets.ISO_8859_1))), body.length)) {
                        out.write(body);
                    }
                }, null);
    }

    /** Stops the servers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        javaServer.close();
        router.close();
        host.close();
        plain.close().syncUninterruptibly();
        plainGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One request to the component. */
    @Benchmark
    public int component(Clients c) throws IOException {
        return c.component.get();
    }

    /** For the cost split: one request to a Java handler behind the server module (no component). */
    @Benchmark
    public int javaHandler(Clients c) throws IOException {
        return c.javaHandler.get();
    }

    /** Baseline: one request to the plain Netty handler. */
    @Benchmark
    public int plainNetty(Clients c) throws IOException {
        return c.plainNetty.get();
    }
}
