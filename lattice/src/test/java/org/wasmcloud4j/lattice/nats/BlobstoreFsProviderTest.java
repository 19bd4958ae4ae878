package org.wasmcloud4j.lattice.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wasmcloud4j.lattice.nats.WrpcBlobstoreMappingTest.bytes;
import static org.wasmcloud4j.lattice.nats.WrpcBlobstoreMappingTest.line;
import static org.wasmcloud4j.lattice.nats.WrpcBlobstoreMappingTest.payload;
import static org.wasmcloud4j.lattice.nats.WrpcBlobstoreMappingTest.s;
import static org.wasmcloud4j.lattice.nats.WrpcBlobstoreMappingTest.u64;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.host.Host;
import org.wasmcloud4j.host.capability.BlobDirectory;
import org.wasmcloud4j.host.lattice.Link;
import org.wasmcloud4j.lattice.provider.BlobstoreFsProvider;
import org.wasmcloud4j.lattice.wrpc.IndexPath;
import org.wasmcloud4j.lattice.wrpc.InvokeOptions;
import org.wasmcloud4j.lattice.wrpc.WitFunctions;
import org.wasmcloud4j.lattice.wrpc.WrpcClient;
import org.wasmcloud4j.lattice.wrpc.WrpcClientCall;
import org.wasmcloud4j.lattice.wrpc.WrpcServer;

/**
 * {@link BlobstoreFsProvider} on a real {@code nats-server}, on its own connection (another host, as far as the
 * callers know): components on a host whose {@code wasi:blobstore} link targets it store real files through
 * {@code wrpc:blobstore@0.2.0}; plain wRPC callers reach both versions; names a peer sends never leave the root.
 */
class BlobstoreFsProviderTest extends NatsHostsTest {
    private static final String GUEST = "classpath:org/wasmcloud4j/fixtures/wat-blobstore-guest.component.wasm";
    private static final String API = "classpath:org/wasmcloud4j/fixtures/wat-blobstore-api.component.wasm";
    private static final int MIB = 1 << 20;

    private Path root;

    private BlobstoreFsProvider provider(Duration timeout) throws Exception {
        root = dir.resolve("blobs");
        WrpcServer server = WrpcServer.builder().server(nats.url()).lattice("fs").timeout(timeout).build();
        closing.add(server);
        BlobstoreFsProvider p = BlobstoreFsProvider.serve(server, "fs-blobs", BlobDirectory.of(root));
        closing.add(p);
        return p;
    }

    /** The provider with object {@code c/big} of 24 MiB of random bytes, and a client. */
    private WrpcClient providerWithBigObject() throws Exception {
        provider(InvokeOptions.DEFAULT_TIMEOUT);
        WrpcClient c = client();
        assertThat(call(c, "create-container", s("c"))).isEqualTo("ok");
        byte[] big = new byte[24 * MIB];
        new Random(9).nextBytes(big);
        Files.write(root.resolve("c/big"), big);
        return c;
    }

    private void assertStagingEmpty() throws java.io.IOException {
        try (Stream<Path> staged = Files.list(root.resolve(".wasmcloud4j-staging"))) {
            assertThat(staged).as("nothing left in staging").isEmpty();
        }
    }

    private Host linked(String component, String fixture, Engine.Mode mode) throws Exception {
        Host a = host("fs", mode);
        a.startComponent(component, fixture, 1);
        a.putLink(new Link(component, "fs-blobs", "default", "wasi", "blobstore",
                List.of("blobstore", "container", "types"), List.of(), List.of()));
        NatsLatticeTest.await("link on a", () -> a.links().size() == 1);
        return a;
    }

