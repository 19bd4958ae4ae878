package org.wasmcloud4j.wit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wasmcloud4j.component.types.FuncType;
import org.wasmcloud4j.component.types.HandleType;
import org.wasmcloud4j.component.types.InterfaceName;
import org.wasmcloud4j.component.types.InterfaceType;
import org.wasmcloud4j.component.types.NamedType;
import org.wasmcloud4j.component.types.PrimitiveType;
import org.wasmcloud4j.component.types.RecordType;
import org.wasmcloud4j.component.types.ResourceType;
import org.wasmcloud4j.component.types.ResultType;
import org.wasmcloud4j.component.types.TypeExtern;
import org.wasmcloud4j.component.types.TypeOwner;
import org.wasmcloud4j.component.types.WorldType;

class WitLoaderTest {
    private static WitResolve parse(String text) {
        return WitLoader.defaults().parse("test.wit", text);
    }

    private static InterfaceType iface(WitResolve r, String name) {
        return r.findInterface(InterfaceName.parse(name)).orElseThrow();
    }

    @Test
    void typesFunctionsAndOrderIndependence() {
        WitResolve r = parse("""
                package a:b@1.2.3;

                interface types {
                  type alias = later;
                  record later { x: u32, %type: string, }
                  variant v { none, some(list<later>) }
                  enum e { one, two }
                  flags f { r, w }
                  get: func(a: option<tuple<u8, s64>>, b: result<_, e>) -> result<v>;
                  nothing: func() -> result;
                }
                """);
        assertThat(r.root()).isPresent();
        InterfaceType t = iface(r, "a:b/types@1.2.3");
        assertThat(t.types().keySet()).containsExactly("alias", "later", "v", "e", "f");
        NamedType alias = (NamedType) t.types().get("alias");
        assertThat(alias.definition()).isSameAs(t.types().get("later"));
        assertThat(alias.unwrap()).isInstanceOf(RecordType.class);
        assertThat(((RecordType) alias.unwrap()).fields().get(1).name()).isEqualTo("type");
        FuncType get = t.function("get").orElseThrow();
        assertThat(get.params()).extracting(FuncType.Param::name).containsExactly("a", "b");
        assertThat(get.result().orElseThrow()).isInstanceOf(ResultType.class);
        assertThat(t.function("nothing").orElseThrow().result()).contains(new ResultType(Optional.empty(),
                Optional.empty()));
        assertThat(alias.owner()).isEqualTo(new TypeOwner.Interface(InterfaceName.parse("a:b/types@1.2.3")));
    }

    @Test
    void resourcesDesugarToComponentModelFunctions() {
        InterfaceType t = iface(parse("""
                package a:b;
                interface blobs {
                  resource blob {
                    constructor(init: list<u8>);
                    write: func(bytes: list<u8>);
                    merge: static func(lhs: borrow<blob>, rhs: borrow<blob>) -> blob;
                  }
                  resource blob2 {
                    constructor() -> result<blob2, string>;
                  }
                  resource plain;
                  take: func(b: own<blob>, p: plain);
                }
                """), "a:b/blobs");
        ResourceType blob = (ResourceType) t.types().get("blob");
        assertThat(t.functions().keySet()).containsExactly("[constructor]blob", "[method]blob.write",
                "[static]blob.merge", "[constructor]blob2", "take");
        assertThat(t.functions().get("[constructor]blob").result()).contains(HandleType.own(blob));
        assertThat(t.functions().get("[method]blob.write").params().get(0))
                .isEqualTo(new FuncType.Param("self", HandleType.borrow(blob)));
        assertThat(t.functions().get("take").params().get(1).type())
                .isEqualTo(HandleType.own((ResourceType) t.types().get("plain")));
    }

