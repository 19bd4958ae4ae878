package org.wasmcloud4j.lattice.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The golden control-interface payloads of {@code src/test/resources/ctl/} (written by hand from the protocol
 * notes §1.4 and §2) and the records they stand for. Public so tests in other packages (the ctl client's test
 * peer, the CLI tests) answer with the same bytes.
 */
public final class Golden {
    private Golden() {}

    /** The host key used by every golden payload. */
    public static final String HOST_ID = "NBZ3UNA7KLOVYQDKMWYHMYAGXHDCJ3HNEZR7GRDMXCLLVXEPBKPSH5W4";
    /** The image of the golden component. */
    public static final String HELLO_REF = "ghcr.io/wasmcloud/components/http-hello-world-rust:0.1.0";
    private static final Map<String, String> BUILTIN = Map.of("hostcore.arch", "x86_64", "hostcore.os", "linux",
            "hostcore.osfamily", "unix");
    private static final Map<String, String> APPSPEC = Map.of("wasmcloud.dev/appspec", "hello");

    /** The bytes of {@code ctl/{name}}. */
    public static byte[] bytes(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/ctl/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden file ctl/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** host.json. */
    public static Host host() {
        Map<String, String> labels = new java.util.HashMap<>(BUILTIN);
        labels.put("zone", "eu-1");
        return new Host(HOST_ID, "quiet-river-1234", labels, "default", 3725, "1h 2m 5s", "1.9.2", "core",
                "nats://127.0.0.1:4222", "nats://127.0.0.1:4222");
    }

    /** host-inventory.json. */
    public static HostInventory inventory() {
        return new HostInventory(
                List.of(new ComponentDescription("http-hello", HELLO_REF, "http-hello-world", APPSPEC, 3, 10,
                                Map.of("max_memory_limit", "256", "max_execution_time", "5000")),
                        new ComponentDescription("kv-counter", "file:///tmp/counter.wasm", null, Map.of(), 0, 1, null)),
                List.of(new ProviderDescription("http-server", "ghcr.io/wasmcloud/http-server:0.23.0",
                        "http-server-provider", 1, APPSPEC)),
                HOST_ID, "quiet-river-1234", BUILTIN, "1.9.2", "1h 2m 5s", 3725);
    }

    /** component-auction-request.json. */
    public static ComponentAuctionRequest componentAuctionRequest() {
        return new ComponentAuctionRequest(HELLO_REF, "http-hello", Map.of("zone", "eu-1"));
    }

    /** component-auction-ack.json. */
    public static ComponentAuctionAck componentAuctionAck() {
        return new ComponentAuctionAck(HELLO_REF, "http-hello", HOST_ID, Map.of("zone", "eu-1"));
    }

    /** provider-auction-request.json. */
    public static ProviderAuctionRequest providerAuctionRequest() {
        return new ProviderAuctionRequest("ghcr.io/wasmcloud/http-server:0.23.0", "http-server", Map.of());
    }

    /** provider-auction-ack.json. */
    public static ProviderAuctionAck providerAuctionAck() {
        return new ProviderAuctionAck(HOST_ID, "ghcr.io/wasmcloud/http-server:0.23.0", "http-server", Map.of());
    }

    /** scale-component-command.json. */
    public static ScaleComponentCommand scale() {
        return new ScaleComponentCommand(HELLO_REF, "http-hello", APPSPEC, 5, Map.of("max_memory_limit", "256"),
                HOST_ID, List.of("base", "override"), true);
    }

    /** update-component-command.json. */
    public static UpdateComponentCommand update() {
        return new UpdateComponentCommand("http-hello", APPSPEC, HOST_ID,
                "ghcr.io/wasmcloud/components/http-hello-world-rust:0.2.0");
    }

    /** start-provider-command.json. */
    public static StartProviderCommand startProvider() {
        return new StartProviderCommand("http-server", "ghcr.io/wasmcloud/http-server:0.23.0", HOST_ID,
                List.of("http-defaults"), Map.of());
    }

    /** stop-provider-command.json. */
    public static StopProviderCommand stopProvider() {
        return new StopProviderCommand(HOST_ID, "http-server");
    }

    /** stop-host-command.json. */
    public static StopHostCommand stopHost() {
        return new StopHostCommand(HOST_ID, 15000L);
    }

    /** link.json. */
    public static Link link() {
        return new Link("http-hello", "kv-redis", "default", "wasi", "keyvalue", List.of("store", "atomics"),
                List.of(), List.of("redis-url"));
    }

    /** The second link of response-links.json. */
    public static Link webLink() {
        return Link.of("http-hello", "http-server", "wasi", "http", List.of("incoming-handler")).withName("web");
    }

    /** delete-link-request.json. */
    public static DeleteInterfaceLinkDefinitionRequest deleteLink() {
        return new DeleteInterfaceLinkDefinitionRequest("http-hello", "cache", "wasi", "keyvalue");
    }

    /** registries.json. */
    public static Map<String, RegistryCredential> registries() {
        return Map.of("ghcr.io", RegistryCredential.basic("octo", "s3cret"),
                "registry.example.com:5000", RegistryCredential.bearer("tok-123"));
    }

    /** host-label.json. */
    public static HostLabel label() {
        return new HostLabel("zone", "eu-1");
    }

    /** host-label-identifier.json. */
    public static HostLabelIdentifier labelIdentifier() {
        return new HostLabelIdentifier("zone");
    }

    /** The config map of response-config.json. */
    public static Map<String, String> config() {
        return Map.of("url", "redis://127.0.0.1:6379", "pool", "4");
    }

    /** The claims of response-claims.json. */
    public static List<Map<String, String>> claims() {
        return List.of(Map.of("sub", "MBCFOPM6JW2APJLXJD3Z5O4CN7CPYJ2B4FTKLJUR5YR5MITIU7HD3WD5",
                "iss", "ACOJJN6WUP4ODD75XEBKKTCCUJJCY5ZKQ56XVKYK4BEJWGVAOOQHZMCW", "name", "Echo", "rev", "1",
                "version", "0.1.0"));
    }
}