    @ParameterizedTest
    @EnumSource(value = Engine.Mode.class, names = {"INTERPRETER", "COMPILED"})
    void aComponentOnAnotherHostStoresRealFilesOfAnySize(Engine.Mode mode) throws Exception {
        provider(InvokeOptions.DEFAULT_TIMEOUT);
        Host a = linked("guest", GUEST, mode);
        assertThat(roundtrip(a, "guest", "hello.txt", "hello, files".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("hello, files".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(root.resolve("guest/hello.txt"))).isEqualTo("hello, files");
        assertThat(roundtrip(a, "guest", "empty", new byte[0])).isEmpty();
        assertThat(Files.size(root.resolve("guest/empty"))).isZero();
        // folders of an object name are folders on disk, as wasmCloud's filesystem provider stores them
        assertThat(roundtrip(a, "guest", "photos/2026/cat.jpg", new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat(root.resolve("guest/photos/2026/cat.jpg")).exists();
        assertThat(a.blobstoreRoot().resolve("guest")).as("the host's own blobstore is not used").doesNotExist();
        assertStagingEmpty();
    }

    /** More than the wRPC call's whole-value bound (16 MiB), in 1 MiB writes and reads of the component. */
    @Test
    void aComponentStreamsValuesLargerThanOneCallsBoundBothWays() throws Exception {
        provider(InvokeOptions.DEFAULT_TIMEOUT);
        Host a = linked("blob", API, Engine.Mode.COMPILED);
        Value c = payload(a.invoke("blob", "blobstore", "create-container", List.of(s("big"))).orElseThrow());
        byte[] big = new byte[20 * MIB];
        new Random(5).nextBytes(big);
        Value ov = a.invoke("blob", "types", "[static]outgoing-value.new-outgoing-value", List.of()).orElseThrow();
        assertThat(line(a, "container", "[method]container.write-data", c, s("v.bin"), ov)).endsWith("ok");
        Value out = payload(a.invoke("blob", "types", "[method]outgoing-value.outgoing-value-write-body",
                List.of(ov)).orElseThrow());
        for (int i = 0; i < big.length; i += MIB) {
            Value.ResultValue w = (Value.ResultValue) a.invoke("blob", "streams",
                    "[method]output-stream.blocking-write-and-flush", List.of(out,
                            Value.ListValue.ofBytes(java.util.Arrays.copyOfRange(big, i, i + MIB)))).orElseThrow();
            assertThat(w.isOk()).isTrue();
        }
        ((Value.Handle) out).resource().drop();
        assertThat(line(a, "types", "[static]outgoing-value.finish", ov)).endsWith("ok");
        assertThat(Files.readAllBytes(root.resolve("big/v.bin"))).isEqualTo(big);

        Value in = payload(a.invoke("blob", "types", "[static]incoming-value.incoming-value-consume-async",
                List.of(payload(a.invoke("blob", "container", "[method]container.get-data", List.of(c, s("v.bin"),
                        u64(0), u64(-1))).orElseThrow()))).orElseThrow());
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        while (true) {
            Value.ResultValue r = (Value.ResultValue) a.invoke("blob", "streams", "[method]input-stream.blocking-read",
                    List.of(in, u64(MIB))).orElseThrow();
            if (!r.isOk()) {
                assertThat(((Value.VariantValue) r.payload().orElseThrow()).caseName()).as("after %d bytes", got.size()).isEqualTo("closed");
                break;
            }
            got.writeBytes(((Value.ListValue) r.payload().orElseThrow()).toByteArray());
        }
        ((Value.Handle) in).resource().drop();
        assertThat(got.toByteArray()).isEqualTo(big);
        assertStagingEmpty();
    }

    @Test
    void everyContainerFunctionOfAComponentReachesTheFiles() throws Exception {
        provider(InvokeOptions.DEFAULT_TIMEOUT);
        Host a = linked("blob", API, Engine.Mode.INTERPRETER);
        List<String> t = new ArrayList<>();
        Value c = WrpcBlobstoreMappingTest.openPhotos(a, t);
        WrpcBlobstoreMappingTest.writeThroughComponent(a, c, "cat.txt", "hello", t);
        t.add(line(a, "container", "[method]container.has-object", c, s("cat.txt")));
        t.add(line(a, "container", "[method]container.has-object", c, s("dog.txt")));
        t.add(line(a, "container", "[method]container.object-info", c, s("cat.txt")));
        Value in = payload(a.invoke("blob", "container", "[method]container.get-data", List.of(c, s("cat.txt"),
                u64(1), u64(3))).orElseThrow());
        t.add(line(a, "types", "[static]incoming-value.incoming-value-consume-sync", in));
        Value names = payload(a.invoke("blob", "container", "[method]container.list-objects", List.of(c))
                .orElseThrow());
        t.add(line(a, "container", "[method]stream-object-names.read-stream-object-names", names, u64(5)));
        ((Value.Handle) names).resource().drop();
        t.add(line(a, "blobstore", "copy-object", id("photos", "cat.txt"), id("photos", "copy/cat.txt")));
        t.add(line(a, "blobstore", "move-object", id("photos", "copy/cat.txt"), id("photos", "moved.txt")));
        t.add(line(a, "container", "[method]container.delete-object", c, s("cat.txt")));
        t.add(line(a, "container", "[method]container.get-data", c, s("cat.txt"), u64(0), u64(9)));
        t.add(line(a, "container", "[method]container.clear", c));
        t.add(line(a, "blobstore", "delete-container", s("photos")));
        t.add(line(a, "blobstore", "get-container", s("photos")));
        assertThat(String.join("\n", t).replaceAll("created-at: [0-9]+", "created-at: T")).isEqualTo("""
                container-exists -> ok(false)
                get-container -> err("container does not exist")
                [method]container.name -> ok("photos")
                [method]container.info -> ok({name: "photos", created-at: T})
                [method]container.write-data -> ok
                [static]outgoing-value.finish -> ok
                [method]container.has-object -> ok(true)
                [method]container.has-object -> ok(false)
                [method]container.object-info -> ok({name: "cat.txt", container: "photos", created-at: T, size: 5})
                [static]incoming-value.incoming-value-consume-sync -> ok([101, 108, 108])
                [method]stream-object-names.read-stream-object-names -> ok((["cat.txt"], true))
                copy-object -> ok
                move-object -> ok
                [method]container.delete-object -> ok
                [method]container.get-data -> err("object 'cat.txt' in container 'photos' does not exist")
                [method]container.clear -> ok
                delete-container -> ok
                get-container -> err("container does not exist")""");
        assertThat(root.resolve("photos")).doesNotExist();
    }

    /**
     * A component on another host lists 3 000 names through the provider: the host reads them from the wire as the
     * component asks (`read-stream-object-names` of 250, a skip of 500 between), the last read says at-end, and a
     * stream dropped half-way releases its call (a new listing works, and the provider keeps serving).
     */
    @Test
    void aComponentReadsAStreamedListingInSteps() throws Exception {
        provider(InvokeOptions.DEFAULT_TIMEOUT);
        Host a = linked("blob", API, Engine.Mode.INTERPRETER);
        Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < 3_000; i++) {
            Files.writeString(root.resolve("many/n" + i), "x");
        }
        Value c = payload(a.invoke("blob", "blobstore", "get-container", List.of(s("many"))).orElseThrow());
        for (int round = 0; round < 2; round++) {
            Value names = payload(a.invoke("blob", "container", "[method]container.list-objects", List.of(c))
                    .orElseThrow());
            java.util.Set<String> seen = new java.util.HashSet<>();
            long skipped = 0;
            boolean end = false;
            for (int step = 0; !end && (round == 0 || step < 3); step++) {
                if (step == 2) {
                    List<Value> r = ((Value.TupleValue) payload(a.invoke("blob", "container",
                            "[method]stream-object-names.skip-stream-object-names", List.of(names, u64(500)))
                            .orElseThrow())).elements();
                    skipped += ((Value.Int) r.get(0)).value();
                    end = ((Value.Bool) r.get(1)).value();
                    continue;
                }
                List<Value> r = ((Value.TupleValue) payload(a.invoke("blob", "container",
                        "[method]stream-object-names.read-stream-object-names", List.of(names, u64(250)))
                        .orElseThrow())).elements();
                for (Value v : ((Value.ListValue) r.get(0)).elements()) {
                    assertThat(seen.add(((Value.Str) v).value())).isTrue();
                }
                end = ((Value.Bool) r.get(1)).value();
            }
            if (round == 0) {
                assertThat(skipped).isEqualTo(500);
                assertThat(seen.size() + skipped).isEqualTo(3_000);
                assertThat(end).isTrue();
            } else {
                assertThat(seen).hasSize(500);   // two reads, then dropped with names left on the wire
            }
            ((Value.Handle) names).resource().drop();
        }
        assertThat(call(client(), "container-exists", s("many"))).isEqualTo("ok(true)");
    }

    // ------------------------------------------------------------------------------ per-link roots

    /**
     * {@link BlobstoreFsProvider#servePerLink}: each component's objects land in its link's {@code ROOT} (target
     * config, any case), inside the base; a ROOT leading outside it, and a caller without a link, are refused.
     */
    @Test
    void perLinkRootsFollowEachLinksTargetConfigInsideTheBase() throws Exception {
        Path base = dir.resolve("links-base");
        NatsLattice providerView = NatsLattice.connect(NatsOptions.builder().server(nats.url()).lattice("fs").build());
        closing.add(providerView);
        WrpcServer server = WrpcServer.builder().server(nats.url()).lattice("fs").build();
        closing.add(server);
        closing.add(BlobstoreFsProvider.servePerLink(server, "fs-links", providerView, base));

        Host a = host("fs", Engine.Mode.INTERPRETER);
        a.putConfig("root-one", Map.of("ROOT", "one"));
        a.putConfig("root-two", Map.of("root", "two/deeper"));
        a.putConfig("root-escape", Map.of("ROOT", "../outside"));
        List<String> guests = List.of("g-one", "g-two", "g-plain", "g-escape");
        List<List<String>> configs = List.of(List.of("root-one"), List.of("root-two"), List.of(),
                List.of("root-one", "root-escape"));   // merged left to right: the rightmost ROOT wins
        for (int i = 0; i < guests.size(); i++) {
            a.startComponent(guests.get(i), GUEST, 1);
            a.putLink(new Link(guests.get(i), "fs-links", "default", "wasi", "blobstore",
                    List.of("blobstore", "container", "types"), List.of(), configs.get(i)));
        }
        NatsLatticeTest.await("the provider sees the links and their config", () -> providerView.links().size() == 4
                && providerView.config("root-escape").isPresent() && providerView.config("root-two").isPresent());
        assertThat(roundtripAs(a, "g-one", "c", "o", "one")).isEqualTo("ok(\"one\")");
        assertThat(roundtripAs(a, "g-two", "c", "o", "two")).isEqualTo("ok(\"two\")");
        assertThat(roundtripAs(a, "g-plain", "c", "o", "plain")).isEqualTo("ok(\"plain\")");
        assertThat(Files.readString(base.resolve("one/c/o"))).isEqualTo("one");
        assertThat(Files.readString(base.resolve("two/deeper/c/o"))).isEqualTo("two");
        assertThat(Files.readString(base.resolve("c/o"))).as("no ROOT: the base").isEqualTo("plain");
        assertThat(roundtripAs(a, "g-escape", "c", "o", "x")).isEqualTo("err(\"the ROOT of link 'default' from "
                + "g-escape leads outside the provider's base directory\")");
        assertThat(dir.resolve("outside")).doesNotExist();
        // a link whose config is gone: refused, not written to the base
        a.deleteConfig("root-two");
        NatsLatticeTest.await("config gone", () -> providerView.config("root-two").isEmpty());
        assertThat(roundtripAs(a, "g-two", "c", "gone", "x")).isEqualTo("err(\"config 'root-two' of link 'default' "
                + "from g-two does not exist\")");
        assertThat(base.resolve("c/gone")).doesNotExist();

        // callers the lattice has no link for
        WrpcClient c = WrpcClient.builder().server(nats.url()).lattice("fs").build();
        closing.add(c::close);
        FuncType create = WitFunctions.function(BlobstoreFsProvider.WIT_0_2_0, BlobstoreFsProvider.INSTANCE,
                "create-container");
        assertThat(Wave.print(c.invoke("fs-links", BlobstoreFsProvider.INSTANCE, "create-container", create,
                List.of(s("x")), InvokeOptions.defaults()).get(0))).isEqualTo("err(\"the call names no source (no "
                + "source-id header): only a linked component may use blobstore provider fs-links\")");
        assertThat(Wave.print(c.invoke("fs-links", BlobstoreFsProvider.INSTANCE, "create-container", create,
                List.of(s("x")), InvokeOptions.builder().sourceId("stranger").build()).get(0))).isEqualTo(
                "err(\"no wasi:blobstore link 'default' from stranger to blobstore provider fs-links\")");
        assertThat(base.resolve("x")).doesNotExist();
    }

    private static String roundtripAs(Host a, String component, String container, String name, String data) {
        Value.ResultValue r = (Value.ResultValue) a.invoke(component, null, "roundtrip",
                List.of(s(container), s(name), bytes(data))).orElseThrow();
        return r.isOk() ? "ok(\"" + new String(((Value.ListValue) r.payload().orElseThrow()).toByteArray(),
                StandardCharsets.UTF_8) + "\")" : Wave.print(r);
    }

    // ------------------------------------------------------------------------- plain wRPC callers

    private static final String WIT = BlobstoreFsProvider.WIT_0_1_0;

    private static FuncType fn(String function) {
        return WitFunctions.function(WIT, BlobstoreFsProvider.FALLBACK, function);
    }

    private WrpcClient client() throws Exception {
        WrpcClient c = WrpcClient.builder().server(nats.url()).lattice("fs").build();
        closing.add(c::close);
        return c;
    }

    private static String call(WrpcClient c, String function, Value... params) {
        List<Value> r = c.invoke("fs-blobs", BlobstoreFsProvider.FALLBACK, function, fn(function), List.of(params),
                InvokeOptions.defaults());
        return Wave.print(r.get(0));
    }

    @Test
    void theFallbackVersionServesWholeValuesAndListsWithLimitAndOffset() throws Exception {
        provider(InvokeOptions.DEFAULT_TIMEOUT);
        WrpcClient c = client();
        assertThat(call(c, "create-container", s("c"))).isEqualTo("ok");
        for (String name : List.of("a", "b", "d/e")) {   // the value whole in the params (a ready stream)
            assertThat(call(c, "write-container-data", id("c", name), bytes("value of " + name))).isEqualTo("ok");
        }
        assertThat(Files.readString(root.resolve("c/d/e"))).isEqualTo("value of d/e");
        assertThat(call(c, "get-container-data", id("c", "d/e"), u64(0), u64(4))).isEqualTo(
                Wave.print(Value.ResultValue.ok(bytes("value"))));
        assertThat(call(c, "get-container-data", id("c", "a"), u64(9), u64(-1))).as("an end past the object is cut")
                .isEqualTo(Wave.print(Value.ResultValue.ok(bytes("a"))));
        assertThat(call(c, "get-container-data", id("c", "a"), u64(3), u64(2))).isEqualTo(
                "err(\"object 'a' in container 'c': start 3 is after end 2\")");
        List<String> all = names(c, none(), none());
        assertThat(all).containsExactlyInAnyOrder("a", "b", "d/e");
        assertThat(names(c, some(2), none())).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(names(c, none(), some(1))).containsExactlyElementsOf(all.subList(1, 3));
        assertThat(names(c, some(-1), some(-1))).as("u64 counts past Long.MAX_VALUE").isEmpty();
        assertThat(call(c, "delete-objects", s("c"), new Value.ListValue(List.of(s("a"), s("nope")))))
                .isEqualTo("ok");
        assertThat(call(c, "has-object", id("c", "a"))).isEqualTo("ok(false)");
    }

    private static List<String> names(WrpcClient c, Value limit, Value offset) {
        List<Value> r = c.invoke("fs-blobs", BlobstoreFsProvider.FALLBACK, "list-container-objects",
                fn("list-container-objects"), List.of(s("c"), limit, offset), InvokeOptions.defaults());
        List<String> out = new ArrayList<>();
        ((Value.ListValue) payload(r.get(0))).elements().forEach(v -> out.add(((Value.Str) v).value()));
        return out;
    }

    @Test
    void namesAPeerSendsNeverLeaveTheRootAndErrorsDoNotShowIt() throws Exception {
        provider(InvokeOptions.DEFAULT_TIMEOUT);
        WrpcClient c = client();
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("secret"), "secret");
        assertThat(call(c, "create-container", s("c"))).isEqualTo("ok");
        Files.createSymbolicLink(root.resolve("c/link"), outside);
        Files.createSymbolicLink(root.resolve("linked"), outside);
        List<String> answers = new ArrayList<>();
        for (String container : List.of("..", ".", "../outside", "/tmp", "a/b", ".wasmcloud4j-staging", "", "a\u0000",
                "linked")) {
            answers.add(call(c, "create-container", s(container)));
            answers.add(call(c, "write-container-data", id(container, "x"), bytes("x")));
            answers.add(call(c, "get-container-data", id(container, "secret"), u64(0), u64(-1)));
        }
        for (String object : List.of("../../outside/secret", "/etc/passwd", "a/../../x", "a\\b", "", "a//b", "a/",
                "link/secret", "link/new", "x".repeat(2000))) {
            answers.add(call(c, "write-container-data", id("c", object), bytes("x")));
            answers.add(call(c, "get-container-data", id("c", object), u64(0), u64(-1)));
            answers.add(call(c, "has-object", id("c", object)));
        }
        assertThat(answers).allSatisfy(a -> assertThat(a).satisfiesAnyOf(
                x -> assertThat(x).startsWith("err("), x -> assertThat(x).isEqualTo("ok(false)"))
                .doesNotContain(root.toString()).doesNotContain(dir.toString()));
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("secret");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("secret");
        }
        // the provider keeps serving
        assertThat(call(c, "write-container-data", id("c", "fine"), bytes("fine"))).isEqualTo("ok");
    }

    @Test
    void aWriteWhoseStreamBreaksOffStoresNothingAndTheProviderKeepsServing() throws Exception {
        provider(Duration.ofSeconds(2));
        WrpcClient c = client();
        assertThat(call(c, "create-container", s("c"))).isEqualTo("ok");
        assertThat(call(c, "write-container-data", id("c", "kept"), bytes("old"))).isEqualTo("ok");
        WrpcClientCall w = c.start("fs-blobs", BlobstoreFsProvider.FALLBACK, "write-container-data",
                fn("write-container-data"), List.of(id("c", "kept"), Value.ListValue.ofBytes(new byte[0])),
                InvokeOptions.defaults());
        OutputStream data = w.paramBytes(IndexPath.of(1));
        data.write(new byte[3 * MIB]);
        data.flush();
        w.close();   // gone mid-stream: the rest is never sent
        Thread.sleep(3_500);
        assertThat(Files.readString(root.resolve("c/kept"))).as("the old object is untouched").isEqualTo("old");
        assertStagingEmpty();   // the partial value is deleted
        assertThat(call(c, "get-container-data", id("c", "kept"), u64(0), u64(-1))).isEqualTo(
                Wave.print(Value.ResultValue.ok(bytes("old"))));
    }

    @Test
    void aStreamedValueIsReadAsItArrives() throws Exception {
        WrpcClient c = providerWithBigObject();
        byte[] big = Files.readAllBytes(root.resolve("c/big"));
        try (WrpcClientCall g = c.start("fs-blobs", BlobstoreFsProvider.FALLBACK, "get-container-data",
                fn("get-container-data"), List.of(id("c", "big"), u64(MIB), u64(-1)), InvokeOptions.defaults())) {
            assertThat(Wave.print(g.results().get(0))).isEqualTo("ok([])");   // pending: bytes follow
            try (InputStream in = g.resultBytes(IndexPath.of(0))) {
                assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(big, MIB, big.length));
            }
        }
    }

