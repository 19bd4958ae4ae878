package org.wasmcloud4j.wit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.wasmcloud4j.component.binary.ComponentDecoder;
import org.wasmcloud4j.component.types.ComponentType;
import org.wasmcloud4j.component.types.ExternType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.WorldType;
import org.wasmcloud4j.component.validate.ComponentTypes;
import org.wasmcloud4j.fixtures.Fixtures;

/** Every committed component prints WIT that parses back to the same type; fixture sources match their binaries. */
class FixtureWitTest {
    private static final Path SOURCES = Path.of("../test-fixtures/sources");

    static ComponentType typeOf(String fixture) {
        return ComponentTypes.of(ComponentDecoder.decode(Fixtures.bytes(fixture)));
    }

    @Test
    void everyFixturePrintsWitThatReparsesToAnEqualType() {
        int checked = 0;
        for (String name : Fixtures.names()) {
            if (name.startsWith("invalid/")) {
                continue;
            }
            ComponentType type = typeOf(name);
            String wit = WitPrinter.printComponent(type);
            WitResolve parsed = WitLoader.defaults().parse(name + ".wit", wit);
            ComponentType reparsed = parsed.world("root").componentType();
            assertSameItems(name, type.imports(), reparsed.imports());
            assertSameItems(name, type.exports(), reparsed.exports());
            assertThat(reparsed).as(name).isEqualTo(type);
            // printing is a fixed point
            assertThat(WitPrinter.print(parsed)).as(name).isEqualTo(wit);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(9);
    }

    private static void assertSameItems(String fixture, Map<String, ExternType> expected,
            Map<String, ExternType> actual) {
        assertThat(actual.keySet()).as(fixture).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(fixture + ": " + k).isEqualTo(v));
    }

    @Test
    void printedWitOfTheComposedJsComponentHasEveryInterfaceBody() {
        String wit = WitPrinter.printComponent(typeOf("js-greeter.qjs"));
        assertThat(wit).startsWith("package root:component;\n\nworld root {\n");
        assertThat(wit).contains("import example:greeter/logger@0.1.0;", "export greet: func(name: string) -> string;",
                "package example:greeter@0.1.0 {", "interface logger {", "log: func(msg: string);");
    }

    @Test
    void sourceWitOfEachFixtureDescribesItsBinary() {
        WitResolve fixture = WitLoader.defaults().load(SOURCES.resolve("wat-fixture/wit"));
        ComponentType decoded = typeOf("wat-fixture.component");
        InterfaceName api = InterfaceName.parse("example:fixtures/api@0.1.0");
        assertThat(fixture.findInterface(api)).contains((InterfaceType) decoded.exports().get(api.toString()));
        WorldType world = fixture.world("fixture");
        assertThat(world.componentType()).isEqualTo(decoded);

        WitResolve clib = WitLoader.defaults().load(SOURCES.resolve("c-clib/wit"));
        ComponentType clibType = typeOf("c-clib.reactor");
        WorldType clibWorld = clib.world("");
        clibWorld.exports().forEach((k, v) -> assertThat(clibType.exports().get(k)).as(k).isEqualTo(v));
        clibWorld.imports().forEach((k, v) -> assertThat(clibType.imports().get(k)).as(k).isEqualTo(v));
        assertThat(clib.root().orElseThrow().docs("clib/describe"))
                .contains("Uses libc (snprintf/getenv/clock) so the component imports WASI too.");
        assertThat(clib.root().orElseThrow().docs("host/log")).contains("level: 0=debug 1=info 2=warn 3=error");

        WitResolve greeter = WitLoader.defaults().load(SOURCES.resolve("js-greeter/wit/world.wit"));
        ComponentType js = typeOf("js-greeter.qjs");
        greeter.world("greeter").exports().forEach((k, v) -> assertThat(js.exports().get(k)).as(k).isEqualTo(v));
    }
}
