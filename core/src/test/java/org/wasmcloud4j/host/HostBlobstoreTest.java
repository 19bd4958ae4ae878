package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wasmcloud4j.host.TestValues.bytes;
import static org.wasmcloud4j.host.TestValues.str;
import static org.wasmcloud4j.host.TestValues.u64;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.capability.BlobstoreCapability;

/**
 * The host's directory-backed wasi:blobstore through the wat-blobstore-api component, which re-exports the host's
 * blobstore and wasi:io stream functions: every call goes through the component's imports, and resource handles
 * (containers, values, streams) stay valid across invocations because they are the host's.
 */
class HostBlobstoreTest {
    private static final String API = "classpath:org/wasmcloud4j/fixtures/wat-blobstore-api.component.wasm";
    private static final String BS = "blobstore";
    private static final String CT = "container";
    private static final String TY = "types";
    private static final String IO = "streams";
    private static final long ALL = -1L;   // u64::MAX: to the end of the object

    @TempDir
    Path tmp;

    /** The scenario whose responses are the fixture's expected-responses file. */
    @Test
    void containersObjectsStreamsAndErrorsAsTheComponentSeesThem() throws IOException {
        Path root = tmp.resolve("blobs");
        try (Api b = new Api(root)) {
            List<String> t = new ArrayList<>();
            t.add(b.line("container-exists(\"photos\")", BS, "container-exists", str("photos")));
            Value c = b.ok(BS, "create-container", str("photos"));
            t.add(b.line("create-container(\"photos\") again", BS, "create-container", str("photos")));
            t.add(b.line("container-exists(\"photos\")", BS, "container-exists", str("photos")));
            t.add(b.line("container.name()", CT, "[method]container.name", c));
            t.add(b.line("write cat.txt", b.write(c, "cat.txt", "hello ", "world")));
            t.add(b.line("has-object(\"cat.txt\")", CT, "[method]container.has-object", c, str("cat.txt")));
            t.add(b.line("get-data(0, max) sync", b.readSync(c, "cat.txt", 0, ALL)));
            t.add(b.line("get-data(6, 10) sync", b.readSync(c, "cat.txt", 6, 10)));
            t.add(b.line("get-data(0, 4) async", b.readAsync(c, "cat.txt", 0, 4)));
            t.add(b.line("get-data(11, 20) sync", b.readSync(c, "cat.txt", 11, 20)));
            t.add(b.line("get-data(5, 4)", CT, "[method]container.get-data", c, str("cat.txt"), u64(5), u64(4)));
            t.add(b.line("get-data(12, 20)", CT, "[method]container.get-data", c, str("cat.txt"), u64(12), u64(20)));
            t.add(b.line("get-data(\"nope\")", CT, "[method]container.get-data", c, str("nope"), u64(0), u64(ALL)));
            t.add(b.line("write a/b/deep.txt", b.write(c, "a/b/deep.txt", "deep")));
            t.add(b.line("write a (a folder)", b.write(c, "a", "x")));
            t.add(b.line("write cat.txt/x (under an object)", b.write(c, "cat.txt/x", "x")));
            t.add(b.line("list-objects", joined(b.names(c, 1000))));
            t.add(b.line("copy-object(photos/cat.txt -> archive/cat.txt)", BS, "copy-object",
                    id("photos", "cat.txt"), id("archive", "cat.txt")));
            Value archive = b.ok(BS, "create-container", str("archive"));
            t.add(b.line("copy-object(photos/cat.txt -> archive/cat.txt)", BS, "copy-object",
                    id("photos", "cat.txt"), id("archive", "cat.txt")));
            t.add(b.line("move-object(archive/cat.txt -> archive/old/cat.txt)", BS, "move-object",
                    id("archive", "cat.txt"), id("archive", "old/cat.txt")));
            t.add(b.line("move-object(archive/cat.txt -> archive/x)", BS, "move-object",
                    id("archive", "cat.txt"), id("archive", "x")));
            t.add(b.line("archive list-objects", joined(b.names(archive, 1000))));
            t.add(b.line("archive get-data(old/cat.txt) sync", b.readSync(archive, "old/cat.txt", 0, ALL)));
            t.add(b.line("delete-object(\"a/b/deep.txt\")", CT, "[method]container.delete-object", c,
                    str("a/b/deep.txt")));
            t.add(b.line("delete-object(\"never\")", CT, "[method]container.delete-object", c, str("never")));
            t.add(b.line("has-object(\"a/b/deep.txt\")", CT, "[method]container.has-object", c,
                    str("a/b/deep.txt")));
            t.add(b.line("list-objects", joined(b.names(c, 1000))));
            t.add(b.line("clear", CT, "[method]container.clear", c));
            t.add(b.line("list-objects", joined(b.names(c, 1000))));
            t.add(b.line("create-container(\"..\")", BS, "create-container", str("..")));
            t.add(b.line("create-container(\"a/b\")", BS, "create-container", str("a/b")));
            t.add(b.line("create-container(\"\")", BS, "create-container", str("")));
            t.add(b.line("create-container(\".hidden\")", BS, "create-container", str(".hidden")));
            t.add(b.line("has-object(\"../archive/old/cat.txt\")", CT, "[method]container.has-object", c,
                    str("../archive/old/cat.txt")));
            t.add(b.line("has-object(\"/etc/passwd\")", CT, "[method]container.has-object", c,
                    str("/etc/passwd")));
            t.add(b.line("delete-object(\"x/../../archive/old/cat.txt\")", CT, "[method]container.delete-object",
                    c, str("x/../../archive/old/cat.txt")));
            t.add(b.line("delete-objects([\"ok\", \"a//b\"])", CT, "[method]container.delete-objects", c,
                    new Value.ListValue(List.of(str("ok"), str("a//b")))));
            t.add(b.line("write ../escape", b.write(c, "../escape", "x")));
            t.add(b.line("get-container(\"missing\")", BS, "get-container", str("missing")));
            t.add(b.line("delete-container(\"photos\")", BS, "delete-container", str("photos")));
            t.add(b.line("container-exists(\"photos\")", BS, "container-exists", str("photos")));
            t.add(b.line("container.info() of a deleted container", CT, "[method]container.info", c));
            t.add(b.line("delete-container(\"photos\") again", BS, "delete-container", str("photos")));
            assertThat(String.join("\n", t) + "\n")
                    .isEqualTo(Fixtures.text("wat-blobstore-api.component.expected-responses.txt").orElseThrow());
            // nothing reached outside the root, and only the archive container and the staging folder remain
            assertThat(Files.exists(tmp.resolve("escape"))).isFalse();
            assertThat(Files.exists(root.resolve("escape"))).isFalse();
            assertThat(list(tmp)).containsExactly("blobs");
            assertThat(list(root)).containsExactly(BlobstoreCapability.STAGING, "archive");
            assertThat(list(root.resolve(BlobstoreCapability.STAGING))).isEmpty();
            assertThat(Files.readString(root.resolve("archive/old/cat.txt"))).isEqualTo("hello world");
        }
    }

