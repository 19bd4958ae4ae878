package org.wasmcloud4j.wit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads WIT text into resolved {@link WitPackage packages} of the shared type model.
 *
 * <p>A root is a single {@code .wit} file (dependencies inline as {@code package ns:name { ... }} blocks) or a
 * directory: its {@code *.wit} files form the root package and each entry of its {@code deps/} folder (a
 * {@code .wit} file or a directory of them) is one dependency. Items gated {@code @unstable(feature = x)} are left
 * out unless the feature is enabled.
 *
 * <pre>{@code
 * WitResolve wit = WitLoader.builder().build().load(Path.of("wit"));
 * WorldType world = wit.world("my-world");
 * }</pre>
 */
public final class WitLoader {
    /** Largest WIT file read (bytes); larger files are refused rather than read into memory. */
    public static final long MAX_FILE_SIZE = 16L << 20;

    private final Set<String> features;
    private final boolean allFeatures;

    private WitLoader(Builder b) {
        this.features = Collections.unmodifiableSet(new LinkedHashSet<>(b.features));
        this.allFeatures = b.allFeatures;
    }

    /** A builder with no unstable features enabled. */
    public static Builder builder() {
        return new Builder();
    }

    /** A loader with the default configuration. */
    public static WitLoader defaults() {
        return builder().build();
    }

    /** Configuration for a {@link WitLoader}. */
    public static final class Builder {
        private final Set<String> features = new LinkedHashSet<>();
        private boolean allFeatures;

        private Builder() {}

        /** Includes items gated {@code @unstable(feature = name)}. */
        public Builder enableFeature(String name) {
            features.add(name);
            return this;
        }

        /** Includes every {@code @unstable} item. */
        public Builder enableAllFeatures() {
            allFeatures = true;
            return this;
        }

        /** The loader. */
        public WitLoader build() {
            return new WitLoader(this);
        }
    }

    /**
     * Parses and resolves WIT text (one file, dependencies as nested packages).
     *
     * @param source a name for error messages, such as a file name
     * @param text the WIT text
     * @throws WitException for invalid WIT, naming source, line and column
     */
    public WitResolve parse(String source, String text) {
        return new WitResolver(features, allFeatures).resolve(List.of(),
                new WitResolver.Group(List.of(WitParser.parse(source, text))));
    }

    /**
     * Loads a {@code .wit} file or a WIT directory with an optional {@code deps/} folder.
     *
     * @throws WitException for invalid WIT
     * @throws UncheckedIOException when a file cannot be read
     */
    public WitResolve load(Path path) {
        if (!Files.isDirectory(path)) {
            return new WitResolver(features, allFeatures).resolve(List.of(), new WitResolver.Group(List.of(
                    parseFile(path))));
        }
        List<WitResolver.Group> deps = new ArrayList<>();
        Path depsDir = path.resolve("deps");
        if (Files.isDirectory(depsDir)) {
            for (Path entry : list(depsDir)) {
                if (Files.isDirectory(entry)) {
                    deps.add(directoryGroup(entry));
                } else if (entry.getFileName().toString().endsWith(".wit")) {
                    deps.add(new WitResolver.Group(List.of(parseFile(entry))));
                }
            }
        }
        return new WitResolver(features, allFeatures).resolve(deps, directoryGroup(path));
    }

    private WitResolver.Group directoryGroup(Path dir) {
        List<WitAst.File> files = new ArrayList<>();
        for (Path p : list(dir)) {
            if (Files.isRegularFile(p) && p.getFileName().toString().endsWith(".wit")) {
                files.add(parseFile(p));
            }
        }
        return new WitResolver.Group(files);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static WitAst.File parseFile(Path p) {
        try {
            long size = Files.size(p);
            if (size > MAX_FILE_SIZE) {
                throw new WitException(p + ": file of " + size + " bytes is larger than the " + MAX_FILE_SIZE
                        + "-byte limit for WIT files");
            }
            byte[] bytes = Files.readAllBytes(p);
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
            return WitParser.parse(p.toString(), text);
        } catch (CharacterCodingException e) {
            throw new WitException(p + ": not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