    @Test
    void useAcrossInterfacesAndPackagesWithNestedPackageSyntax() {
        WitResolve r = parse("""
                package local:demo;

                use wasi:io/streams@0.2.3 as s;

                interface types {
                  use s.{input-stream as in-stream, error};
                  read: func(src: borrow<in-stream>) -> result<list<u8>, error>;
                }

                world w {
                  import types;
                  export run: func();
                }

                package wasi:io@0.2.3 {
                  interface error { resource error; }
                  interface streams {
                    use error.{error};
                    resource input-stream;
                  }
                }
                """);
        InterfaceType types = iface(r, "local:demo/types");
        InterfaceType error = iface(r, "wasi:io/error@0.2.3");
        assertThat(types.types().get("error")).isSameAs(error.types().get("error"));
        assertThat(((ResourceType) types.types().get("in-stream")).name()).isEqualTo("input-stream");
        WorldType w = r.world("w");
        // elaboration: interfaces used by imports are imported first
        assertThat(w.imports().keySet()).containsExactly("wasi:io/error@0.2.3", "wasi:io/streams@0.2.3",
                "local:demo/types");
        assertThat(r.packages()).extracting(p -> p.name().toString()).containsExactly("wasi:io@0.2.3",
                "local:demo");
        assertThat(r.world("local:demo/w")).isEqualTo(w);
    }

    @Test
    void exportedInterfacesImportWhatTheyUseUnlessExported() {
        WitResolve r = parse("""
                package a:b;
                interface a { resource r; }
                interface b { use a.{r}; foo: func() -> r; }
                world w1 { export b; }
                world w2 { import a; export b; }
                world w3 { export a; export b; }
                """);
        assertThat(r.world("w1")).extracting(WorldType::imports, WorldType::exports)
                .isEqualTo(List.of(r.world("w2").imports(), r.world("w2").exports()));
        assertThat(r.world("w3").imports()).isEmpty();
    }

    @Test
    void worldItemsIncludeAndRenames() {
        WitResolve r = parse("""
                package a:b;
                interface host { log: func(msg: string); }
                world base {
                  import host;
                  import name: func() -> string;
                  export run: func();
                }
                world full {
                  include base with { name as id }
                  record point { x: s32, y: s32 }
                  resource handle { constructor(); close: func(); }
                  import inline: interface {
                    use host.{};
                  }
                }
                """.replace("use host.{};", "get: func() -> u32;"));
        WorldType full = r.world("full");
        assertThat(full.imports().keySet()).containsExactly("point", "handle", "a:b/host", "id",
                "[constructor]handle", "[method]handle.close", "inline");
        assertThat(full.exports().keySet()).containsExactly("run");
        NamedType point = (NamedType) ((TypeExtern) full.imports().get("point")).type();
        assertThat(point.owner()).isEqualTo(new TypeOwner.World(Optional.of(
                org.wasmcloud4j.component.types.PackageName.of("a", "b")), "full"));
        InterfaceType inline = (InterfaceType) full.imports().get("inline");
        assertThat(inline.name()).isEmpty();
        assertThat(inline.function("get")).isPresent();
    }

    @Test
    void namedImportOfAnInterfaceAndKebabCaseAmbiguity() {
        WitResolve r = parse("""
                package a:b;
                interface store { get: func() -> u32; }
                world w {
                  import primary: store;
                  import secondary: a:b/store;
                }
                """);
        assertThat(r.world("w").imports().keySet()).containsExactly("primary", "secondary");
    }