    @Test
    void objectsAreRealFilesInTheConfiguredRootAndSurviveTheHost() throws IOException {
        Path root = tmp.resolve("store");
        try (Api b = new Api(root)) {
            assertThat(b.host.blobstoreRoot()).isEqualTo(root.toAbsolutePath());
            Value c = b.ok(BS, "create-container", str("docs"));
            assertThat(b.write(c, "reports/2024/q1.txt", "first quarter")).isEqualTo("ok");
            Map<String, Value> info = ((Value.RecordValue) b.ok(CT, "[method]container.object-info", c,
                    str("reports/2024/q1.txt"))).fields();
            assertThat(info.get("name")).isEqualTo(str("reports/2024/q1.txt"));
            assertThat(info.get("container")).isEqualTo(str("docs"));
            assertThat(info.get("size")).isEqualTo(u64(13));
            long now = System.currentTimeMillis() / 1000;
            assertThat(((Value.Int) info.get("created-at")).value()).isBetween(now - 60, now + 5);
            Map<String, Value> cinfo = ((Value.RecordValue) b.ok(CT, "[method]container.info", c)).fields();
            assertThat(cinfo.get("name")).isEqualTo(str("docs"));
            assertThat(((Value.Int) cinfo.get("created-at")).value()).isBetween(now - 60, now + 5);
            // a file put there by someone else is an object
            Files.writeString(root.resolve("docs/readme.md"), "# hi");
            assertThat(b.readSync(c, "readme.md", 0, ALL)).isEqualTo("ok(\"# hi\")");
        }
        assertThat(Files.readString(root.resolve("docs/reports/2024/q1.txt"))).isEqualTo("first quarter");
    }

