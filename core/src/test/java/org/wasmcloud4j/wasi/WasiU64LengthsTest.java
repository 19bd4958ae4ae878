package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.wasmcloud4j.component.runtime.Component;
import org.wasmcloud4j.component.runtime.Engine;
import org.wasmcloud4j.component.runtime.Instance;
import org.wasmcloud4j.component.runtime.Linker;
import org.wasmcloud4j.component.runtime.Trap;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.value.Value;
import org.wasmcloud4j.fixtures.Fixtures;

/**
 * Every u64 length of the WASI stream, random and socket host functions is a u64: {@code u64::MAX} (what Rust's
 * {@code io::copy} passes to {@code splice}) and values past 2^63 are clamped or refused by name, never cast into a
 * negative {@code int} ({@code NegativeArraySizeException}). Driven through {@code wat-streams-api}, whose
 * {@code copy} export is a guest doing {@code io::copy}, in both engine modes.
 */
class WasiU64LengthsTest {
    private static final Value U64_MAX = u64(-1L);
    private static final Value PAST_2_63 = u64(Long.MIN_VALUE + 5);

    private static Value u64(long v) {
        return new Value.Int(PrimitiveType.U64, v);
    }

    private static byte[] input(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    private static Instance instance(Engine.Mode mode, WasiConfig config, String fixture) {
        Engine engine = Engine.builder().mode(mode).build();
        Linker linker = new Linker(engine);
        WasiHttp.addToLinker(linker, config);
        return linker.instantiatePre(Component.fromBytes(engine, Fixtures.bytes(fixture))).instantiate();
    }

    private static Value call(Instance i, String iface, String fn, Value... args) {
        return i.func(iface, fn).orElseThrow().call(args).orElseThrow();
    }

    private static Value.ResultValue result(Instance i, String fn, Value... args) {
        return (Value.ResultValue) call(i, "streams", fn, args);
    }

    private static long okU64(Value.ResultValue r) {
        assertThat(r.isOk()).as("%s", r).isTrue();
        return ((Value.Int) r.payload().orElseThrow()).value();
    }

    private static boolean closed(Value.ResultValue r) {
        return !r.isOk() && ((Value.VariantValue) r.payload().orElseThrow()).caseName().equals("closed");
    }

    /** The guest's io::copy: blocking-splice with u64::MAX until closed; 3 MiB take several 1 MiB splices. */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void aGuestCopiesWithBlockingSpliceOfU64Max(Engine.Mode mode) {
        byte[] data = input(3 * (1 << 20) + 123);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Instance i = instance(mode, WasiConfig.builder().stdin(data).stdout(out).build(),
                "wat-streams-api.component")) {
            Value copied = i.func("copy").orElseThrow().call().orElseThrow();
            assertThat("copy() of " + data.length + " bytes -> " + ((Value.Int) copied).value() + "\n")
                    .isEqualTo(Fixtures.text("wat-streams-api.component.expected-responses.txt").orElseThrow());
        }
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void spliceReadAndSkipClampHugeLengths(Engine.Mode mode) {
        byte[] data = input(5000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Instance i = instance(mode, WasiConfig.builder().stdin(data).stdout(out).build(),
                "wat-streams-api.component")) {
            Value in = call(i, "stdin", "get-stdin");
            Value o = call(i, "stdout", "get-stdout");
            assertThat(okU64(result(i, "[method]output-stream.splice", o, in, u64(10)))).isEqualTo(10);
            assertThat(okU64(result(i, "[method]output-stream.splice", o, in, U64_MAX))).isEqualTo(4990);
            assertThat(closed(result(i, "[method]input-stream.read", in, PAST_2_63))).isTrue();
            assertThat(closed(result(i, "[method]input-stream.blocking-read", in, U64_MAX))).isTrue();
            assertThat(closed(result(i, "[method]output-stream.blocking-splice", o, in, U64_MAX))).isTrue();
            assertThat(closed(result(i, "[method]input-stream.skip", in, U64_MAX))).isTrue();
        }
        assertThat(out.toByteArray()).isEqualTo(data);
        try (Instance i = instance(mode, WasiConfig.builder().stdin(data).build(), "wat-streams-api.component")) {
            Value in = call(i, "stdin", "get-stdin");
            Value.ResultValue read = result(i, "[method]input-stream.read", in, PAST_2_63);
            assertThat(((Value.ListValue) read.payload().orElseThrow()).toByteArray()).isEqualTo(data);
        }
        try (Instance i = instance(mode, WasiConfig.builder().stdin(data).build(), "wat-streams-api.component")) {
            Value in = call(i, "stdin", "get-stdin");
            assertThat(okU64(result(i, "[method]input-stream.blocking-skip", in, U64_MAX))).isEqualTo(5000);
            assertThat(closed(result(i, "[method]input-stream.blocking-skip", in, PAST_2_63))).isTrue();
        }
    }

    /** write-zeroes takes at most what check-write permits: more is a trap naming the call, not a shorter write. */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void writeZeroesPastCheckWriteIsATrapThatSaysSo(Engine.Mode mode) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Instance i = instance(mode, WasiConfig.builder().stdout(out).build(), "wat-streams-api.component")) {
            Value o = call(i, "stdout", "get-stdout");
            long permit = okU64(result(i, "[method]output-stream.check-write", o));
            assertThat(result(i, "[method]output-stream.write-zeroes", o, u64(permit)).isOk()).isTrue();
            assertThat(result(i, "[method]output-stream.blocking-write-zeroes-and-flush", o, u64(3)).isOk())
                    .isTrue();
            for (String fn : List.of("write-zeroes", "blocking-write-zeroes-and-flush")) {
                for (Value len : List.of(U64_MAX, PAST_2_63, u64(permit + 1))) {
                    assertThatThrownBy(() -> result(i, "[method]output-stream." + fn, o, len))
                            .isInstanceOf(Trap.class).hasMessageContaining(fn + "(" + Long.toUnsignedString(
                                    ((Value.Int) len).value()) + ")")
                            .hasMessageContaining("check-write");
                }
            }
        }
        assertThat(out.size()).isEqualTo((1 << 20) + 3);
    }

    /** get-random-bytes promises exactly len bytes: past the host's limit (u64::MAX too) is a named trap. */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void randomBytesPastTheLimitAreATrap(Engine.Mode mode) {
        try (Instance i = instance(mode, WasiConfig.builder().build(), "wat-http-api.component")) {
            assertThat(((Value.ListValue) call(i, "random", "get-random-bytes", u64(17))).toByteArray()).hasSize(17);
            for (String[] fn : new String[][] {{"random", "get-random-bytes"},
                {"insecure", "get-insecure-random-bytes"}}) {
                for (Value len : List.of(U64_MAX, PAST_2_63, u64((1 << 24) + 1L))) {
                    assertThatThrownBy(() -> call(i, fn[0], fn[1], len)).isInstanceOf(Trap.class)
                            .hasMessageContaining(fn[1] + "(" + Long.toUnsignedString(((Value.Int) len).value()))
                            .hasMessageContaining("limit");
                }
            }
        }
    }

    /**
     * Socket options and limits are u64 too: past 2^63 is "as much as allowed" (saturated), not a negative value that
     * silently turns the option off (buffer sizes), makes the kernel's keep-alive 1 s, or a backlog negative.
     */
    @ParameterizedTest
    @EnumSource(Engine.Mode.class)
    void socketOptionsSaturateU64(Engine.Mode mode) throws Exception {
        try (Instance i = instance(mode, WasiConfig.builder().allowTcp("127.0.0.1:0").allowUdp("127.0.0.1:0")
                .build(), "wat-sockets-api.component")) {
            Value s = okValue(call(i, "tcp-create", "create-tcp-socket", new Value.EnumValue("ipv4")));
            for (String option : List.of("keep-alive-idle-time", "keep-alive-interval", "receive-buffer-size",
                    "send-buffer-size")) {
                okValue(call(i, "tcp", "[method]tcp-socket.set-" + option, s, U64_MAX));
                assertThat(((Value.Int) okValue(call(i, "tcp", "[method]tcp-socket." + option, s))).value())
                        .as(option).isPositive();
            }
            okValue(call(i, "tcp", "[method]tcp-socket.set-listen-backlog-size", s, U64_MAX));
            Value network = call(i, "network", "instance-network");
            Value local = new Value.VariantValue("ipv4", java.util.Optional.of(new Value.RecordValue(
                    java.util.Map.of("port", new Value.Int(PrimitiveType.U16, 0), "address", new Value.TupleValue(
                            List.of(u8(127), u8(0), u8(0), u8(1)))))));
            okValue(call(i, "tcp", "[method]tcp-socket.start-bind", s, network, local));
            okValue(call(i, "tcp", "[method]tcp-socket.finish-bind", s));
            okValue(call(i, "tcp", "[method]tcp-socket.start-listen", s));
            okValue(call(i, "tcp", "[method]tcp-socket.finish-listen", s));   // a negative backlog would fail here
            assertThat(((Value.Bool) call(i, "tcp", "[method]tcp-socket.is-listening", s)).value()).isTrue();
        }
    }

    private static Value u8(int v) {
        return new Value.Int(PrimitiveType.U8, v);
    }

    private static Value okValue(Value r) {
        Value.ResultValue result = (Value.ResultValue) r;
        assertThat(result.isOk()).as("%s", r).isTrue();
        return result.payload().orElse(null);
    }
}