    @Test
    void theCurrentVersionStreamsAndThenCompletesItsStatus() throws Exception {
        WrpcClient c = providerWithBigObject();
        byte[] big = Files.readAllBytes(root.resolve("c/big"));
        FuncType get = WitFunctions.function(BlobstoreFsProvider.WIT_0_2_0, BlobstoreFsProvider.INSTANCE,
                "get-container-data");
        try (WrpcClientCall g = c.start("fs-blobs", BlobstoreFsProvider.INSTANCE, "get-container-data", get,
                List.of(id("c", "big"), u64(0), u64(-1)), InvokeOptions.defaults())) {
            assertThat(Wave.print(g.results().get(0))).isEqualTo("ok(([], none))");   // both pending
            try (InputStream in = g.resultBytes(IndexPath.of(0, 0))) {
                byte[] got = new byte[big.length];
                int n = 0;
                for (int k; (k = in.read(got, n, Math.min(MIB, got.length - n))) > 0; n += k) {
                    Thread.sleep(2);   // a reader slower than the file
                }
                assertThat(n).isEqualTo(big.length);
                assertThat(in.read()).isEqualTo(-1);
                assertThat(got).isEqualTo(big);
            }
            assertThat(Wave.print(g.resultFuture(IndexPath.of(0, 1)))).isEqualTo("ok");
        }
    }

