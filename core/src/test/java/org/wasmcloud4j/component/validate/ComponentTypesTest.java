package org.wasmcloud4j.component.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.fixtures.Fixtures;

class ComponentTypesTest {
    private static ComponentType of(String fixture) {
        return ComponentTypes.of(ComponentDecoder.decode(Fixtures.bytes(fixture)));
    }

    @Test
    void liftedExportsHaveTheirFunctionTypes() {
        assertThat(of("wat-hello.component").exports().get("greet")).hasToString("func(name: string) -> string");
        ComponentType prims = of("wat-primitives.component");
        assertThat(prims.exports().get("max-u64")).hasToString("func(a: u64, b: u64) -> u64");
        assertThat(prims.exports().get("is-even-u16")).hasToString("func(x: u16) -> bool");
        assertThat(prims.exports()).hasSize(8);
    }

    @Test
    void wasiCommandImportsAreTypedInterfaces() {
        ComponentType cmd = of("c-hello.command");
        InterfaceType env = (InterfaceType) cmd.imports().get("wasi:cli/environment@0.2.12");
        assertThat(env.name()).contains(InterfaceName.parse("wasi:cli/environment@0.2.12"));
        assertThat(env.function("get-environment").map(FuncType::toString))
                .contains("func() -> list<tuple<string, string>>");
        InterfaceType streams = (InterfaceType) cmd.imports().get("wasi:io/streams@0.2.12");
        assertThat(streams.types()).containsKeys("input-stream", "output-stream");
        assertThat(streams.function("[method]output-stream.blocking-write-and-flush")).isPresent();
        InterfaceType run = (InterfaceType) cmd.exports().get("wasi:cli/run@0.2.12");
        assertThat(run.function("run").map(FuncType::toString)).contains("func() -> result");
        // the same program built with the 0.2.0 adapter imports the same interfaces at 0.2.0
        ComponentType old = of("c-hello.command.wasi-0.2.0");
        assertThat(old.imports().keySet()).anyMatch(k -> k.equals("wasi:cli/environment@0.2.0"));
    }

    @Test
    void reactorWithHostImportAndInterfaceExport() {
        ComponentType clib = of("c-clib.reactor");
        assertThat(clib.imports()).containsKey("example:clib/host@0.1.0");
        InterfaceType strings = (InterfaceType) clib.exports().get("example:clib/strings@0.1.0");
        assertThat(strings.functions()).containsKeys("reverse", "count-vowels", "split-words", "join");
        assertThat(clib.exports().get("mean")).hasToString("func(values: list<f64>) -> option<f64>");
    }

    @Test
    void everyValidFixtureHasAComponentType() {
        for (String name : Fixtures.names()) {
            if (!name.startsWith("invalid/")) {
                ComponentType t = of(name);
                assertThat(t.exports()).as(name).isNotEmpty();
            }
        }
        assertThat(of("js-greeter.qjs").exports().get("greet")).hasToString("func(name: string) -> string");
        assertThat(of("wat-fixture.component").exports()).containsKey("example:fixtures/api@0.1.0");
    }

    @Test
    void invalidTypeReferencesAreRejectedWithOffsets() {
        assertThatThrownBy(() -> of("invalid/type-index-out-of-bounds"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("unknown type 99");
        assertThatThrownBy(() -> of("invalid/borrow-in-result"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cannot contain a borrow");
        assertThatThrownBy(() -> of("invalid/own-of-non-resource"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("not a resource type");
        assertThatThrownBy(() -> of("invalid/lift-string-without-memory"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'memory' is required to lift");
        assertThatThrownBy(() -> of("invalid/lower-list-result-without-realloc"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'realloc' is required to lower");
        assertThatThrownBy(() -> of("invalid/post-return-on-lower"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'post-return' cannot be given");
        assertThatThrownBy(() -> of("invalid/duplicate-import"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("import name 'a' conflicts");
        assertThatThrownBy(() -> of("invalid/duplicate-export"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("export name 'a' conflicts");
        assertThatThrownBy(() -> of("invalid/bad-import-name"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'Bad_Name' is not a kebab-case label");
        assertThatThrownBy(() -> of("invalid/bad-interface-version"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("MAJOR.MINOR.PATCH");
        assertThatThrownBy(() -> of("invalid/alias-instance-out-of-bounds"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("unknown core instance 7");
        assertThatThrownBy(() -> of("invalid/alias-unknown-export"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("has no export named 'nope'");
        assertThatThrownBy(() -> of("invalid/missing-instantiate-arg"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("argument named 'env'");
        assertThatThrownBy(() -> of("invalid/lift-core-type-mismatch"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("but lifting");
        assertThatThrownBy(() -> of("invalid/realloc-wrong-signature"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("'realloc' must have type");
        assertThatThrownBy(() -> of("invalid/resource-rep-imported"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("not a resource defined by this");
        assertThatThrownBy(() -> of("invalid/outer-alias-too-deep"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("outer alias count of 5");
        assertThatThrownBy(() -> of("invalid/exported-func-unexported-type"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("export 'f': parameter 'p' uses a record that is not exported");
        assertThatThrownBy(() -> of("invalid/nested-missing-arg"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("missing instantiation argument for import 'f'");
        assertThatThrownBy(() -> of("invalid/nested-arg-type-mismatch"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("instantiation argument 'f' does not match the import");
    }

    @Test
    void everyInvalidFixtureIsRejected() {
        for (String name : Fixtures.names()) {
            if (name.startsWith("invalid/")) {
                assertThatThrownBy(() -> of(name)).as(name)
                        .isInstanceOf(org.wasmcloud4j.component.binary.DecodeException.class);
            }
        }
    }
}
