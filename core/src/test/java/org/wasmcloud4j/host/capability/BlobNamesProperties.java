package org.wasmcloud4j.host.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Blobstore names map to paths strictly inside their directory, or are refused; accepted object names round-trip. */
class BlobNamesProperties {
    private static final Path ROOT = Path.of("/srv/blobs");
    private static final Path DIR = ROOT.resolve("c");

    /** Strings made of the characters that matter for paths, and any others. */
    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("/", ".", "..", "\\", "\0", "a", "b.txt", " ", "~", ":", "é", "\uD83D\uDE00", "%2F"),
                Arbitraries.strings().ofMaxLength(4));
        return pieces.list().ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 2000)
    void anAcceptedObjectNameIsAFileInsideItsContainerAndRoundTrips(@ForAll("names") String name) {
        Path file;
        try {
            file = BlobNames.objectFile(DIR, "c", name);
        } catch (BlobNames.InvalidName e) {
            assertThat(e.getMessage()).startsWith("invalid object name '").contains("in container 'c'");
            return;
        }
        assertThat(file.normalize()).isEqualTo(file);
        assertThat(file.startsWith(DIR)).isTrue();
        assertThat(file).isNotEqualTo(DIR);
        assertThat(BlobNames.objectName(DIR, file)).isEqualTo(name);
        for (String segment : name.split("/", -1)) {
            assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..").doesNotContain("\0", "\\");
        }
    }

    @Property(tries = 2000)
    void anAcceptedContainerNameIsOneDirectoryUnderTheRoot(@ForAll("names") String name) {
        Path dir;
        try {
            dir = BlobNames.containerDir(ROOT, name);
        } catch (BlobNames.InvalidName e) {
            assertThat(e.getMessage()).startsWith("invalid container name '");
            return;
        }
        assertThat(dir.getParent()).isEqualTo(ROOT);
        assertThat(dir.getFileName().toString()).isEqualTo(name).doesNotStartWith(".");
    }

    @Property
    void validSegmentsJoinedBySlashesAreAccepted(@ForAll("segments") java.util.List<String> segments) {
        String name = String.join("/", segments);
        assertThat(BlobNames.objectName(DIR, BlobNames.objectFile(DIR, "c", name))).isEqualTo(name);
    }

    @Provide
    Arbitrary<java.util.List<String>> segments() {
        return Arbitraries.strings().withCharRange('!', '~').withChars('é', ' ').ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\\') < 0)
                .list().ofMinSize(1).ofMaxSize(5);
    }

    @Example
    void escapesAndOverlongNamesAreRefused() {
        for (String bad : new String[] {"..", "../x", "a/../../x", "/etc/passwd", "a/", "a//b", "", "a\\..\\b",
                "nul\0", "x".repeat(256), ("y".repeat(200) + "/").repeat(6)}) {
            assertThatThrownBy(() -> BlobNames.objectFile(DIR, "c", bad)).as(bad)
                    .isInstanceOf(BlobNames.InvalidName.class);
        }
        for (String bad : new String[] {"..", ".", "", "a/b", ".staging", "a\\b", "\0"}) {
            assertThatThrownBy(() -> BlobNames.containerDir(ROOT, bad)).as(bad)
                    .isInstanceOf(BlobNames.InvalidName.class);
        }
        assertThat(BlobNames.printable("a\nb")).isEqualTo("a\\u000ab");
    }
}
