package org.wasmcloud4j.host.capability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * How {@code wasi:blobstore} names map to paths under the blobstore root, so that no name can reach outside it. A
 * container is one directory directly under the root: its name is one path segment that does not start with
 * {@code .} (names starting with a dot are the host's own, such as its staging directory). An object is a file in
 * its container's directory; {@code /} in its name separates subdirectories (as wasmCloud's filesystem blobstore
 * stores them), so {@code photos/cat.jpg} is the file {@code photos/cat.jpg}. Every segment is refused when it is
 * empty (a leading, trailing or doubled {@code /}), {@code .} or {@code ..}, contains NUL or {@code \}, or is longer
 * than {@value #MAX_SEGMENT_BYTES} bytes in UTF-8; a whole object name may have at most {@value #MAX_NAME_BYTES}
 * bytes. The resolved path is checked to lie strictly inside the container's directory as well.
 */
final class BlobNames {
    /** The longest path segment, in UTF-8 bytes (the usual file name limit). */
    static final int MAX_SEGMENT_BYTES = 255;
    /** The longest object name, in UTF-8 bytes. */
    static final int MAX_NAME_BYTES = 1024;

    private BlobNames() {}

    /** A name the blobstore refuses, with the reason. */
    static final class InvalidName extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidName(String message) {
            super(message);
        }
    }

    /**
     * The directory of container {@code name} under {@code root}.
     *
     * @throws InvalidName for a name that is not one allowed segment
     */
    static Path containerDir(Path root, String name) {
        String why = segmentProblem(name);
        if (why == null && name.indexOf('/') >= 0) {
            why = "contains '/'";
        }
        if (why == null && name.startsWith(".")) {
            why = "starts with '.' (reserved for the host)";
        }
        if (why != null) {
            throw new InvalidName("invalid container name '" + printable(name) + "': " + why);
        }
        return inside(root, root.resolve(name), "container name '" + printable(name) + "'");
    }

    /**
     * The file of object {@code name} in the container directory {@code dir} (of container {@code container}).
     *
     * @throws InvalidName for a name that is refused
     */
    static Path objectFile(Path dir, String container, String name) {
        String why = name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES
                ? "longer than " + MAX_NAME_BYTES + " bytes" : null;
        if (why == null) {
            for (String segment : name.split("/", -1)) {
                why = segmentProblem(segment);
                if (why != null) {
                    why = segment.isEmpty() ? "has an empty path segment (a leading, trailing or doubled '/')"
                            : segment.equals(".") || segment.equals("..") ? "has a '" + segment + "' path segment"
                            : "has a path segment that " + why;
                    break;
                }
            }
        }
        String what = "object name '" + printable(name) + "' in container '" + container + "'";
        if (why != null) {
            throw new InvalidName("invalid " + what + ": " + why);
        }
        return inside(dir, dir.resolve(name), what);
    }

    /** The object name of {@code file} under container directory {@code dir} ({@code /}-separated). */
    static String objectName(Path dir, Path file) {
        Path rel = dir.relativize(file);
        StringBuilder b = new StringBuilder();
        for (Path p : rel) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(p);
        }
        return b.toString();
    }

    /** Why {@code s} is not an allowed path segment, or {@code null}. */
    private static String segmentProblem(String s) {
        if (s.isEmpty()) {
            return "is empty";
        }
        if (s.equals(".") || s.equals("..")) {
            return "is '" + s + "'";
        }
        if (s.indexOf('\0') >= 0) {
            return "contains NUL";
        }
        if (s.indexOf('\\') >= 0) {
            return "contains '\\'";
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            return "is longer than " + MAX_SEGMENT_BYTES + " bytes";
        }
        return null;
    }

    /** {@code p} if it lies strictly inside {@code dir} (defence in depth: the checks above already ensure it). */
    private static Path inside(Path dir, Path p, String what) {
        Path n = p.normalize();
        if (!n.startsWith(dir) || n.equals(dir)) {
            throw new InvalidName("invalid " + what + ": it does not name a path inside its directory");
        }
        return n;
    }

    /** {@code s} for an error message: control characters escaped, at most 200 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return s.codePointCount(0, s.length()) > 200 ? b + "…" : b.toString();
    }
}
