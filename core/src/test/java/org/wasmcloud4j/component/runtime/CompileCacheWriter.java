package org.wasmcloud4j.component.runtime;

import java.nio.file.Path;
import org.wasmcloud4j.fixtures.Fixtures;

/** A second JVM for {@link CompileCacheTest}: compiles a fixture into a cache directory and calls it. */
final class CompileCacheWriter {
    private CompileCacheWriter() {}

    public static void main(String[] args) {
        Engine engine = Engine.builder().mode(Engine.Mode.COMPILED).compileCache(Path.of(args[0])).build();
        Component c = Component.fromBytes(engine, Fixtures.bytes(args[1]));
        System.out.println(new Linker(engine).instantiatePre(c).instantiate().func("greet").orElseThrow().callJava("jvm"));
    }
}