    @Test
    void theDefaultRootIsATemporaryDirectoryDeletedWhenTheHostStops() throws IOException {
        Path root;
        try (Api b = new Api(null)) {
            root = b.host.blobstoreRoot();
            Value c = b.ok(BS, "create-container", str("c"));
            b.write(c, "o", "v");
            assertThat(root.resolve("c/o")).hasContent("v");
        }
        assertThat(Files.exists(root)).isFalse();
    }

    @Test
    void aRootThatIsAFileIsRefusedWhenTheHostIsBuilt() throws IOException {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertThatThrownBy(() -> Host.builder().blobstoreRoot(file).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString());
    }

    @Test
    void aValueIsCommittedOnlyByFinishAndNeverSeenHalfWritten() throws IOException {
        Path root = tmp.resolve("r");
        try (Api b = new Api(root)) {
            Value c = b.ok(BS, "create-container", str("c"));
            b.write(c, "obj", "old");
            Value ov = b.call(TY, "[static]outgoing-value.new-outgoing-value");
            Value out = b.ok(TY, "[method]outgoing-value.outgoing-value-write-body", ov);
            assertThat(((Value.ResultValue) b.call(TY, "[method]outgoing-value.outgoing-value-write-body", ov))
                    .isOk()).as("the body is handed out once").isFalse();
            b.ok(IO, "[method]output-stream.blocking-write-and-flush", out, bytes("new contents"));
            b.ok(CT, "[method]container.write-data", c, str("obj"), ov);
            assertThat(b.err(CT, "[method]container.write-data", c, str("other"), ov))
                    .contains("already written to object 'obj'");
            // written, not finished: readers see the old object, the new bytes sit in the staging folder
            assertThat(root.resolve("c/obj")).hasContent("old");
            assertThat(b.readSync(c, "obj", 0, ALL)).isEqualTo("ok(\"old\")");
            assertThat(list(root.resolve(BlobstoreCapability.STAGING))).hasSize(1);
            // a reader that opened the old object keeps it after the replacement
            Value old = b.ok(CT, "[method]container.get-data", c, str("obj"), u64(0), u64(ALL));
            ((Value.Handle) out).resource().drop();
            b.ok(TY, "[static]outgoing-value.finish", ov);
            assertThat(root.resolve("c/obj")).hasContent("new contents");
            assertThat(list(root.resolve(BlobstoreCapability.STAGING))).isEmpty();
            assertThat(new String(((Value.ListValue) b.ok(TY,
                    "[static]incoming-value.incoming-value-consume-sync", old)).toByteArray(),
                    StandardCharsets.UTF_8)).isEqualTo("old");

            // dropped without finish: discarded
            Value dropped = b.call(TY, "[static]outgoing-value.new-outgoing-value");
            Value s = b.ok(TY, "[method]outgoing-value.outgoing-value-write-body", dropped);
            b.ok(CT, "[method]container.write-data", c, str("obj"), dropped);
            b.ok(IO, "[method]output-stream.blocking-write-and-flush", s, bytes("lost"));
            ((Value.Handle) s).resource().drop();
            ((Value.Handle) dropped).resource().drop();
            assertThat(root.resolve("c/obj")).hasContent("new contents");
            assertThat(list(root.resolve(BlobstoreCapability.STAGING))).isEmpty();

            // finished without write-data: an error, nothing stored
            Value nowhere = b.call(TY, "[static]outgoing-value.new-outgoing-value");
            Value s2 = b.ok(TY, "[method]outgoing-value.outgoing-value-write-body", nowhere);
            b.ok(IO, "[method]output-stream.blocking-write-and-flush", s2, bytes("nowhere"));
            ((Value.Handle) s2).resource().drop();
            assertThat(b.err(TY, "[static]outgoing-value.finish", nowhere)).contains("without container.write-data");
            assertThat(list(root.resolve(BlobstoreCapability.STAGING))).isEmpty();

            // no body at all: an empty object
            Value empty = b.call(TY, "[static]outgoing-value.new-outgoing-value");
            b.ok(CT, "[method]container.write-data", c, str("empty"), empty);
            b.ok(TY, "[static]outgoing-value.finish", empty);
            assertThat(root.resolve("c/empty")).isEmptyFile();
            assertThat(b.readSync(c, "empty", 0, ALL)).isEqualTo("ok(\"\")");
        }
    }