    /**
     * {@code list-container-objects} at 0.2.0 streams the names: 3 000 objects read element by element through the
     * pending {@code stream<string>} (many chunks), with limit and offset, then the status future completes.
     */
    @Test
    void theCurrentVersionStreamsAContainersNames() throws Exception {
        provider(InvokeOptions.DEFAULT_TIMEOUT);
        WrpcClient c = client();
        Files.createDirectories(root.resolve("many"));
        for (int i = 0; i < 3_000; i++) {
            Files.writeString(root.resolve("many/object-with-a-long-name-" + i), "x");
        }
        FuncType list = WitFunctions.function(BlobstoreFsProvider.WIT_0_2_0, BlobstoreFsProvider.INSTANCE,
                "list-container-objects");
        for (long[] limitOffset : new long[][] {{-1, -1}, {1000, 500}, {10, 2_995}}) {
            Value limit = limitOffset[0] < 0 ? none() : some(limitOffset[0]);
            Value offset = limitOffset[1] < 0 ? none() : some(limitOffset[1]);
            long expected = limitOffset[0] < 0 ? 3_000 : Math.min(limitOffset[0], 3_000 - limitOffset[1]);
            try (WrpcClientCall l = c.start("fs-blobs", BlobstoreFsProvider.INSTANCE, "list-container-objects", list,
                    List.of(s("many"), limit, offset), InvokeOptions.defaults())) {
                assertThat(Wave.print(l.results().get(0))).isEqualTo("ok(([], none))");
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (java.util.Iterator<Value> it = l.resultElements(IndexPath.of(0, 0)); it.hasNext(); ) {
                    String n = ((Value.Str) it.next()).value();
                    assertThat(n).startsWith("object-with-a-long-name-");
                    assertThat(seen.add(n)).as("no name twice").isTrue();
                }
                assertThat(seen).hasSize((int) expected);
                assertThat(Wave.print(l.resultFuture(IndexPath.of(0, 1)))).isEqualTo("ok");
            }
        }
    }

