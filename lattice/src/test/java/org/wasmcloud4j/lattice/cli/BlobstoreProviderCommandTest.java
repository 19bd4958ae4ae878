package org.wasmcloud4j.lattice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.lattice.NatsServer;
import org.wasmcloud4j.lattice.provider.BlobstoreFsProvider;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;

/** {@code wasmcloud4j blobstore-provider}: flags, then a real provider on a real {@code nats-server}. */
class BlobstoreProviderCommandTest {
    @TempDir
    Path dir;


    @Test
    void servesTheDirectoryOnTheLatticeFromTheEnvironmentUntilClosed() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            Path root = dir.resolve("blobs");
            try (BlobstoreProviderCommand.Running r = BlobstoreProviderCommand.start(List.of("--id", "fs",
                    "--root", root.toString()), Map.of("WASMCLOUD_NATS_URL", nats.url(), "WASMCLOUD_LATTICE", "cli"));
                    WrpcClient c = WrpcClient.builder().server(nats.url()).lattice("cli").build()) {
                assertThat(call(c, "create-container", new Value.Str("c"))).isEqualTo(Value.ResultValue.ok(null));
                Map<String, Value> id = new LinkedHashMap<>();
                id.put("container", new Value.Str("c"));
                id.put("object", new Value.Str("o"));
                assertThat(call(c, "write-container-data", new Value.RecordValue(id), Value.ListValue.ofBytes(
                        "from the command".getBytes(StandardCharsets.UTF_8)))).isEqualTo(Value.ResultValue.ok(null));
                assertThat(Files.readString(root.resolve("c/o"))).isEqualTo("from the command");
            }
        }
    }

    @Test
    void perLinkRootsAskTheLatticeForTheCallersLink() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            try (BlobstoreProviderCommand.Running r = BlobstoreProviderCommand.start(List.of("--id", "fs",
                    "--root", dir.resolve("base").toString(), "--per-link-roots", "--nats-url", nats.url(),
                    "--lattice", "cli"), Map.of());
                    WrpcClient c = WrpcClient.builder().server(nats.url()).lattice("cli").build()) {
                assertThat(r.lattice()).isNotNull();
                FuncType f = WitFunctions.function(BlobstoreFsProvider.WIT_0_1_0, BlobstoreFsProvider.FALLBACK,
                        "create-container");
                assertThat(c.invoke("fs", BlobstoreFsProvider.FALLBACK, "create-container", f,
                        List.of(new Value.Str("c")), InvokeOptions.builder().sourceId("nobody").build()).get(0))
                        .isEqualTo(Value.ResultValue.err(new Value.Str("no wasi:blobstore link 'default' from nobody "
                                + "to blobstore provider fs")));
            }
        }
    }

    private static Value call(WrpcClient c, String function, Value... params) {
        FuncType f = WitFunctions.function(BlobstoreFsProvider.WIT_0_1_0, BlobstoreFsProvider.FALLBACK, function);
        return c.invoke("fs", BlobstoreFsProvider.FALLBACK, function, f, List.of(params), InvokeOptions.defaults())
                .get(0);
    }

    @Test
    void badFlagsAreUsageErrorsWithExitCode2() {
        assertThatThrownBy(() -> BlobstoreProviderCommand.start(List.of("--root", "x"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessage("--id is required");
        assertThatThrownBy(() -> BlobstoreProviderCommand.start(List.of("--id", "x"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessage("--root is required");
        assertThatThrownBy(() -> BlobstoreProviderCommand.start(List.of("--id", "x", "--root", "y", "--bucket", "z"),
                Map.of())).isInstanceOf(UsageException.class).hasMessage("unknown option --bucket");
        assertThatThrownBy(() -> BlobstoreProviderCommand.start(List.of("--id", "x", "--root", "y",
                "--max-spilled-bytes", "-1"), Map.of())).isInstanceOf(UsageException.class)
                .hasMessageContaining("--max-spilled-bytes must be between 0");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(LatticeMain.run(new String[] {"blobstore-provider", "--id", "x"}, new PrintStream(out()),
                new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--root is required")
                .contains("usage: wasmcloud4j blobstore-provider");
        assertThat(LatticeMain.run(new String[] {"blobstore-provider", "--help"}, new PrintStream(out()),
                new PrintStream(out()))).isZero();
    }

    private static ByteArrayOutputStream out() {
        return new ByteArrayOutputStream();
    }
}
