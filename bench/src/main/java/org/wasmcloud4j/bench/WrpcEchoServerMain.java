package org.wasmcloud4j.bench;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.io.IOException;
import java.time.Duration;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;

/**
 * The server side of {@link WrpcClientAllocationBenchmark}, in a process of its own so that the benchmark's JVM holds
 * only the client: {@code java -cp bench/target/benchmarks.jar org.wasmcloud4j.bench.WrpcEchoServerMain NATS-URL}
 * serves {@code echo(string) -> string} over wRPC (id {@code echo}, lattice {@code bench}) and a raw jnats responder on
 * {@code bench.raw.echo}, prints {@code ready}, and ends when its standard input closes.
 */
public final class WrpcEchoServerMain {
    static final String WIT = """
            package bench:echo@0.1.0;
            interface echo { echo: func(s: string) -> string; }
            """;
    static final String IFACE = "bench:echo/echo@0.1.0";

    private WrpcEchoServerMain() {}

    /** Serves until standard input closes; see the class comment. */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        FuncType echo = WitFunctions.function(WIT, IFACE, "echo");
        try (Connection responder = Nats.connect(url);
                WrpcServer server = WrpcServer.builder().server(url).lattice("bench").build()) {
            Dispatcher d = responder.createDispatcher((Message m) -> responder.publish(m.getReplyTo(), m.getData()));
            d.subscribe("bench.raw.echo");
            responder.flush(Duration.ofSeconds(5));
            server.serve("echo", IFACE, "echo", echo, p -> p);
            System.out.println("ready");
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // until the benchmark closes our standard input
                }
            } catch (IOException e) {
                // the benchmark is gone
            }
        }
    }
}
