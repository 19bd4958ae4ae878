package org.wasmcloud4j.component.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.wasmcloud4j.component.types.PrimitiveType.CHAR;
import static org.wasmcloud4j.component.types.PrimitiveType.F32;
import static org.wasmcloud4j.component.types.PrimitiveType.F64;
import static org.wasmcloud4j.component.types.PrimitiveType.S8;
import static org.wasmcloud4j.component.types.PrimitiveType.STRING;
import static org.wasmcloud4j.component.types.PrimitiveType.U32;
import static org.wasmcloud4j.component.types.PrimitiveType.U64;
import static org.wasmcloud4j.component.types.PrimitiveType.U8;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.types.EnumType;
import org.wasmcloud4j.component.types.FlagsType;
import org.wasmcloud4j.component.types.ListType;
import org.wasmcloud4j.component.types.OptionType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TupleType;
import org.wasmcloud4j.component.types.ValType;
import org.wasmcloud4j.component.types.VariantType;

class WaveTest {
    static final RecordType POINT = new RecordType(List.of(new RecordType.Field("x", S8),
            new RecordType.Field("label", new OptionType(STRING))));
    static final VariantType RESPONSE = new VariantType(List.of(VariantType.Case.of("empty", null),
            VariantType.Case.of("body", new ListType(U8)), VariantType.Case.of("err", STRING)));

    @Test
    void parsesEveryFormOfTheSpecExamples() {
        assertThat(Wave.parse(" 123 // comment", U32)).isEqualTo(Value.u32(123));
        assertThat(Wave.parse("18446744073709551615", U64)).isEqualTo(Value.u64(-1));
        assertThat(Wave.parse("6.022e+23", F64)).isEqualTo(new Value.F64(6.022e23));
        assertThat(Wave.parse("-inf", F32)).isEqualTo(new Value.F32(Float.NEGATIVE_INFINITY));
        assertThat(Wave.parse("'\\u{1F44B}'", CHAR)).isEqualTo(new Value.Char(0x1F44B));
        assertThat(Wave.parse("\"abc\\t123\"", STRING)).isEqualTo(Value.of("abc\t123"));
        assertThat(Wave.parse("\"\"\"\n    Indentation determined\n      by ending delimiter\n  \"\"\"", STRING))
                .isEqualTo(Value.of("  Indentation determined\n    by ending delimiter"));
        assertThat(Wave.parse("{x: -3}", POINT)).isEqualTo(new Value.RecordValue(Map.of("x", new Value.Int(S8, -3),
                "label", new Value.OptionValue(Optional.empty()))));
        assertThat(Wave.parse("body([79, 75,])", RESPONSE)).isEqualTo(new Value.VariantValue("body",
                Optional.of(Value.list(List.of(new Value.Int(U8, 79), new Value.Int(U8, 75))))));
        assertThat(Wave.parse("%err(\"oops\")", RESPONSE)).isEqualTo(new Value.VariantValue("err",
                Optional.of(Value.of("oops"))));
        assertThat(Wave.parse("123", new OptionType(U8))).isEqualTo(Wave.parse("some(123)", new OptionType(U8)));
        assertThat(Wave.parse("123", ResultType.of(U8, null))).isEqualTo(Wave.parse("ok(123)", ResultType.of(U8, null)));
        assertThat(Wave.parse("{write, read,}", new FlagsType(List.of("read", "write", "exec"))))
                .isEqualTo(new Value.FlagsValue(Set.of("read", "write")));
        assertThat(Wave.parseArguments("some(1)", List.of(new OptionType(U8), new OptionType(U8))))
                .containsExactly(new Value.OptionValue(Optional.of(new Value.Int(U8, 1))),
                        new Value.OptionValue(Optional.empty()));
    }

    @Test
    void printsCanonically() {
        EnumType status = new EnumType(List.of("ok", "not-found"));
        assertThat(Wave.print(new Value.EnumValue("ok"))).isEqualTo("%ok");
        assertThat(Wave.print(Wave.parse("%ok", status))).isEqualTo("%ok");
        assertThat(Wave.print(Wave.parse("{x: 1}", POINT))).isEqualTo("{x: 1, label: none}");
        assertThat(Wave.print(Value.of("a\"b\\c\n\u0001"))).isEqualTo("\"a\\\"b\\\\c\\n\\u{1}\"");
        assertThat(Wave.print(new Value.F64(1.0))).isEqualTo("1");
        assertThat(Wave.print(new Value.F32(Float.NaN))).isEqualTo("nan");
        assertThat(Wave.print(new Value.TupleValue(List.of(Value.of("abc"), Value.u32(123))))).isEqualTo("(\"abc\", 123)");
    }

    @Test
    void badInputNamesTheOffsetAndTheProblem() {
        assertError("256", U8, 0, "'256' is not a u8");
        assertError("-1", U64, 0, "not a u64");
        assertError("1.5", U32, 1, "fraction");
        assertError("[1, 2", new ListType(U8), 5, "expected ']'");
        assertError("{y: 1}", POINT, 1, "unknown field 'y'");
        assertError("{:}", POINT, 0, "missing field 'x'");
        assertError("err(\"x\")", RESPONSE, 0, "keyword");
        assertError("'ab'", CHAR, 2, "expected '''");
        assertError("'\\u{d800}'", CHAR, 4, "not a Unicode scalar value");
        assertError("(1)", new TupleType(List.of(U8, U8)), 0, "expected 2 tuple elements");
        assertError("5", new OptionType(new OptionType(U8)), 0, "expected some(...) or none");
        assertError("1 2", U8, 2, "end of input");
        assertError("[".repeat(300), nestedLists(300), 257, "nested deeper");
    }

    private static ValType nestedLists(int n) {
        ValType t = U8;
        for (int i = 0; i < n; i++) {
            t = new ListType(t);
        }
        return t;
    }

    private static void assertError(String text, ValType type, int offset, String message) {
        assertThatThrownBy(() -> Wave.parse(text, type)).isInstanceOf(WaveParseException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((WaveParseException) e).offset()).as(e.getMessage()).isEqualTo(offset));
    }

    @Test
    void convertsFromAndToPlainJava() {
        Value v = Values.fromJava(Map.of("x", 5), POINT);
        assertThat(Values.toJava(v)).isEqualTo(Map.of("x", (byte) 5, "label", Optional.empty()));
        assertThat(Values.fromJava(new byte[] {1, (byte) 255}, new ListType(U8)))
                .isEqualTo(Value.list(List.of(new Value.Int(U8, 1), new Value.Int(U8, 255))));
        assertThatThrownBy(() -> Values.fromJava(300, U8)).hasMessageContaining("out of range for u8");
        assertThatThrownBy(() -> Values.fromJava(Map.of(), POINT)).hasMessageContaining("needs field 'x'");
        assertThatThrownBy(() -> Values.check(Value.list(List.of(Value.of("s"))), new ListType(U8)))
                .hasMessageContaining("value at [0]");
    }
}
