package org.wasmcloud4j.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.wasmcloud4j.host.oci.OciClient;
import org.wasmcloud4j.host.oci.RegistryCredential;
import org.wasmcloud4j.host.oci.RegistryException;

/**
 * Reads a component image by reference: {@code file:///abs/path.wasm}, a plain file path ({@code /…}, {@code ./…},
 * {@code ../…}), {@code classpath:pkg/name.wasm}, or anything else as an OCI reference
 * ({@code [oci://]registry/repo[:tag][@sha256:…]}) pulled by the host's {@link OciClient}. At most {@code maxSize}
 * bytes are read, so an oversized image fails before it is held in memory (for OCI, before it is downloaded).
 */
final class ImageLoader {
    private final ClassLoader classLoader;
    private final long maxSize;
    private final boolean allowFiles;
    /** Makes the OCI client; called at most once, at the first registry reference. */
    private final java.util.function.Supplier<OciClient> makeRegistries;
    /** The OCI client, once a registry reference needed it; credentials put before that wait in {@link #pending}. */
    private OciClient registries;
    private final java.util.List<Map<String, RegistryCredential>> pending = new java.util.ArrayList<>();

    /**
     * A loader whose OCI client is made by {@code makeRegistries} when a registry reference first needs it (making
     * one, with its JSON mapper and the JDK's HTTP client and TLS set-up, was a third of a host's start).
     */
    ImageLoader(ClassLoader classLoader, long maxSize, boolean allowFiles,
            java.util.function.Supplier<OciClient> makeRegistries) {
        this.classLoader = classLoader;
        this.maxSize = maxSize;
        this.allowFiles = allowFiles;
        this.makeRegistries = makeRegistries;
    }

    /** Merges registry credentials into those used for later pulls. */
    synchronized void putCredentials(Map<String, RegistryCredential> credentials) {
        if (registries != null) {
            registries = registries.withCredentials(credentials);
        } else {
            pending.add(credentials);   // merged in this order when the client is made
        }
    }

    /** The OCI client used for registry references, made now if it was not yet. */
    synchronized OciClient registries() {
        if (registries == null) {
            OciClient made = makeRegistries.get();
            for (Map<String, RegistryCredential> c : pending) {
                made = made.withCredentials(c);
            }
            registries = made;
            pending.clear();
        }
        return registries;
    }

    byte[] load(String ref) {
        if (!ref.startsWith("classpath:") && !ref.startsWith("file:") && !ref.startsWith("/") && !ref.startsWith("./")
                && !ref.startsWith("../")) {
            return registries().pull(ref);   // RegistryException names the reference and the cause
        }
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
            if (!allowFiles) {
                throw new HostException("image " + ref + ": this host does not load components from files"
                        + " (allow it with --allow-file-load / Host.Builder.allowFileLoad)");
            }
            Path file;
            if (ref.startsWith("file:")) {
                file = Path.of(URI.create(ref));
            } else {
                file = Path.of(ref);
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
