package org.wasmcloud4j.bench;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.wasmcloud4j.component.runtime.Engine;

/**
 * A component's compiled classes made before a start is measured: in a fresh cache directory (filled by
 * {@link Engine#precompile} in a separate engine) and packed into a jar under {@code META-INF/wasmcloud4j/compiled/},
 * as the {@code wasmcloud4j-maven-plugin} packages them. Nothing of it is loaded yet.
 */
record PrecompiledFixture(Path cacheDir, URL jar) {
    static PrecompiledFixture of(byte[] component, String tempPrefix) throws IOException {
        Path dir = Files.createTempDirectory(tempPrefix).resolve("compiled");
        try (Engine filler = Engine.builder().mode(Engine.Mode.INTERPRETER).compileCache(dir).build()) {
            filler.precompile(component);
        }
        Path jar = dir.resolveSibling("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> entries = Files.list(dir)) {
            for (Path e : entries.sorted().toList()) {
                out.putNextEntry(new JarEntry("META-INF/wasmcloud4j/compiled/" + e.getFileName()));
                out.write(Files.readAllBytes(e));
                out.closeEntry();
            }
        }
        return new PrecompiledFixture(dir, jar.toUri().toURL());
    }
}
