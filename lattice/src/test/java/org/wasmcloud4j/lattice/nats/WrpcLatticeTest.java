package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.HostException;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;

/**
 * Calls between hosts in different lattice objects (separate NATS connections, as separate processes would be) go
 * over wRPC: a component's linked import reaches a component on another host, plain Java reaches a host's component
 * with {@link WrpcClient}, and a component reaches a function served from Java lambdas by {@link WrpcServer}.
 */
class WrpcLatticeTest extends NatsHostsTest {
    private static final String HOP = "example:relay/hop@0.1.0";
    private static final String RELAY = "classpath:org/wasmcloud4j/fixtures/wat-relay.component.wasm";
    private static final String LEAF = "classpath:org/wasmcloud4j/fixtures/wat-leaf.component.wasm";
    private static final String HOP_WIT = "package example:relay@0.1.0;\ninterface hop {\n  hop: func(s: string) -> string;\n}\n";

    private Host host() {
        return host("w", Engine.Mode.INTERPRETER);
    }

    private static String hop(Host h, String id, String s) {
        return ((Value.Str) h.invoke(id, HOP, "hop", List.of(new Value.Str(s))).orElseThrow()).value();
    }

    @Test
    void aLinkedImportReachesAComponentOnAnotherHostOverWrpc() throws Exception {
        Host a = host();
        Host b = host();
        b.startComponent("leaf", LEAF, 2);
        a.startComponent("relay", RELAY, 2);
        a.putLink(Link.of("relay", "leaf", "example:relay", "hop"));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
        assertThat(hop(a, "relay", "x")).isEqualTo("r:leaf(x)");
        String big = "y".repeat(2 << 20);   // 2 MiB: more than one NATS message each way
        assertThat(hop(a, "relay", big)).isEqualTo("r:leaf(" + big + ")");
    }

    @Test
    void javaCallsAHostsComponentAndAComponentCallsJavaLambdasOverWrpc() throws Exception {
        Host b = host();
        b.startComponent("leaf", LEAF, 2);
        FuncType hopType = WitFunctions.function(HOP_WIT, "example:relay/hop@0.1.0", "hop");
        try (WrpcClient client = WrpcClient.builder().server(nats.url()).lattice("w").build()) {
            List<Value> r = client.invoke("leaf", HOP, "hop", hopType, List.of(new Value.Str("java")),
                    InvokeOptions.builder().sourceId("java-test").build());
            assertThat(r).containsExactly(new Value.Str("leaf(java)"));
            assertThatThrownBy(() -> client.invoke("nobody", HOP, "hop", hopType, List.of(new Value.Str("x")),
                    InvokeOptions.builder().timeout(Duration.ofSeconds(3)).build()))
                    .hasMessageContaining("nobody");
        }
        try (WrpcServer server = WrpcServer.builder().server(nats.url()).lattice("w").build()) {
            AutoCloseable reg = server.serve("java-leaf", HOP, "hop", hopType,
                    params -> List.of(new Value.Str("lambda(" + ((Value.Str) params.get(0)).value() + ")")));
            Host a = host();
            a.startComponent("relay", RELAY, 2);
            a.putLink(Link.of("relay", "java-leaf", "example:relay", "hop"));
            NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
            assertThat(hop(a, "relay", "z")).isEqualTo("r:lambda(z)");
            reg.close();
            assertThatThrownBy(() -> hop(a, "relay", "gone")).hasMessageContaining("java-leaf");
        }
    }

    @Test
    void aCallToAnIdNobodyServesFailsNamingIt() {
        Host a = host();
        a.startComponent("relay", RELAY, 1);
        a.putLink(Link.of("relay", "missing", "example:relay", "hop"));
        assertThatThrownBy(() -> hop(a, "relay", "x")).hasMessageContaining("missing")
                .hasRootCauseInstanceOf(org.wasmcloud4j.Wasmcloud4jException.class);
        assertThat(HostException.class).isAssignableTo(org.wasmcloud4j.Wasmcloud4jException.class);
    }

    @Test
    void anHttpRequestOnHostAIsServedByAComponentOnHostBThroughWrpcHttp() throws Exception {
        Host b = host();
        b.startComponent("web", "classpath:org/wasmcloud4j/fixtures/wat-http.component.wasm", 2);
        Host a = host();
        try (org.wasmcloud4j.host.HttpRouter router = a.serveHttp(new java.net.InetSocketAddress("127.0.0.1", 0))) {
            router.routePath("/", "web");   // web runs on b only
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + router.address().getPort() + "/hello?x=1")).timeout(Duration.ofSeconds(20))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hello from WAT: /hello?x=1\n");
            assertThat(r.headers().firstValue("content-type")).contains("text/plain");
            router.routePath("/none", "nobody");
            java.net.http.HttpResponse<String> none = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + router.address().getPort() + "/none")).timeout(Duration.ofSeconds(30))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(500);
            assertThat(none.body()).contains("nobody");
        }
    }
}
