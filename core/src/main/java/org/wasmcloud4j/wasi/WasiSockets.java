package org.wasmcloud4j.wasi;

import static org.wasmcloud4j.wasi.WasiValues.OK;
import static org.wasmcloud4j.wasi.WasiValues.enumCase;
import static org.wasmcloud4j.wasi.WasiValues.err;
import static org.wasmcloud4j.wasi.WasiValues.integer;
import static org.wasmcloud4j.wasi.WasiValues.ok;
import static org.wasmcloud4j.wasi.WasiValues.tuple;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.wasmcloud4j.component.runtime.HostResource;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.value.Value;

/**
 * {@code wasi:sockets} TCP client connections on Java sockets, only to addresses the {@link WasiConfig} allows
 * ({@link WasiConfig.Builder#allowTcp}; everything else is {@code access-denied}), and name lookup of allowed
 * names ({@link WasiConfig.Builder#allowNameLookup}); listening sockets bind only where allowed too (an
 * ephemeral port is allowed as {@code ip:0}); UDP binds and sends only where {@link WasiConfig.Builder#allowUdp}
 * allows.
 */
final class WasiSockets {
    /** Where a guest's TCP socket is in the WASI state machine. */
    enum TcpState { UNBOUND, BOUND, LISTENING, CONNECTING, CONNECTED }

    /** A TCP socket of a guest: bound, listening or connected; options kept until there is a Java socket. */
    static final class TcpSocket {
        final String family;
        final SocketOptions options;
        TcpState state = TcpState.UNBOUND;
        boolean bindStarted;
        Socket socket;
        String error;
        boolean streamsTaken;
        InetSocketAddress bindTo;
        java.net.ServerSocket server;
        int backlog = 128;
        final java.util.concurrent.LinkedBlockingDeque<Socket> pending = new java.util.concurrent.LinkedBlockingDeque<>();

        TcpSocket(String family, SocketOptions options) {
            this.family = family;
            this.options = options;
        }
    }

    /** A UDP socket of a guest; its datagram streams are views of it. */
    static final class UdpSocket {
        final String family;
        final SocketOptions options = new SocketOptions();
        boolean receiving;
        InetSocketAddress bindTo;
        java.net.DatagramSocket socket;
        InetSocketAddress remote;
        final java.util.concurrent.LinkedBlockingDeque<java.net.DatagramPacket> received =
                new java.util.concurrent.LinkedBlockingDeque<>();

        UdpSocket(String family) {
            this.family = family;
        }
    }

    private WasiSockets() {}