    /**
     * An object cut short while it streams (truncated by someone else): the stream is aborted — never ended as if
     * complete — in both versions; 0.2.0's status future says why when the caller still listens.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void anObjectCutShortWhileItStreamsAbortsTheStream(boolean current) throws Exception {
        provider(InvokeOptions.DEFAULT_TIMEOUT);
        WrpcClient c = client();
        assertThat(call(c, "create-container", s("c"))).isEqualTo("ok");
        Path file = root.resolve("c/sparse");
        long size = 200L * MIB;
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);   // sparse: no disk used
        }
        String instance = current ? BlobstoreFsProvider.INSTANCE : BlobstoreFsProvider.FALLBACK;
        FuncType get = WitFunctions.function(current ? BlobstoreFsProvider.WIT_0_2_0 : BlobstoreFsProvider.WIT_0_1_0,
                instance, "get-container-data");
        try (WrpcClientCall g = c.start("fs-blobs", instance, "get-container-data", get,
                List.of(id("c", "sparse"), u64(0), u64(-1)), InvokeOptions.defaults())) {
            g.results();
            long got = 0;
            java.io.IOException failure = null;
            try (InputStream in = g.resultBytes(current ? IndexPath.of(0, 0) : IndexPath.of(0))) {
                byte[] buf = new byte[1 << 16];
                got = in.read(buf);
                try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                    f.setLength(MIB);   // cut short under the provider
                }
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got += n;
                }
            } catch (java.io.IOException e) {
                failure = e;
            }
            assertThat(failure).as("the read after %d bytes", got).isNotNull();
            assertThat(got).isLessThan(size);
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    private static byte[] roundtrip(Host a, String container, String name, byte[] data) {
        Value.ResultValue r = (Value.ResultValue) a.invoke("guest", null, "roundtrip",
                List.of(s(container), s(name), Value.ListValue.ofBytes(data))).orElseThrow();
        assertThat(r.isOk()).as("roundtrip of %s: %s", name, r.isOk() ? "" : Wave.print(r)).isTrue();
        return ((Value.ListValue) r.payload().orElseThrow()).toByteArray();
    }

    private static Value id(String container, String object) {
        Map<String, Value> m = new java.util.LinkedHashMap<>();
        m.put("container", s(container));
        m.put("object", s(object));
        return new Value.RecordValue(m);
    }

    private static Value none() {
        return new Value.OptionValue(Optional.empty());
    }

    private static Value some(long v) {
        return new Value.OptionValue(Optional.of(u64(v)));
    }
}
