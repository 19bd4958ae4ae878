package org.wasmcloud4j.httpserver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.wasmcloud4j.http.HttpHandler;
import org.wasmcloud4j.http.HttpServer;
import org.wasmcloud4j.http.HttpServerOptions;

/**
 * A running Netty server: one event-loop group (accepting and the I/O of every connection), handlers on the
 * invocation executor. Each connection is a pipeline of a {@link Connection.HeadWatch} (times a request head from
 * its first byte), an idle timer, Netty's HTTP/1.1 codec (head size limits) and the {@link Connection} itself.
 */
final class NettyHttpServer implements HttpServer {
    /** What a connection past the limit gets before it is closed. */
    private static final byte[] TOO_MANY = ("HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\n"
            + "content-type: text/plain\r\ncontent-length: 20\r\n\r\ntoo many connections").getBytes(
                    StandardCharsets.US_ASCII);

    private final EventLoopGroup group;
    private final Channel listener;
    private final ExecutorService ownInvocations;
    private volatile boolean closed;

    private NettyHttpServer(EventLoopGroup group, Channel listener, ExecutorService ownInvocations) {
        this.group = group;
        this.listener = listener;
        this.ownInvocations = ownInvocations;
    }

    static NettyHttpServer start(InetSocketAddress address, HttpServerOptions options, HttpHandler handler,
            Executor given) throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        ExecutorService own = given == null ? Executors.newCachedThreadPool(threads("wasmcloud4j-http-invoke"))
                : null;
        Executor invocations = given != null ? given : own;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(options.ioThreads(), threads("wasmcloud4j-http-io"),
                NioIoHandler.newFactory());
        AtomicInteger connections = new AtomicInteger();
        HttpDecoderConfig codec = new HttpDecoderConfig().setMaxInitialLineLength(options.maxHeaderSize())
                .setMaxHeaderSize(options.maxHeaderSize()).setMaxChunkSize(64 * 1024);
        long idleNanos = options.idleTimeout().toNanos();
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.incrementAndGet() > options.maxConnections()) {
                            connections.decrementAndGet();
                            ch.config().setAutoRead(false);
                            ch.writeAndFlush(Unpooled.wrappedBuffer(TOO_MANY)).addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        ch.closeFuture().addListener(f -> connections.decrementAndGet());
                        Connection c = new Connection(options, handler, invocations);
                        ch.pipeline()
                                .addLast("head-watch", c.headWatch())
                                .addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS))
                                .addLast("codec", new HttpServerCodec(codec))
                                .addLast("exchange", c);
                    }
                });
        Channel listener;
        try {
            listener = b.bind(address).syncUninterruptibly().channel();
        } catch (Exception e) {   // Netty rethrows the bind's IOException unchecked
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (own != null) {
                own.shutdownNow();
            }
            throw e instanceof IOException io ? io : new IOException("cannot listen on " + address + ": "
                    + e.getMessage(), e);
        }
        warmUp(group);
        return new NettyHttpServer(group, listener, own);
    }

    /**
     * Starts every I/O thread and lets it take and give back one buffer, off the caller's thread: the first buffer
     * a JVM takes from Netty's allocator registers Netty's flight-recorder events (60–90 ms of class loading in a
     * cold JVM, measured by {@code HostReadinessMain}), which otherwise lands on the first request.
     */
    private static void warmUp(EventLoopGroup group) {
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            loop.execute(() -> ByteBufAllocator.DEFAULT.ioBuffer(1024).release());
        }
    }

    @Override
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (ownInvocations != null) {
            ownInvocations.shutdownNow();
        }
    }

    /** Named daemon threads. */
    static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
