package org.wasmcloud4j.wasi;

import static org.wasmcloud4j.wasi.WasiValues.OK;
import static org.wasmcloud4j.wasi.WasiValues.err;
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
    /** A TCP socket of a guest: connected by start-connect, handed out as streams by finish-connect. */
    static final class TcpSocket {
        Socket socket;
        String error;
        boolean connecting;
        boolean streamsTaken;
        InetSocketAddress bindTo;
        java.net.ServerSocket server;
        final java.util.concurrent.LinkedBlockingDeque<Socket> pending = new java.util.concurrent.LinkedBlockingDeque<>();
    }

    /** A UDP socket of a guest; its datagram streams are views of it. */
    static final class UdpSocket {
        InetSocketAddress bindTo;
        java.net.DatagramSocket socket;
        InetSocketAddress remote;
        final java.util.concurrent.LinkedBlockingDeque<java.net.DatagramPacket> received =
                new java.util.concurrent.LinkedBlockingDeque<>();
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
            return family.equals("ipv4") || family.equals("ipv6") ? ok(sockets.create(new TcpSocket()))
                    : err(code("not-supported"));
        });
        linker.defineFunction(tcp, "[method]tcp-socket.start-connect", a -> {
            TcpSocket s = sockets.get(a.get(0));
            networks.get(a.get(1));
            if (s.connecting || s.socket != null) {
                return err(code("invalid-state"));
            }
            InetSocketAddress target = address(a.get(2));
            if (!config.allowsTcp(allowListKey(target))) {
                return err(code("access-denied"));
            }
            s.connecting = true;
            try {
                Socket socket = new Socket();
                socket.connect(target, 10_000);
                s.socket = socket;
            } catch (ConnectException e) {
                s.error = "connection-refused";
            } catch (IOException e) {
                s.error = "remote-unreachable";
            }
            return OK;
        });
        linker.defineFunction(tcp, "[method]tcp-socket.finish-connect", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (!s.connecting) {
                return err(code("not-in-progress"));
            }
            s.connecting = false;
            if (s.error != null) {
                return err(code(s.error));
            }
            if (s.streamsTaken) {
                return err(code("invalid-state"));
            }
            s.streamsTaken = true;
            try {
                return ok(tuple(io.inputs().create(InputSource.of(s.socket.getInputStream())),
                        io.outputs().create(s.socket.getOutputStream())));
            } catch (IOException e) {
                return err(code("connection-reset"));
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
                return err(code("access-denied"));
            }
            try {
                return ok(streams.create(List.of(java.net.InetAddress.getAllByName(name)).iterator()));
            } catch (java.net.UnknownHostException e) {
                return err(code("name-unresolvable"));
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
            if (s.server == null) {
                return io.pollables().create(Wasi.Pollable.READY);
            }
            // a listening socket is ready when a connection is waiting to be accepted
            return io.pollables().create(Wasi.Pollable.whenNotEmpty(s.pending));
        });
        linker.defineFunction(tcp, "[method]tcp-socket.start-bind", a -> {
            TcpSocket s = sockets.get(a.get(0));
            networks.get(a.get(1));
            if (s.bindTo != null || s.socket != null) {
                return err(code("invalid-state"));
            }
            InetSocketAddress local = address(a.get(2));
            if (!config.allowsTcp(allowListKey(local))) {
                return err(code("access-denied"));
            }
            s.bindTo = local;
            return OK;
        });
        linker.defineFunction(tcp, "[method]tcp-socket.finish-bind", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.bindTo == null) {
                return err(code("not-in-progress"));
            }
            try {
                s.server = new java.net.ServerSocket();
                s.server.bind(s.bindTo, 128);
                return OK;
            } catch (java.net.BindException e) {
                return err(code("address-in-use"));
            } catch (IOException e) {
                return err(code("address-not-bindable"));
            }
        });
        linker.defineFunction(tcp, "[method]tcp-socket.start-listen", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.server == null) {
                return err(code("invalid-state"));
            }
            Thread acceptor = new Thread(() -> {
                while (!s.server.isClosed()) {
                    try {
                        s.pending.addLast(s.server.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "wasi-tcp-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            return OK;
        });
        linker.defineFunction(tcp, "[method]tcp-socket.finish-listen", a -> {
            return sockets.get(a.get(0)).server == null ? err(code("not-in-progress")) : OK;
        });
        linker.defineFunction(tcp, "[method]tcp-socket.accept", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.server == null) {
                return err(code("invalid-state"));
            }
            Socket c = s.pending.pollFirst();
            if (c == null) {
                return err(code("would-block"));
            }
            TcpSocket conn = new TcpSocket();
            conn.socket = c;
            conn.streamsTaken = true;
            try {
                return ok(tuple(sockets.create(conn), io.inputs().create(InputSource.of(c.getInputStream())),
                        io.outputs().create(c.getOutputStream())));
            } catch (IOException e) {
                return err(code("connection-reset"));
            }
        });
        linker.defineFunction(tcp, "[method]tcp-socket.local-address", a -> {
            TcpSocket s = sockets.get(a.get(0));
            java.net.SocketAddress local = s.server != null ? s.server.getLocalSocketAddress()
                    : s.socket != null ? s.socket.getLocalSocketAddress() : null;
            if (!(local instanceof InetSocketAddress in)) {
                return err(code("invalid-state"));
            }
            return ok(socketAddress(in));
        });
        linker.defineFunction(tcp, "[method]tcp-socket.shutdown", a -> {
            TcpSocket s = sockets.get(a.get(0));
            if (s.socket == null) {
                return err(code("invalid-state"));
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
                return err(code("invalid-state"));
            }
        });
    }

    private static void udp(Linker linker, WasiConfig config, Wasi.Shared io, HostResource<Object> networks) {
        String udp = Wasi.iface("wasi:sockets/udp");
        HostResource<UdpSocket> sockets = linker.defineResource(udp, "udp-socket", s -> {
            if (s.socket != null) {
                s.socket.close();
            }
        });
        HostResource<UdpSocket> incoming = linker.defineResource(udp, "incoming-datagram-stream", s -> { });
        HostResource<UdpSocket> outgoing = linker.defineResource(udp, "outgoing-datagram-stream", s -> { });
        linker.defineFunction(Wasi.iface("wasi:sockets/udp-create-socket"), "create-udp-socket",
                a -> ok(sockets.create(new UdpSocket())));
        linker.defineFunction(udp, "[method]udp-socket.start-bind", a -> {
            UdpSocket s = sockets.get(a.get(0));
            networks.get(a.get(1));
            InetSocketAddress local = address(a.get(2));
            if (!config.allowsUdp(allowListKey(local))) {
                return err(code("access-denied"));
            }
            s.bindTo = local;
            return OK;
        });
        linker.defineFunction(udp, "[method]udp-socket.finish-bind", a -> {
            UdpSocket s = sockets.get(a.get(0));
            if (s.bindTo == null || s.socket != null) {
                return err(code("not-in-progress"));
            }
            try {
                s.socket = new java.net.DatagramSocket(s.bindTo);
                return OK;
            } catch (java.net.SocketException e) {
                return err(code("address-in-use"));
            }
        });
        linker.defineFunction(udp, "[method]udp-socket.stream", a -> {
            UdpSocket s = sockets.get(a.get(0));
            if (s.socket == null) {
                return err(code("invalid-state"));
            }
            s.remote = ((Value.OptionValue) a.get(1)).value().map(WasiSockets::address).orElse(null);
            Thread receiver = new Thread(() -> {
                while (!s.socket.isClosed()) {
                    java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[65536], 65536);
                    try {
                        s.socket.receive(p);
                        s.received.addLast(p);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "wasi-udp-receive");
            receiver.setDaemon(true);
            receiver.start();
            return ok(tuple(incoming.create(s), outgoing.create(s)));
        });
        linker.defineFunction(udp, "[method]incoming-datagram-stream.receive", a -> {
            UdpSocket s = incoming.get(a.get(0));
            long max = ((Value.Int) a.get(1)).value();
            List<Value> out = new java.util.ArrayList<>();
            java.net.DatagramPacket p;
            while (out.size() < max && (p = s.received.pollFirst()) != null) {
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
                if (to == null) {
                    return sent == 0 ? err(code("invalid-argument")) : ok(WasiValues.u64(sent));
                }
                if (!config.allowsUdp(allowListKey(to))) {
                    return sent == 0 ? err(code("access-denied")) : ok(WasiValues.u64(sent));
                }
                byte[] data = WasiValues.toBytes(r.fields().get("data"));
                try {
                    s.socket.send(new java.net.DatagramPacket(data, data.length, to));
                    sent++;
                } catch (IOException e) {
                    return sent == 0 ? err(code("remote-unreachable")) : ok(WasiValues.u64(sent));
                }
            }
            return ok(WasiValues.u64(sent));
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

    private static Value code(String c) {
        return new Value.EnumValue(c);
    }

    /** An {@code ip-socket-address} as a Java address. */
    /** The {@code host:port} form the {@link WasiConfig} allow-lists are written in. */
    private static String allowListKey(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

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
