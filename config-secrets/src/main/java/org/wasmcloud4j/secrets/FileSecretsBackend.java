package org.wasmcloud4j.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Secrets from files below one directory (a mounted Kubernetes secret, a Docker secrets directory), for
 * embedded use.
 *
 * <p>Key mapping: the key is a relative path of {@code /}-separated names, each of {@code A-Z a-z 0-9 . _ -}
 * and neither {@code .} nor {@code ..}; {@code db/password} reads {@code <directory>/db/password}. The file is
 * read verbatim (a trailing newline is part of the secret), as a strict UTF-8 string secret or as a binary
 * secret ({@link Content}), up to {@link Builder#maxBytes} bytes.
 *
 * <p>Confinement: the directory is resolved to its real path once, when the backend is built. A key is then
 * walked name by name from that open directory ({@link SecureDirectoryStream}, i.e. {@code openat}), never
 * following a symbolic link, and the file is opened without following links; so neither {@code ..}, an
 * absolute key, nor a link placed inside the directory (even one swapped in concurrently) reaches outside it.
 * A symbolic link is refused ({@link SecretException.Reason#INVALID_REQUEST}); a missing name or something
 * that is not a regular file is {@link SecretException.Reason#SECRET_NOT_FOUND}. Requests with a field or a
 * version are {@link SecretException.Reason#INVALID_REQUEST}. The context is not checked.
 */
public final class FileSecretsBackend implements SecretsBackend {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** How file content becomes a {@link SecretValue}. */
    public enum Content {
        /** A string secret; the file must be valid UTF-8. */
        STRING,
        /** A binary secret. */
        BYTES
    }

    private final String name;
    private final Path directory;
    private final Content content;
    private final int maxBytes;

    private FileSecretsBackend(Builder b) throws IOException {
        this.name = b.name;
        this.directory = b.directory.toRealPath();
        if (!Files.isDirectory(directory)) {
            throw new IOException("not a directory: " + directory);
        }
        this.content = b.content;
        this.maxBytes = b.maxBytes;
    }

    /** A builder for a backend named {@code name} over {@code directory}. */
    public static Builder builder(String name, Path directory) {
        return new Builder(name, directory);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SecretValue get(SecretRequest request) {
        if (request.field().isPresent()) {
            throw request.error(SecretException.Reason.INVALID_REQUEST, name, "fields are not supported");
        }
        if (request.version().isPresent()) {
            throw request.error(SecretException.Reason.INVALID_REQUEST, name, "versions are not supported");
        }
        List<String> names = names(request);
        byte[] raw = read(request, names);
        try {
            if (content == Content.BYTES) {
                return SecretValue.ofBytes(raw);
            }
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            char[] copy = new char[chars.remaining()];
            chars.get(copy);
            Arrays.fill(chars.array(), '\0');
            SecretValue value = SecretValue.ofChars(copy, null);
            Arrays.fill(copy, '\0');
            return value;
        } catch (CharacterCodingException e) {
            throw request.error(SecretException.Reason.UPSTREAM_ERROR, name, "the file is not valid UTF-8");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private List<String> names(SecretRequest request) {
        String key = request.key();
        List<String> names = Arrays.asList(key.split("/", -1));
        for (String n : names) {
            if (!NAME.matcher(n).matches() || n.equals(".") || n.equals("..")) {
                throw request.error(SecretException.Reason.INVALID_REQUEST, name,
                        "key '" + key + "' is not a relative path of plain names (A-Z a-z 0-9 . _ -, no '.' or '..')");
            }
        }
        return names;
    }

    private byte[] read(SecretRequest request, List<String> names) {
        Deque<DirectoryStream<Path>> open = new ArrayDeque<>();
        try {
            DirectoryStream<Path> root = Files.newDirectoryStream(directory);
            open.push(root);
            if (!(root instanceof SecureDirectoryStream<Path> dir)) {
                throw request.error(SecretException.Reason.UPSTREAM_ERROR, name,
                        "this platform offers no directory-relative file access");
            }
            for (int i = 0; i < names.size(); i++) {
                Path n = Path.of(names.get(i));
                BasicFileAttributes attrs = dir.getFileAttributeView(n, BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                if (attrs.isSymbolicLink()) {
                    throw request.error(SecretException.Reason.INVALID_REQUEST, name,
                            "'" + names.get(i) + "' is a symbolic link; links are not followed");
                }
                boolean last = i == names.size() - 1;
                if (!last) {
                    if (!attrs.isDirectory()) {
                        throw request.error(SecretException.Reason.SECRET_NOT_FOUND, name, null);
                    }
                    SecureDirectoryStream<Path> next = dir.newDirectoryStream(n, LinkOption.NOFOLLOW_LINKS);
                    open.push(next);
                    dir = next;
                    continue;
                }
                if (!attrs.isRegularFile()) {
                    throw request.error(SecretException.Reason.SECRET_NOT_FOUND, name, null);
                }
                try (SeekableByteChannel ch = dir.newByteChannel(n,
                        Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
                    return readBounded(request, ch);
                }
            }
            throw new AssertionError("unreachable");
        } catch (NoSuchFileException e) {
            throw request.error(SecretException.Reason.SECRET_NOT_FOUND, name, null);
        } catch (IOException e) {
            // Typically ELOOP (a link swapped in after the check) or a permission error.
            throw request.error(SecretException.Reason.UPSTREAM_ERROR, name,
                    "cannot read the file: " + e.getClass().getSimpleName());
        } finally {
            while (!open.isEmpty()) {
                try {
                    open.pop().close();
                } catch (IOException ignored) {
                    // closing a directory stream; nothing to do
                }
            }
        }
    }

    private byte[] readBounded(SecretRequest request, SeekableByteChannel ch) throws IOException {
        if (ch.size() > maxBytes) {
            throw request.error(SecretException.Reason.UPSTREAM_ERROR, name,
                    "the file is larger than " + maxBytes + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) ch.size() + 1);
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
            // a file that grows while read is caught below
        }
        if (buf.position() > maxBytes || buf.position() > ch.size()) {
            Arrays.fill(buf.array(), (byte) 0);
            throw request.error(SecretException.Reason.UPSTREAM_ERROR, name, "the file changed while read");
        }
        byte[] out = Arrays.copyOf(buf.array(), buf.position());
        Arrays.fill(buf.array(), (byte) 0);
        return out;
    }

    @Override
    public String toString() {
        return "FileSecretsBackend[" + name + ", " + directory + ", " + content + "]";
    }

    /** Builds a {@link FileSecretsBackend}. */
    public static final class Builder {
        private final String name;
        private final Path directory;
        private Content content = Content.STRING;
        private int maxBytes = 1 << 20;

        private Builder(String name, Path directory) {
            this.name = Objects.requireNonNull(name, "name");
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** String (the default) or binary secrets. */
        public Builder content(Content value) {
            this.content = Objects.requireNonNull(value, "content");
            return this;
        }

        /** The largest file read, in bytes (default 1 MiB); larger files are an upstream error. */
        public Builder maxBytes(int value) {
            if (value < 0 || value == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxBytes must be in [0, 2^31-2]: " + value);
            }
            this.maxBytes = value;
            return this;
        }

        /**
         * The backend.
         *
         * @throws IOException if the directory does not exist or is not a directory
         */
        public FileSecretsBackend build() throws IOException {
            return new FileSecretsBackend(this);
        }
    }
}
