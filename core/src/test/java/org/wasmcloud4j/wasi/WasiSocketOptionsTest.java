package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Socket addresses, state queries and options of {@code wasi:sockets} tcp and udp, called through the
 * {@code wat-sockets-api} component (which re-exports the host's instances) on real loopback sockets.
 */
class WasiSocketOptionsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private Instance instance;

    private Instance instance(WasiConfig config) {
        Engine engine = Engine.builder().mode(Engine.Mode.INTERPRETER).build();
        Linker linker = new Linker(engine);
        Wasi.addToLinker(linker, config);
        instance = linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes("wat-sockets-api.component")))
                .instantiate();
        return instance;
    }

    @AfterEach
    void close() {
        if (instance != null) {
            instance.close();
        }
    }

    private Value call(String iface, String fn, Value... args) {
        return instance.func(iface, fn).orElseThrow().call(args).orElse(null);
    }

    private static Value ok(Value r) {
        Value.ResultValue result = (Value.ResultValue) r;
        assertThat(result.isOk()).as("%s", r).isTrue();
        return result.payload().orElse(null);
    }

    private static String errCode(Value r) {
        Value.ResultValue result = (Value.ResultValue) r;
        assertThat(result.isOk()).as("%s", r).isFalse();
        return ((Value.EnumValue) result.payload().orElseThrow()).caseName();
    }

    private static Value u64(long v) {
        return new Value.Int(PrimitiveType.U64, v);
    }

    private static long integer(Value v) {
        return ((Value.Int) v).value();
    }

    private Value tcpSocket(String family) {
        return ok(call("tcp-create", "create-tcp-socket", new Value.EnumValue(family)));
    }

    private Value tcp(String method, Value socket, Value... args) {
        Value[] all = new Value[args.length + 1];
        all[0] = socket;
        System.arraycopy(args, 0, all, 1, args.length);
        return call("tcp", "[method]tcp-socket." + method, all);
    }

    private Value udp(String method, Value socket, Value... args) {
        Value[] all = new Value[args.length + 1];
        all[0] = socket;
        System.arraycopy(args, 0, all, 1, args.length);
        return call("udp", "[method]udp-socket." + method, all);
    }

    private Value network() {
        return call("network", "instance-network");
    }

    /** Defaults, set-then-get and the zero rule of every TCP option, against the hand-written transcript. */
    @Test
    void tcpOptionsHaveDefaultsAreSetAndRejectZero() {
        instance(WasiConfig.builder().build());
        Value s = tcpSocket("ipv4");
        StringBuilder transcript = new StringBuilder();
        java.util.function.BiConsumer<String, Value[]> run = (method, args) -> transcript.append("tcp-socket.")
                .append(method).append("(").append(String.join(", ", java.util.Arrays.stream(args)
                        .map(org.wasmcloud4j.component.value.Wave::print).toList()))
                .append(") -> ").append(org.wasmcloud4j.component.value.Wave.print(tcp(method, s, args))).append("\n");
        for (String q : new String[] {"address-family", "is-listening", "local-address", "remote-address",
                "keep-alive-enabled", "keep-alive-idle-time", "keep-alive-interval", "keep-alive-count", "hop-limit"}) {
            run.accept(q, new Value[0]);
        }
        run.accept("set-keep-alive-enabled", new Value[] {new Value.Bool(true)});
        run.accept("set-keep-alive-idle-time", new Value[] {u64(TimeUnit.SECONDS.toNanos(30))});
        run.accept("set-keep-alive-interval", new Value[] {u64(TimeUnit.SECONDS.toNanos(5))});
        run.accept("set-keep-alive-count", new Value[] {new Value.Int(PrimitiveType.U32, 4)});
        run.accept("set-hop-limit", new Value[] {new Value.Int(PrimitiveType.U8, 12)});
        run.accept("set-receive-buffer-size", new Value[] {u64(65536)});
        run.accept("set-send-buffer-size", new Value[] {u64(32768)});
        for (String q : new String[] {"keep-alive-enabled", "keep-alive-idle-time", "keep-alive-interval",
                "keep-alive-count", "hop-limit", "receive-buffer-size", "send-buffer-size"}) {
            run.accept(q, new Value[0]);
        }
        run.accept("set-keep-alive-idle-time", new Value[] {u64(0)});
        run.accept("set-keep-alive-interval", new Value[] {u64(0)});
        run.accept("set-keep-alive-count", new Value[] {new Value.Int(PrimitiveType.U32, 0)});
        run.accept("set-hop-limit", new Value[] {new Value.Int(PrimitiveType.U8, 0)});
        run.accept("set-receive-buffer-size", new Value[] {u64(0)});
        run.accept("set-send-buffer-size", new Value[] {u64(0)});
        run.accept("set-listen-backlog-size", new Value[] {u64(0)});
        assertThat(transcript.toString())
                .isEqualTo(Fixtures.text("wat-sockets-api.component.expected-responses.txt").orElseThrow());
        // before any change, buffer sizes are the system's defaults
        Value fresh = tcpSocket("ipv6");
        assertThat(integer(ok(tcp("receive-buffer-size", fresh)))).isPositive();
        assertThat(integer(ok(tcp("send-buffer-size", fresh)))).isPositive();
        assertThat(((Value.EnumValue) tcp("address-family", fresh)).caseName()).isEqualTo("ipv6");
    }

    @Test
    void listeningSocketsReportTheirStateAndPassOptionsToAcceptedConnections() throws Exception {
        instance(WasiConfig.builder().allowTcp("127.0.0.1:0").build());
        Value s = tcpSocket("ipv4");
        ok(tcp("set-keep-alive-enabled", s, new Value.Bool(true)));
        ok(tcp("set-listen-backlog-size", s, u64(16)));
        // an IPv6 address on an IPv4 socket is refused
        assertThat(errCode(tcp("start-bind", s, network(),
                WasiSockets.socketAddress(new InetSocketAddress("::1", 0))))).isEqualTo("invalid-argument");
        ok(tcp("start-bind", s, network(), WasiSockets.socketAddress(new InetSocketAddress(LOOPBACK, 0))));
        ok(tcp("finish-bind", s));
        InetSocketAddress local = WasiSockets.address(ok(tcp("local-address", s)));
        assertThat(local.getPort()).isPositive();
        ok(tcp("start-listen", s));
        ok(tcp("finish-listen", s));
        assertThat(((Value.Bool) tcp("is-listening", s)).value()).isTrue();
        assertThat(errCode(tcp("set-listen-backlog-size", s, u64(32)))).isEqualTo("not-supported");

        try (Socket client = new Socket(LOOPBACK, local.getPort())) {
            Value accepted = null;
            for (int i = 0; i < 200 && accepted == null; i++) {
                Value r = tcp("accept", s);
                if (((Value.ResultValue) r).isOk()) {
                    accepted = ((Value.TupleValue) ok(r)).elements().get(0);
                } else {
                    assertThat(errCode(r)).isEqualTo("would-block");
                    Thread.sleep(10);
                }
            }
            assertThat(accepted).isNotNull();
            assertThat(((Value.Bool) ok(tcp("keep-alive-enabled", accepted))).value()).isTrue();
            assertThat(WasiSockets.address(ok(tcp("remote-address", accepted))).getPort())
                    .isEqualTo(client.getLocalPort());
            assertThat(((Value.Bool) tcp("is-listening", accepted)).value()).isFalse();
        }
    }

    @Test
    void connectedSocketsKnowTheirRemoteAddress() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
            instance(WasiConfig.builder().allowTcp("127.0.0.1:" + server.getLocalPort()).build());
            Value s = tcpSocket("ipv4");
            ok(tcp("set-keep-alive-enabled", s, new Value.Bool(true)));
            // port 0 is not a valid remote
            assertThat(errCode(tcp("start-connect", s, network(),
                    WasiSockets.socketAddress(new InetSocketAddress(LOOPBACK, 0))))).isEqualTo("invalid-argument");
            ok(tcp("start-connect", s, network(),
                    WasiSockets.socketAddress(new InetSocketAddress(LOOPBACK, server.getLocalPort()))));
            ok(tcp("finish-connect", s));
            try (Socket peer = server.accept()) {
                assertThat(WasiSockets.address(ok(tcp("remote-address", s))).getPort())
                        .isEqualTo(server.getLocalPort());
                assertThat(WasiSockets.address(ok(tcp("local-address", s))).getPort()).isEqualTo(peer.getPort());
                assertThat(((Value.Bool) ok(tcp("keep-alive-enabled", s))).value()).isTrue();
                assertThat(errCode(tcp("set-listen-backlog-size", s, u64(8)))).isEqualTo("invalid-state");
            }
        }
    }

    @Test
    void udpAddressesStreamsAndOptions() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            instance(WasiConfig.builder().allowUdp("127.0.0.1:0").allowUdp("127.0.0.1:" + peer.getLocalPort())
                    .build());
            Value s = ok(call("udp-create", "create-udp-socket", new Value.EnumValue("ipv4")));
            assertThat(((Value.EnumValue) udp("address-family", s)).caseName()).isEqualTo("ipv4");
            assertThat(errCode(udp("local-address", s))).isEqualTo("invalid-state");
            assertThat(integer(ok(udp("unicast-hop-limit", s)))).isEqualTo(64);
            ok(udp("set-unicast-hop-limit", s, new Value.Int(PrimitiveType.U8, 3)));
            assertThat(integer(ok(udp("unicast-hop-limit", s)))).isEqualTo(3);
            assertThat(errCode(udp("set-unicast-hop-limit", s, new Value.Int(PrimitiveType.U8, 0))))
                    .isEqualTo("invalid-argument");
            ok(udp("set-receive-buffer-size", s, u64(50_000)));
            assertThat(errCode(udp("set-send-buffer-size", s, u64(0)))).isEqualTo("invalid-argument");
            // the stream needs a bound socket
            assertThat(errCode(udp("stream", s, new Value.OptionValue(Optional.empty())))).isEqualTo("invalid-state");
            ok(udp("start-bind", s, network(), WasiSockets.socketAddress(new InetSocketAddress(LOOPBACK, 0))));
            ok(udp("finish-bind", s));
            assertThat(WasiSockets.address(ok(udp("local-address", s))).getPort()).isPositive();
            // the kernel may round a buffer size up (Linux doubles it), never down
            assertThat(integer(ok(udp("receive-buffer-size", s)))).isGreaterThanOrEqualTo(50_000);
            assertThat(errCode(udp("remote-address", s))).isEqualTo("invalid-state");

            InetSocketAddress remote = new InetSocketAddress(LOOPBACK, peer.getLocalPort());
            ok(udp("stream", s, new Value.OptionValue(Optional.of(WasiSockets.socketAddress(remote)))));
            assertThat(WasiSockets.address(ok(udp("remote-address", s)))).isEqualTo(remote);
            ok(udp("stream", s, new Value.OptionValue(Optional.empty())));
            assertThat(errCode(udp("remote-address", s))).isEqualTo("invalid-state");
            // a remote outside the allow-list cannot be connected to
            assertThat(errCode(udp("stream", s, new Value.OptionValue(Optional.of(
                    WasiSockets.socketAddress(new InetSocketAddress(LOOPBACK, 9))))))).isEqualTo("access-denied");
        }
    }

    /**
     * A socket's output stream has real readiness: against a peer that does not read, {@code check-write} falls to 0
     * and the stream's pollable is not ready; once the peer reads, it becomes ready, and a blocking flush delivers
     * every byte.
     */
    @Test
    void socketOutputStreamsReportReadinessAgainstASlowPeer() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress(LOOPBACK, 0), 1);
            instance(WasiConfig.builder().allowTcp("127.0.0.1:" + server.getLocalPort()).build());
            Value s = tcpSocket("ipv4");
            ok(tcp("set-send-buffer-size", s, u64(4096)));
            ok(tcp("start-connect", s, network(),
                    WasiSockets.socketAddress(new InetSocketAddress(LOOPBACK, server.getLocalPort()))));
            Value out = ((Value.TupleValue) ok(tcp("finish-connect", s))).elements().get(1);
            try (Socket peer = server.accept()) {
                long written = 0;
                long permit;
                byte[] chunk = new byte[8192];
                // write what check-write permits until it permits nothing (the peer is not reading)
                while ((permit = integer(ok(call("io-streams", "[method]output-stream.check-write", out)))) > 0) {
                    int n = (int) Math.min(permit, chunk.length);
                    ok(call("io-streams", "[method]output-stream.write", out,
                            Value.ListValue.ofBytes(java.util.Arrays.copyOf(chunk, n))));
                    written += n;
                    assertThat(written).as("the kernel buffers are small").isLessThan(64L << 20);
                    if (written % (256 << 10) == 0) {
                        Thread.sleep(20);   // let the writer thread fill the socket
                    }
                }
                Value pollable = call("io-streams", "[method]output-stream.subscribe", out);
                assertThat(((Value.Bool) call("io-poll", "[method]pollable.ready", pollable)).value()).isFalse();

                long total = written;
                java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
                Thread reader = new Thread(() -> {
                    try {
                        java.io.InputStream in = peer.getInputStream();
                        byte[] buf = new byte[65536];
                        int n;
                        while (received.get() < total && (n = in.read(buf)) > 0) {
                            received.addAndGet(n);
                        }
                    } catch (java.io.IOException e) {
                        // the assertion below reports what arrived
                    }
                });
                reader.start();
                call("io-poll", "[method]pollable.block", pollable);
                assertThat(((Value.Bool) call("io-poll", "[method]pollable.ready", pollable)).value()).isTrue();
                ok(call("io-streams", "[method]output-stream.blocking-flush", out));
                reader.join(10_000);
                assertThat(received.get()).isEqualTo(total);
            }
        }
    }

    /** TCP over IPv6 loopback, allowed by the canonical {@code [::1]:port} spelling. */
    @Test
    void ipv6LoopbackConnections() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            instance(WasiConfig.builder().allowTcp("[0:0:0:0:0:0:0:1]:" + server.getLocalPort()).build());
            Value s = tcpSocket("ipv6");
            InetSocketAddress target = new InetSocketAddress("::1", server.getLocalPort());
            // an IPv4 address on an IPv6 socket is refused
            assertThat(errCode(tcp("start-connect", s, network(),
                    WasiSockets.socketAddress(new InetSocketAddress(LOOPBACK, server.getLocalPort())))))
                    .isEqualTo("invalid-argument");
            ok(tcp("start-connect", s, network(), WasiSockets.socketAddress(target)));
            ok(tcp("finish-connect", s));
            try (Socket peer = server.accept()) {
                assertThat(WasiSockets.address(ok(tcp("remote-address", s)))).isEqualTo(target);
                assertThat(WasiSockets.address(ok(tcp("local-address", s))).getPort()).isEqualTo(peer.getPort());
            }
            // the allow-list holds: another port on ::1 is denied
            Value other = tcpSocket("ipv6");
            assertThat(errCode(tcp("start-connect", other, network(), WasiSockets.socketAddress(
                    new InetSocketAddress("::1", server.getLocalPort() == 9 ? 10 : 9))))).isEqualTo("access-denied");
        }
    }
}