    static void define(Linker linker, WasiConfig config, Wasi.Shared io) {
        String network = Wasi.iface("wasi:sockets/network");
        HostResource<Object> networks = linker.defineResource(network, "network", n -> { });
        linker.defineFunction(Wasi.iface("wasi:sockets/instance-network"), "instance-network",
                a -> networks.create(new Object()));
        String tcp = Wasi.iface("wasi:sockets/tcp");
        HostResource<TcpSocket> sockets = linker.defineResource(tcp, "tcp-socket", s -> {
            try {
                if (s.socket != null) {
                    s.socket.close();
                }
                if (s.server != null) {
                    s.server.close();
                }
            } catch (IOException e) {
                // closing a socket the guest dropped: nothing left to tell
            }
        });
        linker.defineFunction(Wasi.iface("wasi:sockets/tcp-create-socket"), "create-tcp-socket", a -> {
            String family = ((Value.EnumValue) a.get(0)).caseName();
            return family.equals("ipv4") || family.equals("ipv6")
                    ? ok(sockets.create(new TcpSocket(family, new SocketOptions()))) : err(enumCase("not-supported"));
        });
        linker.defineFunction(tcp, "[method]tcp-socket.start-connect", a -> {
            TcpSocket s = sockets.get(a.get(0));
            networks.get(a.get(1));
            boolean connectable = s.state == TcpState.BOUND || s.state == TcpState.UNBOUND && !s.bindStarted;
            if (!connectable) {
                return err(enumCase("invalid-state"));
            }
            InetSocketAddress target = address(a.get(2));
            if (!familyOf(target).equals(s.family) || target.getPort() == 0 || target.getAddress().isAnyLocalAddress()) {
                return err(enumCase("invalid-argument"));
            }
            if (!config.allowsTcp(AllowListKey.of(target))) {
                return err(enumCase("access-denied"));
            }
            s.state = TcpState.CONNECTING;
            try {
                Socket socket = new Socket();
                s.options.apply(socket);
                if (s.server != null) {
                    // bound earlier: connect from the same local address
                    InetSocketAddress local = (InetSocketAddress) s.server.getLocalSocketAddress();
                    s.server.close();
                    s.server = null;
                    socket.setReuseAddress(true);
                    socket.bind(local);
                }
                socket.connect(target, 10_000);
                s.socket = socket;
            } catch (ConnectException e) {
                s.error = "connection-refused";
            } catch (java.net.SocketTimeoutException e) {
                s.error = "timeout";
            } catch (IOException e) {
                s.error = "remote-unreachable";
            }
            return OK;
        });
        linker.defineFunction(tcp, "[method]tcp-socket.finish-connect", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.state != TcpState.CONNECTING || s.streamsTaken) {
                return err(enumCase("not-in-progress"));
            }
            if (s.error != null) {
                String e = s.error;
                s.error = null;
                s.state = TcpState.UNBOUND;
                return err(enumCase(e));
            }
            s.state = TcpState.CONNECTED;
            s.streamsTaken = true;
            try {
                return ok(tuple(io.inputs().create(InputSource.of(s.socket.getInputStream())),
                        io.outputs().create(new QueuedOutput(s.socket.getOutputStream()))));
            } catch (IOException e) {
                return err(enumCase("connection-reset"));
            }
        });
        udp(linker, config, io, networks);
        String lookup = Wasi.iface("wasi:sockets/ip-name-lookup");
        HostResource<java.util.Iterator<java.net.InetAddress>> streams = linker.defineResource(lookup,
                "resolve-address-stream", st -> { });
        linker.defineFunction(lookup, "resolve-addresses", a -> {
            networks.get(a.get(0));
            String name = ((Value.Str) a.get(1)).value();
            if (!config.allowsNameLookup(name)) {
                return err(enumCase("access-denied"));
            }
            try {
                return ok(streams.create(List.of(java.net.InetAddress.getAllByName(name)).iterator()));
            } catch (java.net.UnknownHostException e) {
                return err(enumCase("name-unresolvable"));
            }
        });
        linker.defineFunction(lookup, "[method]resolve-address-stream.resolve-next-address", a -> {
            java.util.Iterator<java.net.InetAddress> it = streams.get(a.get(0));
            if (!it.hasNext()) {
                return ok(WasiValues.none());
            }
            return ok(WasiValues.some(ipAddress(it.next())));
        });
        linker.defineFunction(lookup, "[method]resolve-address-stream.subscribe",
                a -> io.pollables().create(Wasi.Pollable.READY));
        linker.defineFunction(tcp, "[method]tcp-socket.subscribe", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.state != TcpState.LISTENING) {
                return io.pollables().create(Wasi.Pollable.READY);
            }
            // a listening socket is ready when a connection is waiting to be accepted
            return io.pollables().create(Wasi.Pollable.whenNotEmpty(s.pending));
        });
        linker.defineFunction(tcp, "[method]tcp-socket.start-bind", a -> {
            TcpSocket s = sockets.get(a.get(0));
            networks.get(a.get(1));
            if (s.state != TcpState.UNBOUND || s.bindStarted) {
                return err(enumCase("invalid-state"));
            }
            InetSocketAddress local = address(a.get(2));
            if (!familyOf(local).equals(s.family)) {
                return err(enumCase("invalid-argument"));
            }
            if (!config.allowsTcp(AllowListKey.of(local))) {
                return err(enumCase("access-denied"));
            }
            s.bindTo = local;
            s.bindStarted = true;
            return OK;
        });
        linker.defineFunction(tcp, "[method]tcp-socket.finish-bind", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (!s.bindStarted || s.state != TcpState.UNBOUND) {
                return err(enumCase("not-in-progress"));
            }
            try {
                java.net.ServerSocket server = new java.net.ServerSocket();
                s.options.apply(server);
                server.bind(s.bindTo, s.backlog);
                s.server = server;
                s.state = TcpState.BOUND;
                return OK;
            } catch (java.net.BindException e) {
                s.bindStarted = false;
                return err(enumCase("address-in-use"));
            } catch (IOException e) {
                s.bindStarted = false;
                return err(enumCase("address-not-bindable"));
            }
        });
        linker.defineFunction(tcp, "[method]tcp-socket.start-listen", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.state != TcpState.BOUND) {
                return err(enumCase("invalid-state"));
            }
            java.net.ServerSocket server = s.server;
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        s.pending.addLast(server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "wasi-tcp-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            s.state = TcpState.LISTENING;
            return OK;
        });
        linker.defineFunction(tcp, "[method]tcp-socket.finish-listen", a ->
                sockets.get(a.get(0)).state == TcpState.LISTENING ? OK : err(enumCase("not-in-progress")));
        linker.defineFunction(tcp, "[method]tcp-socket.accept", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.state != TcpState.LISTENING) {
                return err(enumCase("invalid-state"));
            }
            Socket c = s.pending.pollFirst();
            if (c == null) {
                return err(enumCase("would-block"));
            }
            // accepted connections inherit the listener's options
            TcpSocket conn = new TcpSocket(s.family, s.options.copy());
            conn.socket = c;
            conn.state = TcpState.CONNECTED;
            conn.streamsTaken = true;
            try {
                conn.options.apply(c);
                return ok(tuple(sockets.create(conn), io.inputs().create(InputSource.of(c.getInputStream())),
                        io.outputs().create(new QueuedOutput(c.getOutputStream()))));
            } catch (IOException e) {
                return err(enumCase("connection-reset"));
            }
        });
        tcpOptions(linker, tcp, sockets);
        linker.defineFunction(tcp, "[method]tcp-socket.local-address", a -> {
            TcpSocket s = sockets.get(a.get(0));
            java.net.SocketAddress local = s.server != null ? s.server.getLocalSocketAddress()
                    : s.socket != null ? s.socket.getLocalSocketAddress() : null;
            if (!(local instanceof InetSocketAddress in)) {
                return err(enumCase("invalid-state"));
            }
            return ok(socketAddress(in));
        });
        linker.defineFunction(tcp, "[method]tcp-socket.shutdown", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.state != TcpState.CONNECTED) {
                return err(enumCase("invalid-state"));
            }
            String how = ((Value.EnumValue) a.get(1)).caseName();
            try {
                if (!how.equals("send")) {
                    s.socket.shutdownInput();
                }
                if (!how.equals("receive")) {
                    s.socket.shutdownOutput();
                }
                return OK;
            } catch (IOException e) {
                return err(enumCase("invalid-state"));
            }
        });
    }

    /** The TCP socket's address queries and options. */
    private static void tcpOptions(Linker linker, String tcp, HostResource<TcpSocket> sockets) {
        linker.defineFunction(tcp, "[method]tcp-socket.remote-address", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.state != TcpState.CONNECTED || !(s.socket.getRemoteSocketAddress() instanceof InetSocketAddress r)) {
                return err(enumCase("invalid-state"));
            }
            return ok(socketAddress(r));
        });
        linker.defineFunction(tcp, "[method]tcp-socket.is-listening",
                a -> new Value.Bool(sockets.get(a.get(0)).state == TcpState.LISTENING));
        linker.defineFunction(tcp, "[method]tcp-socket.address-family",
                a -> enumCase(sockets.get(a.get(0)).family));
        linker.defineFunction(tcp, "[method]tcp-socket.set-listen-backlog-size", a -> {
            TcpSocket s = sockets.get(a.get(0));
            long v = WasiValues.saturatedU64(a.get(1));   // a u64: past 2^63 is "as many as allowed"
            if (v == 0) {
                return err(enumCase("invalid-argument"));
            }
            if (s.state == TcpState.CONNECTING || s.state == TcpState.CONNECTED) {
                return err(enumCase("invalid-state"));
            }
            if (s.state == TcpState.LISTENING) {
                return err(enumCase("not-supported"));    // Java cannot change the backlog of a listening socket
            }
            s.backlog = (int) Math.min(Integer.MAX_VALUE, v);
            return OK;
        });
        linker.defineFunction(tcp, "[method]tcp-socket.keep-alive-enabled",
                a -> ok(new Value.Bool(sockets.get(a.get(0)).options.keepAlive)));
        linker.defineFunction(tcp, "[method]tcp-socket.set-keep-alive-enabled", a -> set(sockets.get(a.get(0)),
                o -> o.keepAlive = ((Value.Bool) a.get(1)).value()));
        linker.defineFunction(tcp, "[method]tcp-socket.keep-alive-idle-time",
                a -> ok(WasiValues.u64(sockets.get(a.get(0)).options.keepAliveIdleNanos)));
        linker.defineFunction(tcp, "[method]tcp-socket.set-keep-alive-idle-time", a -> positive(a.get(1),
                v -> set(sockets.get(a.get(0)), o -> o.keepAliveIdleNanos = v)));
        linker.defineFunction(tcp, "[method]tcp-socket.keep-alive-interval",
                a -> ok(WasiValues.u64(sockets.get(a.get(0)).options.keepAliveIntervalNanos)));
        linker.defineFunction(tcp, "[method]tcp-socket.set-keep-alive-interval", a -> positive(a.get(1),
                v -> set(sockets.get(a.get(0)), o -> o.keepAliveIntervalNanos = v)));
        linker.defineFunction(tcp, "[method]tcp-socket.keep-alive-count",
                a -> ok(WasiValues.u32(sockets.get(a.get(0)).options.keepAliveCount)));
        linker.defineFunction(tcp, "[method]tcp-socket.set-keep-alive-count", a -> positive(a.get(1),
                v -> set(sockets.get(a.get(0)), o -> o.keepAliveCount = (int) Math.min(Integer.MAX_VALUE, v))));
        linker.defineFunction(tcp, "[method]tcp-socket.hop-limit",
                a -> ok(u8(sockets.get(a.get(0)).options.hopLimit)));
        linker.defineFunction(tcp, "[method]tcp-socket.set-hop-limit", a -> positive(a.get(1),
                v -> set(sockets.get(a.get(0)), o -> o.hopLimit = (int) v)));
        bufferSizes(linker, tcp + "#tcp-socket", h -> sockets.get(h).options, h -> {
            TcpSocket s = sockets.get(h);
            return new SizeQuery[] {
                () -> s.socket != null ? s.socket.getReceiveBufferSize()
                        : s.server != null ? s.server.getReceiveBufferSize() : -1,
                () -> s.socket != null ? s.socket.getSendBufferSize() : -1};
        }, (h, change) -> set(sockets.get(h), change));
    }

    /**
     * {@code receive-buffer-size}, {@code send-buffer-size} and their setters of one socket resource
     * ({@code <interface>#<resource>}): the live Java socket's sizes ({@code live} gives receive and send queries),
     * else what the guest set, else the system defaults.
     */
    private static void bufferSizes(Linker linker, String ifaceAndResource,
            java.util.function.Function<Value, SocketOptions> options,
            java.util.function.Function<Value, SizeQuery[]> live,
            java.util.function.BiFunction<Value, java.util.function.Consumer<SocketOptions>, Value> set) {
        String iface = ifaceAndResource.substring(0, ifaceAndResource.indexOf('#'));
        String method = "[method]" + ifaceAndResource.substring(ifaceAndResource.indexOf('#') + 1) + ".";
        linker.defineFunction(iface, method + "receive-buffer-size", a -> ok(WasiValues.u64(bufferSize(
                options.apply(a.get(0)).receiveBufferSize, SocketOptions.Defaults.RECEIVE, live.apply(a.get(0))[0]))));
        linker.defineFunction(iface, method + "send-buffer-size", a -> ok(WasiValues.u64(bufferSize(
                options.apply(a.get(0)).sendBufferSize, SocketOptions.Defaults.SEND, live.apply(a.get(0))[1]))));
        linker.defineFunction(iface, method + "set-receive-buffer-size", a -> positive(a.get(1),
                v -> set.apply(a.get(0), o -> o.receiveBufferSize = v)));
        linker.defineFunction(iface, method + "set-send-buffer-size", a -> positive(a.get(1),
                v -> set.apply(a.get(0), o -> o.sendBufferSize = v)));
    }

    /** A socket call that reads an option: the Java socket's value when it has one, else the stored value. */
    private interface SizeQuery {
        int get() throws IOException;
    }

    private static long bufferSize(long stored, long systemDefault, SizeQuery live) {
        try {
            int v = live.get();
            if (v > 0) {
                return v;
            }
        } catch (IOException e) {
            // closed: fall back to what the guest set
        }
        return stored > 0 ? stored : systemDefault;
    }

    /** Changes a TCP socket's option and applies it to the Java socket if there is one. */
    private static Value set(TcpSocket s, java.util.function.Consumer<SocketOptions> change) {
        return change(s.options, change, o -> {
            if (s.socket != null) {
                o.apply(s.socket);
            } else if (s.server != null) {
                o.apply(s.server);
            }
        });
    }

    /** Applies changed options to a Java socket. */
    private interface Apply {
        void to(SocketOptions options) throws IOException;
    }

    private static Value change(SocketOptions options, java.util.function.Consumer<SocketOptions> change,
            Apply apply) {
        change.accept(options);
        try {
            apply.to(options);
            return OK;
        } catch (IOException e) {
            return err(enumCase("invalid-state"));
        }
    }

    /**
     * The option setters' rule: 0 is {@code invalid-argument}. The value is a u64 (durations, sizes), saturated to
     * {@link Long#MAX_VALUE} so that one past 2^63 is "as much as allowed", never a negative {@code long}.
     */
    private static Value positive(Value v, java.util.function.LongFunction<Value> then) {
        long n = WasiValues.saturatedU64(v);
        return n == 0 ? err(enumCase("invalid-argument")) : then.apply(n);
    }

    private static Value u8(int v) {
        return new Value.Int(org.wasmcloud4j.component.types.PrimitiveType.U8, v);
    }

    /** The WASI address family of a Java address. */
    private static String familyOf(InetSocketAddress a) {
        return a.getAddress() instanceof java.net.Inet6Address ? "ipv6" : "ipv4";
    }

    private static void udp(Linker linker, WasiConfig config, Wasi.Shared io, HostResource<Object> networks) {
        String udp = Wasi.iface("wasi:sockets/udp");
        HostResource<UdpSocket> sockets = linker.defineResource(udp, "udp-socket", s -> {
            if (s.socket != null) {
                s.socket.close();
            }
        });
        udpOptions(linker, udp, sockets, io);
        HostResource<UdpSocket> incoming = linker.defineResource(udp, "incoming-datagram-stream", s -> { });
        HostResource<UdpSocket> outgoing = linker.defineResource(udp, "outgoing-datagram-stream", s -> { });
        linker.defineFunction(Wasi.iface("wasi:sockets/udp-create-socket"), "create-udp-socket", a -> {
            String family = ((Value.EnumValue) a.get(0)).caseName();
            return family.equals("ipv4") || family.equals("ipv6") ? ok(sockets.create(new UdpSocket(family)))
                    : err(enumCase("not-supported"));
        });
        linker.defineFunction(udp, "[method]udp-socket.start-bind", a -> {
            UdpSocket s = sockets.get(a.get(0));
            networks.get(a.get(1));
            if (s.bindTo != null) {
                return err(enumCase("invalid-state"));
            }
            InetSocketAddress local = address(a.get(2));
            if (!familyOf(local).equals(s.family)) {
                return err(enumCase("invalid-argument"));
            }
            if (!config.allowsUdp(AllowListKey.of(local))) {
                return err(enumCase("access-denied"));
            }
            s.bindTo = local;
            return OK;
        });
        linker.defineFunction(udp, "[method]udp-socket.finish-bind", a -> {
            UdpSocket s = sockets.get(a.get(0));
            if (s.bindTo == null || s.socket != null) {
                return err(enumCase("not-in-progress"));
            }
            try {
                java.net.DatagramSocket socket = new java.net.DatagramSocket(null);
                s.options.apply(socket);
                socket.bind(s.bindTo);
                s.socket = socket;
                return OK;
            } catch (java.net.BindException e) {
                s.bindTo = null;
                return err(enumCase("address-in-use"));
            } catch (IOException e) {
                s.bindTo = null;
                return err(enumCase("address-not-bindable"));
            }
        });
        linker.defineFunction(udp, "[method]udp-socket.stream", a -> {
            UdpSocket s = sockets.get(a.get(0));
            if (s.socket == null) {
                return err(enumCase("invalid-state"));
            }
            InetSocketAddress remote = ((Value.OptionValue) a.get(1)).value().map(WasiSockets::address).orElse(null);
            if (remote != null && (!familyOf(remote).equals(s.family) || remote.getPort() == 0
                    || remote.getAddress().isAnyLocalAddress())) {
                return err(enumCase("invalid-argument"));
            }
            if (remote != null && !config.allowsUdp(AllowListKey.of(remote))) {
                return err(enumCase("access-denied"));
            }
            // a remote address "connects" the stream: datagrams from anyone else are dropped on receipt, and sends
            // go there (filtered here rather than with DatagramSocket.connect, which blocks while a receive is pending)
            s.remote = remote;
            s.received.clear();
            if (!s.receiving) {
                s.receiving = true;
                java.net.DatagramSocket socket = s.socket;
                Thread receiver = new Thread(() -> {
                    while (!socket.isClosed()) {
                        java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[65536], 65536);
                        try {
                            socket.receive(p);
                            s.received.addLast(p);
                        } catch (IOException e) {
                            return;
                        }
                    }
                }, "wasi-udp-receive");
                receiver.setDaemon(true);
                receiver.start();
            }
            return ok(tuple(incoming.create(s), outgoing.create(s)));
        });
        linker.defineFunction(udp, "[method]incoming-datagram-stream.receive", a -> {
            UdpSocket s = incoming.get(a.get(0));
            long max = WasiValues.saturatedU64(a.get(1));   // u64::MAX: every datagram waiting
            List<Value> out = new java.util.ArrayList<>();
            java.net.DatagramPacket p;
            while (out.size() < max && (p = s.received.pollFirst()) != null) {
                if (s.remote != null && !s.remote.equals(p.getSocketAddress())) {
                    continue;
                }
                out.add(WasiValues.record("data", WasiValues.bytes(p.getData(), p.getLength()), "remote-address",
                        socketAddress((InetSocketAddress) p.getSocketAddress())));
            }
            return ok(WasiValues.list(out));
        });
        linker.defineFunction(udp, "[method]incoming-datagram-stream.subscribe", a -> {
            UdpSocket s = incoming.get(a.get(0));
            return io.pollables().create(Wasi.Pollable.whenNotEmpty(s.received));
        });
        linker.defineFunction(udp, "[method]outgoing-datagram-stream.check-send",
                a -> ok(WasiValues.u64(64)));
        linker.defineFunction(udp, "[method]outgoing-datagram-stream.subscribe",
                a -> io.pollables().create(Wasi.Pollable.READY));
        linker.defineFunction(udp, "[method]outgoing-datagram-stream.send", a -> {
            UdpSocket s = outgoing.get(a.get(0));
            long sent = 0;
            for (Value d : ((Value.ListValue) a.get(1)).elements()) {
                Value.RecordValue r = (Value.RecordValue) d;
                InetSocketAddress to = ((Value.OptionValue) r.fields().get("remote-address")).value()
                        .map(WasiSockets::address).orElse(s.remote);
                if (to == null || s.remote != null && !to.equals(s.remote)) {
                    // no address, or another one than the stream's remote: invalid-argument
                    return sent == 0 ? err(enumCase("invalid-argument")) : ok(WasiValues.u64(sent));
                }
                if (!config.allowsUdp(AllowListKey.of(to))) {
                    return sent == 0 ? err(enumCase("access-denied")) : ok(WasiValues.u64(sent));
                }
                byte[] data = WasiValues.toBytes(r.fields().get("data"));
                try {
                    s.socket.send(new java.net.DatagramPacket(data, data.length, to));
                    sent++;
                } catch (IOException e) {
                    return sent == 0 ? err(enumCase("remote-unreachable")) : ok(WasiValues.u64(sent));
                }
            }
            return ok(WasiValues.u64(sent));
        });
    }

    /** The UDP socket's address queries, options and pollable. */
    private static void udpOptions(Linker linker, String udp, HostResource<UdpSocket> sockets, Wasi.Shared io) {
        linker.defineFunction(udp, "[method]udp-socket.local-address", a -> {
            UdpSocket s = sockets.get(a.get(0));
            if (s.socket == null || !(s.socket.getLocalSocketAddress() instanceof InetSocketAddress l)) {
                return err(enumCase("invalid-state"));
            }
            return ok(socketAddress(l));
        });
        linker.defineFunction(udp, "[method]udp-socket.remote-address", a -> {
            UdpSocket s = sockets.get(a.get(0));
            return s.remote == null ? err(enumCase("invalid-state")) : ok(socketAddress(s.remote));
        });
        linker.defineFunction(udp, "[method]udp-socket.address-family",
                a -> enumCase(sockets.get(a.get(0)).family));
        linker.defineFunction(udp, "[method]udp-socket.unicast-hop-limit",
                a -> ok(u8(sockets.get(a.get(0)).options.hopLimit)));
        linker.defineFunction(udp, "[method]udp-socket.set-unicast-hop-limit", a -> positive(a.get(1), v -> {
            sockets.get(a.get(0)).options.hopLimit = (int) v;
            return OK;
        }));
        bufferSizes(linker, udp + "#udp-socket", h -> sockets.get(h).options, h -> {
            UdpSocket s = sockets.get(h);
            return new SizeQuery[] {() -> s.socket != null ? s.socket.getReceiveBufferSize() : -1,
                () -> s.socket != null ? s.socket.getSendBufferSize() : -1};
        }, (h, change) -> change(sockets.get(h).options, change, o -> {
            UdpSocket s = sockets.get(h);
            if (s.socket != null) {
                o.apply(s.socket);
            }
        }));
        linker.defineFunction(udp, "[method]udp-socket.subscribe", a -> {
            sockets.get(a.get(0));
            return io.pollables().create(Wasi.Pollable.READY);
        });
    }

    /** An {@code ip-socket-address} value. */
    static Value socketAddress(InetSocketAddress a) {
        Value.VariantValue ip = (Value.VariantValue) ipAddress(a.getAddress());
        Value port = new Value.Int(org.wasmcloud4j.component.types.PrimitiveType.U16, a.getPort());
        if (ip.caseName().equals("ipv4")) {
            return new Value.VariantValue("ipv4", java.util.Optional.of(WasiValues.record("port", port, "address",
                    ip.payload().orElseThrow())));
        }
        return new Value.VariantValue("ipv6", java.util.Optional.of(WasiValues.record("port", port, "flow-info",
                WasiValues.u32(0), "address", ip.payload().orElseThrow(), "scope-id", WasiValues.u32(0))));
    }

    /** An {@code ip-address} value. */
    static Value ipAddress(java.net.InetAddress address) {
        byte[] b = address.getAddress();
        List<Value> parts = new java.util.ArrayList<>();
        if (b.length == 4) {
            for (byte x : b) {
                parts.add(new Value.Int(org.wasmcloud4j.component.types.PrimitiveType.U8, x & 0xff));
            }
            return new Value.VariantValue("ipv4", java.util.Optional.of(new Value.TupleValue(parts)));
        }
        for (int i = 0; i < 16; i += 2) {
            parts.add(new Value.Int(org.wasmcloud4j.component.types.PrimitiveType.U16,
                    ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
        }
        return new Value.VariantValue("ipv6", java.util.Optional.of(new Value.TupleValue(parts)));
    }

    /** An {@code ip-socket-address} as a Java address. */
    static InetSocketAddress address(Value v) {
        Value.VariantValue sa = (Value.VariantValue) v;
        Value.RecordValue r = (Value.RecordValue) sa.payload().orElseThrow();
        int port = (int) ((Value.Int) r.fields().get("port")).value();
        List<Value> parts = ((Value.TupleValue) r.fields().get("address")).elements();
        String host;
        if (sa.caseName().equals("ipv4")) {
            StringBuilder b = new StringBuilder();
            for (Value p : parts) {
                b.append(b.length() == 0 ? "" : ".").append(((Value.Int) p).value());
            }
            host = b.toString();
        } else {
            StringBuilder b = new StringBuilder();
            for (Value p : parts) {
                b.append(b.length() == 0 ? "" : ":").append(Long.toHexString(((Value.Int) p).value()));
            }
            host = b.toString();
        }
        return new InetSocketAddress(host, port);
    }

}
