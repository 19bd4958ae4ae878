package org.wasmcloud4j.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.wasmcloud4j.host.TestValues.bytes;
import static org.wasmcloud4j.host.TestValues.str;
import static org.wasmcloud4j.host.TestValues.u64;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.component.value.Wave;
import org.wasmcloud4j.fixtures.Fixtures;
import org.wasmcloud4j.host.capability.KeyValueCapability;

/** The host's in-memory wasi:keyvalue (store, atomics, batch) through the wat-keyvalue-api component. */
class HostKeyValueTest {
    private static final String KV = "classpath:org/wasmcloud4j/fixtures/wat-keyvalue-api.component.wasm";

    @Test
    void storeAtomicsAndBatchOnTheInMemoryStore() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            h.startComponent("kv", KV, 1);
            // every call is a fresh instance: open the bucket in the same call as the operation
            List<String> t = new ArrayList<>();
            Value bucket = h.invoke("kv", "store", "open", List.of(new Value.Str("b"))).map(WasiOk::of).orElseThrow();
            t.add(line(h, "store", "[method]bucket.get", "bucket.get", bucket, str("a")));
            t.add(line(h, "store", "[method]bucket.set", "bucket.set", bucket, str("a"), bytes("hi")));
            t.add(line(h, "store", "[method]bucket.get", "bucket.get", bucket, str("a")));
            t.add(line(h, "store", "[method]bucket.exists", "bucket.exists", bucket, str("a")));
            t.add(line(h, "atomics", "increment", "atomics.increment", bucket, str("count"), u64(5)));
            t.add(line(h, "atomics", "increment", "atomics.increment", bucket, str("count"), u64(2)));
            t.add(line(h, "atomics", "increment", "atomics.increment", bucket, str("a"), u64(1)));
            t.add(line(h, "batch", "set-many", "batch.set-many", bucket, new Value.ListValue(List.of(
                    new Value.TupleValue(List.of(str("x"), Value.ListValue.ofBytes(new byte[] {1}))),
                    new Value.TupleValue(List.of(str("y"), Value.ListValue.ofBytes(new byte[] {2})))))));
            t.add(line(h, "batch", "get-many", "batch.get-many", bucket,
                    new Value.ListValue(List.of(str("x"), str("nope"), str("y")))));
            t.add(line(h, "store", "[method]bucket.list-keys", "bucket.list-keys", bucket,
                    new Value.OptionValue(java.util.Optional.empty())));
            t.add(line(h, "batch", "delete-many", "batch.delete-many", bucket,
                    new Value.ListValue(List.of(str("x"), str("y")))));
            t.add(line(h, "store", "[method]bucket.delete", "bucket.delete", bucket, str("a")));
            t.add(line(h, "store", "[method]bucket.list-keys", "bucket.list-keys", bucket,
                    new Value.OptionValue(java.util.Optional.empty())));
            assertThat(String.join("\n", t) + "\n")
                    .isEqualTo(Fixtures.text("wat-keyvalue-api.component.expected-responses.txt").orElseThrow());
            // the embedder sees the same store
            assertThat(h.keyValue("b", "count")).hasValueSatisfying(
                    v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("7"));
        }
    }

    /** A JavaScript component built by jco (QuickJS) counts in the host's store. */
    @Test
    void aJsComponentCountsInTheStore() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            h.startComponent("counter", "classpath:org/wasmcloud4j/fixtures/js-counter.qjs.wasm", 2);
            List<String> t = new ArrayList<>();
            for (String name : new String[] {"visits", "visits", "other"}) {
                t.add("count(\"" + name + "\") -> " + Wave.print(h.invoke("counter", "example:counter/counter@0.1.0",
                        "count", List.of(str(name))).orElseThrow()));
            }
            assertThat(String.join("\n", t) + "\n")
                    .isEqualTo(Fixtures.text("js-counter.qjs.expected-responses.txt").orElseThrow());
            assertThat(h.keyValue("counts", "visits")).hasValueSatisfying(
                    v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("2"));
        }
    }

    @Test
    void listKeysPagesWithACursor() {
        try (Host h = Host.builder().engineMode(Engine.Mode.INTERPRETER).build()) {
            h.startComponent("kv", KV, 1);
            Value bucket = h.invoke("kv", "store", "open", List.of(str("many"))).map(WasiOk::of).orElseThrow();
            List<Value> kvs = new ArrayList<>();
            for (int i = 0; i < KeyValueCapability.PAGE + 5; i++) {
                kvs.add(new Value.TupleValue(List.of(str(String.format("k%05d", i)), Value.ListValue.ofBytes(new byte[0]))));
            }
            h.invoke("kv", "batch", "set-many", List.of(bucket, new Value.ListValue(kvs)));
            Value.RecordValue first = (Value.RecordValue) WasiOk.of(h.invoke("kv", "store", "[method]bucket.list-keys",
                    List.of(bucket, new Value.OptionValue(java.util.Optional.empty()))).orElseThrow());
            assertThat(((Value.ListValue) first.fields().get("keys")).elements()).hasSize(KeyValueCapability.PAGE);
            Value cursor = ((Value.OptionValue) first.fields().get("cursor")).value().orElseThrow();
            Value.RecordValue second = (Value.RecordValue) WasiOk.of(h.invoke("kv", "store", "[method]bucket.list-keys",
                    List.of(bucket, new Value.OptionValue(java.util.Optional.of(cursor)))).orElseThrow());
            assertThat(((Value.ListValue) second.fields().get("keys")).elements()).hasSize(5);
            assertThat(((Value.OptionValue) second.fields().get("cursor")).value()).isEmpty();
            // the cursor is a u64: one past 2^63 is past the end (an empty last page), not the first page again
            Value.RecordValue past = (Value.RecordValue) WasiOk.of(h.invoke("kv", "store", "[method]bucket.list-keys",
                    List.of(bucket, new Value.OptionValue(java.util.Optional.of(new Value.Int(
                            org.wasmcloud4j.component.types.PrimitiveType.U64, -1L))))).orElseThrow());
            assertThat(((Value.ListValue) past.fields().get("keys")).elements()).isEmpty();
            assertThat(((Value.OptionValue) past.fields().get("cursor")).value()).isEmpty();
        }
    }

    private static String line(Host h, String iface, String fn, String label, Value bucket, Value... rest) {
        List<Value> args = new ArrayList<>();
        args.add(bucket);
        args.addAll(Arrays.asList(rest));
        return label + "(" + String.join(", ", Arrays.stream(rest).map(Wave::print).toList()) + ") -> "
                + Wave.print(h.invoke("kv", iface, fn, args).orElseThrow());
    }

    /** The payload of an ok result. */
    private static final class WasiOk {
        static Value of(Value r) {
            Value.ResultValue result = (Value.ResultValue) r;
            assertThat(result.isOk()).as("%s", r).isTrue();
            return result.payload().orElseThrow();
        }
    }
}