    @Test
    void gatesDocsAndFeatures() {
        String text = """
                package a:b@0.2.2;
                /// The interface.
                /// Second line.
                interface i {
                  /** A function. */
                  @since(version = 0.2.0)
                  f: func();
                  @unstable(feature = fancy)
                  g: func();
                  @since(version = 0.2.0)
                  @deprecated(version = 0.2.2)
                  h: func();
                  /// A record.
                  record r {
                    /// A field.
                    x: u32,
                  }
                }
                """;
        WitResolve plain = parse(text);
        InterfaceType i = iface(plain, "a:b/i@0.2.2");
        assertThat(i.functions().keySet()).containsExactly("f", "h");
        WitPackage p = plain.root().orElseThrow();
        assertThat(p.docs("i")).contains("The interface.\nSecond line.");
        assertThat(p.docs("i/f")).contains("A function.");
        assertThat(p.docs("i/r")).contains("A record.");
        assertThat(p.docs("i/r/x")).contains("A field.");
        WitResolve fancy = WitLoader.builder().enableFeature("fancy").build().parse("t.wit", text);
        assertThat(iface(fancy, "a:b/i@0.2.2").functions().keySet()).containsExactly("f", "g", "h");
        assertThat(iface(WitLoader.builder().enableAllFeatures().build().parse("t.wit", text), "a:b/i@0.2.2")
                .functions()).containsKey("g");
        String printed = WitPrinter.print(plain);
        assertThat(printed).contains("/// The interface.\n/// Second line.\ninterface i {",
                "  /// A field.\n    x: u32,".substring(2),
                "  /// A function.\n  @since(version = 0.2.0)\n  f: func();",
                "  @since(version = 0.2.0)\n  @deprecated(version = 0.2.2)\n  h: func();");
        assertThat(p.gates("i/h")).contains("@since(version = 0.2.0)\n@deprecated(version = 0.2.2)");
        WitResolve again = parse(printed);
        assertThat(again.packages()).isEqualTo(plain.packages());
        String fancyPrinted = WitPrinter.print(fancy);
        assertThat(fancyPrinted).contains("@unstable(feature = fancy)\n  g: func();");
    }