    @Test
    void listObjectsPagesAndSkips() throws IOException {
        try (Api b = new Api(tmp.resolve("r"))) {
            Value c = b.ok(BS, "create-container", str("many"));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                String name = (i % 5 == 0 ? "sub/" : "") + String.format("o%02d", i);
                Files.createDirectories(b.host.blobstoreRoot().resolve("many/sub"));
                Files.writeString(b.host.blobstoreRoot().resolve("many/" + name), "x");
                expected.add(name);
            }
            Value stream = b.ok(CT, "[method]container.list-objects", c);
            List<String> seen = new ArrayList<>();
            List<Value> page = read(b, stream, 10);
            addNames(seen, page);
            assertThat(page.get(1)).isEqualTo(new Value.Bool(false));
            Value.TupleValue skipped = (Value.TupleValue) b.ok(CT,
                    "[method]stream-object-names.skip-stream-object-names", stream, u64(5));
            assertThat(skipped.elements()).containsExactly(u64(5), new Value.Bool(false));
            page = read(b, stream, 100);
            addNames(seen, page);
            assertThat(page.get(1)).isEqualTo(new Value.Bool(true));
            assertThat(seen).hasSize(20).doesNotHaveDuplicates();
            assertThat(expected).containsAll(seen);
            assertThat(read(b, stream, 10)).containsExactly(new Value.ListValue(List.of()), new Value.Bool(true));
            // the whole listing at once, asking for u64::MAX names
            Value all = b.ok(CT, "[method]container.list-objects", c);
            List<Value> whole = read(b, all, ALL);
            List<String> names = new ArrayList<>();
            addNames(names, whole);
            assertThat(names).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(whole.get(1)).isEqualTo(new Value.Bool(true));
        }
    }

    @Test
    void consumeSyncIsBoundedAndConsumeAsyncStreamsAnySize() throws IOException {
        Path root = tmp.resolve("r");
        try (Api b = new Api(root)) {
            Value c = b.ok(BS, "create-container", str("big"));
            byte[] big = new byte[BlobstoreCapability.MAX_SYNC_BYTES + 1];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            Files.write(root.resolve("big/blob"), big);
            Value v = b.ok(CT, "[method]container.get-data", c, str("blob"), u64(0), u64(ALL));
            assertThat(b.call(TY, "[method]incoming-value.size", v)).isEqualTo(u64(big.length));
            assertThat(b.err(TY, "[static]incoming-value.incoming-value-consume-sync", v))
                    .contains("object 'blob' in container 'big'").contains("incoming-value-consume-async");
            // the range just under the limit is fine
            Value part = b.ok(CT, "[method]container.get-data", c, str("blob"), u64(1), u64(ALL));
            assertThat(((Value.ListValue) b.ok(TY, "[static]incoming-value.incoming-value-consume-sync", part))
                    .toByteArray()).isEqualTo(Arrays.copyOfRange(big, 1, big.length));
            Value v2 = b.ok(CT, "[method]container.get-data", c, str("blob"), u64(0), u64(ALL));
            Value in = b.ok(TY, "[static]incoming-value.incoming-value-consume-async", v2);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            while (true) {
                Value.ResultValue r = (Value.ResultValue) b.call(IO, "[method]input-stream.blocking-read", in,
                        u64(1 << 20));
                if (!r.isOk()) {
                    assertThat(Wave.print(r)).isEqualTo("err(closed)");
                    break;
                }
                got.write(((Value.ListValue) r.payload().orElseThrow()).toByteArray());
            }
            assertThat(got.toByteArray()).isEqualTo(big);
            ((Value.Handle) in).resource().drop();
        }
    }

    @Test
    void symbolicLinksSomeonePlacedInTheRootDoNotLeadOutside() throws IOException {
        Path root = tmp.resolve("r");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "s");
        try (Api b = new Api(root)) {
            Value c = b.ok(BS, "create-container", str("c"));
            Files.createSymbolicLink(root.resolve("c/link"), outside);
            assertThat(b.write(c, "link/new/x", "x")).contains("a symbolic link in its path leads outside");
            assertThat(b.readSync(c, "link/secret", 0, ALL)).contains("a symbolic link in its path leads outside");
            assertThat(b.err(CT, "[method]container.has-object", c, str("link/secret"))).contains("symbolic link");
            assertThat(b.err(CT, "[method]container.delete-object", c, str("link/secret"))).contains("symbolic link");
            assertThat(b.err(BS, "copy-object", id("c", "link/secret"), id("c", "copy"))).contains("symbolic link");
            assertThat(b.names(c, 100)).as("a link is not an object").isEmpty();
            b.ok(CT, "[method]container.clear", c);
            assertThat(Files.exists(root.resolve("c/link"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
            // a container directory that is a link is no container; deleting it removes the link only
            Files.createSymbolicLink(root.resolve("linked"), outside);
            assertThat(b.err(BS, "get-container", str("linked"))).isEqualTo("container 'linked' does not exist");
            b.ok(BS, "delete-container", str("linked"));
            assertThat(Files.exists(root.resolve("linked"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        }
        assertThat(list(outside)).containsExactly("secret");
        assertThat(outside.resolve("secret")).hasContent("s");
    }

    /** A component writes and reads through the canonical ABI: its own handle tables, core-level stream writes. */
    @Test
    void aComponentWritesAndReadsBackThroughItsOwnStreams() throws IOException {
        Path root = tmp.resolve("g");
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).blobstoreRoot(root).build()) {
            h.startComponent("guest", "classpath:org/wasmcloud4j/fixtures/wat-blobstore-guest.component.wasm", 1);
            List<String> t = new ArrayList<>();
            for (String[] call : new String[][] {{"guest", "hello.txt", "hello, blobstore"},
                    {"guest", "hello.txt", "replaced"}, {"guest", "empty", ""},
                    {"guest", "../escape", "x"}, {"..", "x", "x"}, {"guest", "hello.txt/x", "x"}}) {
                Value.ResultValue r = (Value.ResultValue) h.invoke("guest", "roundtrip", str(call[0]), str(call[1]),
                        bytes(call[2])).orElseThrow();
                t.add("roundtrip(\"" + call[0] + "\", \"" + call[1] + "\", \"" + call[2] + "\") -> "
                        + (r.isOk() ? "ok(\"" + new String(((Value.ListValue) r.payload().orElseThrow()).toByteArray(),
                        StandardCharsets.UTF_8) + "\")" : Wave.print(r)));
            }
            assertThat(String.join("\n", t) + "\n").isEqualTo(
                    Fixtures.text("wat-blobstore-guest.component.expected-responses.txt").orElseThrow());
            assertThat(root.resolve("guest/hello.txt")).hasContent("replaced");
            assertThat(root.resolve("guest/empty")).isEmptyFile();
            assertThat(list(root)).containsExactly(BlobstoreCapability.STAGING, "guest");
            assertThat(list(root.resolve(BlobstoreCapability.STAGING))).isEmpty();
            // a larger value, read back 7 bytes at a time
            byte[] big = new byte[100_000];
            new java.util.Random(1).nextBytes(big);
            Value.ResultValue r = (Value.ResultValue) h.invoke("guest", "roundtrip", str("guest"), str("a/b/big.bin"),
                    Value.ListValue.ofBytes(big)).orElseThrow();
            assertThat(((Value.ListValue) r.payload().orElseThrow()).toByteArray()).isEqualTo(big);
            assertThat(Files.readAllBytes(root.resolve("guest/a/b/big.bin"))).isEqualTo(big);
        }
    }

    private static List<Value> read(Api b, Value stream, long n) {
        return ((Value.TupleValue) b.ok(CT, "[method]stream-object-names.read-stream-object-names", stream, u64(n)))
                .elements();
    }

    private static void addNames(List<String> to, List<Value> page) {
        ((Value.ListValue) page.get(0)).elements().forEach(v -> to.add(((Value.Str) v).value()));
    }

    private static String joined(List<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** A host running the API component as "blob". */
    private static final class Api implements AutoCloseable {
        final Host host;

        Api(Path root) {
            Host.Builder builder = Host.builder().engineMode(Engine.Mode.INTERPRETER);
            if (root != null) {
                builder.blobstoreRoot(root);
            }
            host = builder.build();
            host.startComponent("blob", API, 1);
        }

        Value call(String iface, String fn, Value... args) {
            return host.invoke("blob", iface, fn, List.of(args)).orElse(null);
        }

        Value ok(String iface, String fn, Value... args) {
            Value r = call(iface, fn, args);
            assertThat(((Value.ResultValue) r).isOk()).as("%s -> %s", fn, Wave.print(r)).isTrue();
            return ((Value.ResultValue) r).payload().orElse(null);
        }

        String err(String iface, String fn, Value... args) {
            Value r = call(iface, fn, args);
            assertThat(((Value.ResultValue) r).isOk()).as("%s -> %s", fn, Wave.print(r)).isFalse();
            return ((Value.Str) ((Value.ResultValue) r).payload().orElseThrow()).value();
        }

        String line(String label, String iface, String fn, Value... args) {
            return line(label, Wave.print(call(iface, fn, args)).replaceAll("#[0-9]+", ""));
        }

        String line(String label, String result) {
            return label + " -> " + result;
        }

        /** Writes an object the way a component does; the first failing step's result, or "ok". */
        String write(Value c, String name, String... chunks) {
            Value ov = call(TY, "[static]outgoing-value.new-outgoing-value");
            Value.ResultValue bound = (Value.ResultValue) call(CT, "[method]container.write-data", c, str(name), ov);
            if (!bound.isOk()) {
                ((Value.Handle) ov).resource().drop();
                return Wave.print(bound);
            }
            Value out = ok(TY, "[method]outgoing-value.outgoing-value-write-body", ov);
            for (String chunk : chunks) {
                ok(IO, "[method]output-stream.blocking-write-and-flush", out, bytes(chunk));
            }
            ((Value.Handle) out).resource().drop();
            Value finished = call(TY, "[static]outgoing-value.finish", ov);
            return Wave.print(finished);
        }

        /** The object names of a list-objects, sorted (the order is undefined). */
        List<String> names(Value c, long n) {
            Value stream = ok(CT, "[method]container.list-objects", c);
            List<String> out = new ArrayList<>();
            addNames(out, read(this, stream, n));
            ((Value.Handle) stream).resource().drop();
            return out.stream().sorted().toList();
        }

        /** get-data then consume-sync, the bytes as a string. */
        String readSync(Value c, String name, long start, long end) {
            Value.ResultValue r = (Value.ResultValue) call(CT, "[method]container.get-data", c, str(name),
                    u64(start), u64(end));
            if (!r.isOk()) {
                return Wave.print(r);
            }
            Value.ResultValue body = (Value.ResultValue) call(TY,
                    "[static]incoming-value.incoming-value-consume-sync", r.payload().orElseThrow());
            return body.isOk() ? "ok(\"" + new String(((Value.ListValue) body.payload().orElseThrow())
                    .toByteArray(), StandardCharsets.UTF_8) + "\")" : Wave.print(body);
        }

        /** get-data then consume-async, read with blocking-read until closed. */
        String readAsync(Value c, String name, long start, long end) {
            Value v = ok(CT, "[method]container.get-data", c, str(name), u64(start), u64(end));
            Value in = ok(TY, "[static]incoming-value.incoming-value-consume-async", v);
            StringBuilder sb = new StringBuilder();
            while (true) {
                Value.ResultValue r = (Value.ResultValue) call(IO, "[method]input-stream.blocking-read", in, u64(3));
                if (!r.isOk()) {
                    sb.append(" then ").append(Wave.print(r));
                    break;
                }
                sb.append(sb.length() == 0 ? "" : ", ").append('"').append(new String(((Value.ListValue) r.payload()
                        .orElseThrow()).toByteArray(), StandardCharsets.UTF_8)).append('"');
            }
            ((Value.Handle) in).resource().drop();
            return sb.toString();
        }

        @Override
        public void close() {
            host.close();
        }
    }

    private static Value id(String container, String object) {
        Map<String, Value> m = new LinkedHashMap<>();
        m.put("container", str(container));
        m.put("object", str(object));
        return new Value.RecordValue(m);
    }
}
