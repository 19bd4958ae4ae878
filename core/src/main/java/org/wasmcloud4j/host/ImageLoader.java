package org.wasmcloud4j.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a component image by reference: {@code file:///abs/path.wasm}, a plain file path, or
 * {@code classpath:pkg/name.wasm}. At most {@code maxSize} bytes are read, so an oversized image fails before it is
 * held in memory. OCI references come with the registry client.
 */
final class ImageLoader {
    private final ClassLoader classLoader;
    private final long maxSize;

    ImageLoader(ClassLoader classLoader, long maxSize) {
        this.classLoader = classLoader;
        this.maxSize = maxSize;
    }

    byte[] load(String ref) {
        try {
            if (ref.startsWith("classpath:")) {
                String name = ref.substring("classpath:".length()).replaceFirst("^/", "");
                try (InputStream in = classLoader.getResourceAsStream(name)) {
                    if (in == null) {
                        throw new HostException("image " + ref + ": no such class-path resource");
                    }
                    return bounded(in, ref);
                }
            }
            Path file;
            if (ref.startsWith("file:")) {
                file = Path.of(URI.create(ref));
            } else if (ref.startsWith("/") || ref.startsWith("./") || ref.startsWith("../")) {
                file = Path.of(ref);
            } else {
                throw new HostException("image " + ref + ": unsupported reference (use file://, a path, or classpath:;"
                        + " OCI registries are not supported yet)");
            }
            if (!Files.isRegularFile(file)) {
                throw new HostException("image " + ref + ": no such file " + file);
            }
            if (Files.size(file) > maxSize) {
                throw new HostException("image " + ref + ": " + Files.size(file) + " bytes is over the host's limit of "
                        + maxSize + " bytes");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return bounded(in, ref);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new HostException("image " + ref + ": " + e.getMessage(), e);
        }
    }

    private byte[] bounded(InputStream in, String ref) throws IOException {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxSize + 1));
        if (b.length > maxSize) {
            throw new HostException("image " + ref + ": over the host's limit of " + maxSize + " bytes");
        }
        return b;
    }
}