    @Test
    void directoryLayoutWithDeps(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("types.wit"), """
                interface types {
                  use wasi:clocks/wall-clock.{datetime};
                  stamp: func() -> datetime;
                }
                """);
        Files.writeString(dir.resolve("world.wit"), """
                package my:app@1.0.0;
                world app { import types; }
                """);
        Path deps = Files.createDirectories(dir.resolve("deps/wasi-clocks"));
        Files.writeString(deps.resolve("clocks.wit"), """
                package wasi:clocks@0.2.12;
                interface wall-clock { record datetime { seconds: u64, nanoseconds: u32 } }
                """);
        Files.writeString(dir.resolve("deps/single.wit"), """
                package other:thing;
                interface unused { f: func(); }
                """);
        WitResolve r = WitLoader.defaults().load(dir);
        assertThat(r.root().orElseThrow().name().toString()).isEqualTo("my:app@1.0.0");
        assertThat(r.world("").imports().keySet()).containsExactly("wasi:clocks/wall-clock@0.2.12",
                "my:app/types@1.0.0");
        assertThat(r.findPackage(org.wasmcloud4j.component.types.PackageName.parse("other:thing"))).isPresent();
        // and a single file
        assertThat(WitLoader.defaults().load(deps.resolve("clocks.wit")).root().orElseThrow().interfaces())
                .containsKey("wall-clock");
    }

    @Test
    void errorsNameTheSourceLineAndColumn() {
        assertError("package a:b;\ninterface i {\n  f: func() -> nope;\n}\n", "test.wit:3:16",
                "type 'nope' is not defined");
        assertError("package a:b;\ninterface i {\n  type a = b;\n  type b = a;\n}\n", "test.wit:3:3",
                "refers to itself");
        assertError("package a:b;\ninterface i { record r { x: u32 } record r { y: u32 } }", "test.wit:2:35",
                "defined twice");
        assertError("package a:b;\ninterface i { f: func(x: u32, x: u32); }", "test.wit:2:18",
                "duplicate parameter 'x'");
        assertError("package a:b;\ninterface i { use j.{t}; }\ninterface j { use i.{u}; type t = u8; }",
                "test.wit:", "depends on itself");
        assertError("package a:b;\ninterface i { f: func() -> Bad_Name; }", "test.wit:2:28",
                "not a valid identifier");
        assertError("package a:b;\ninterface i { f: func(%record: string) -> string }", "test.wit:2:50",
                "expected ';'");
        assertError("package a:b;\ninterface i { record: func(); }", "test.wit:2:15", "'record' is a keyword");
        assertError("package a:b;\nworld w { import nope:pkg/iface; }", "test.wit:2:18", "package nope:pkg not found");
        assertError("package a:b;\ninterface i { resource r; f: func() -> borrow<r>; }", "test.wit:2:30",
                "cannot contain a borrow");
        assertError("package a:b;\ninterface i { type t = u32; f: func(x: borrow<t>); }", "test.wit:2:40",
                "'t' is not a resource");
        assertError("package a:b;\ninterface i { f: async func(); }", "test.wit:2:18", "unsupported: async");
        assertError("package a:b;\ninterface i { f: func(x: map<u8, u8>); }", "test.wit:2:26", "unsupported: map");
        assertError("package a:b;\ninterface i { f: func(x: stream<u8); }", "test.wit:2:", "expected '>'");
        assertError("interface i {}", "test.wit:1:1", "no package declaration");
        assertError("package a:b;\n/* unterminated", "test.wit:2:1", "unterminated block comment");
        assertError("package a:b;\ninterface i { f: func(s: \"x\"); }", "test.wit:2:26", "expected a type");
        assertError("package a:b;\ninterface i { flags f { " + "x, ".repeat(33).replaceAll("x", "a")
                + "} }", "test.wit:2:15", "flags need 1 to 32 names");
        assertError("package a:b@1.x;", "test.wit:1:13", "version");
        assertError("package a:b;\nworld w { include other; }", "test.wit:2:19", "world 'other' not found");
        assertError("package a:b;\nworld w { include w; }", "test.wit:2:11", "includes itself");
        assertError("package a:b;\ninterface i { f: func() \u202e; }", "test.wit:2:25", "U+202E");
        String deep = "package a:b;\ninterface i { type t = " + "list<".repeat(500) + "u8" + ">".repeat(500) + "; }";
        assertError(deep, "test.wit:2:", "nested more than");
    }

    private static void assertError(String text, String where, String what) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(WitException.class)
                .hasMessageStartingWith(where).hasMessageContaining(what);
    }

    @Test
    void printedWitParsesBack() {
        WitResolve r = parse("""
                package local:demo@0.1.0;
                use wasi:io/streams@0.2.3 as s;
                interface types {
                  use s.{input-stream as in-stream};
                  resource blob { constructor(); read: func(n: u32) -> list<u8>; make: static func() -> blob; }
                  type id = u64;
                  record pair { a: id, b: borrow<blob>, }
                  take: func(p: pair, s: in-stream);
                }
                world w {
                  import types;
                  import log: func(msg: string);
                  export inline: interface { use types.{id}; get: func() -> id; }
                }
                package wasi:io@0.2.3 {
                  interface streams { resource input-stream; }
                }
                """.replace("record pair { a: id, b: borrow<blob>, }", "record pair { a: id, b: u8, }"));
        String printed = WitPrinter.print(r);
        WitResolve again = parse(printed);
        assertThat(again.packages()).containsExactlyInAnyOrderElementsOf(r.packages());
        assertThat(WitPrinter.print(again)).isEqualTo(printed);
        assertThat(printed).contains("resource blob {\n    constructor();\n    read: func(n: u32) -> list<u8>;\n"
                + "    make: static func() -> blob;\n  }", "use wasi:io/streams@0.2.3.{input-stream as in-stream};");
        assertThat(iface(again, "local:demo/types@0.1.0").function("take").orElseThrow().params().get(0).type())
                .isInstanceOf(NamedType.class);
        assertThat(PrimitiveType.U64.witName()).isEqualTo("u64");
    }
}
