package org.wasmcloud4j.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's attacks and semantics through the operations the host functions call (the guest-side twin is
 * {@link WasiFilesystemSandboxGuestTest}).
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class WasiFilesystemSandboxTest {
    private static final Set<String> READ = Set.of("read");
    private static final Set<String> WRITE = Set.of("write");
    private static final Set<String> NONE = Set.of();
    private static final FileTime OUTSIDE_TIME = FileTime.fromMillis(1_500_000_000_000L);

    @TempDir
    Path tmp;
    Path data;
    Path ro;
    Path outside;
    Path outsideDir;
    WasiFilesystem fs;
    WasiFilesystem.Dir root;
    WasiFilesystem.Dir roRoot;

    @BeforeEach
    void layout() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        ro = Files.createDirectories(tmp.resolve("ro"));
        Files.writeString(ro.resolve("existing.txt"), "read only\n");
        outside = Files.writeString(tmp.resolve("outside.txt"), "secret\n");
        Files.setLastModifiedTime(outside, OUTSIDE_TIME);
        outsideDir = Files.createDirectories(tmp.resolve("outside-dir"));
        Files.writeString(outsideDir.resolve("secret.txt"), "OUTSIDE");
        fs = new WasiFilesystem(WasiConfig.builder().preopen(data, "/data", false, 1 << 20)
                .preopen(ro, "/ro", true).build());
        List<WasiFilesystem.Dir> pre = fs.preopens();
        root = pre.get(0);
        roRoot = pre.get(1);
    }

    private void outsideUnchanged() throws IOException {
        assertThat(Files.readString(outside)).isEqualTo("secret\n");
        assertThat(Files.getLastModifiedTime(outside)).isEqualTo(OUTSIDE_TIME);
        assertThat(names(outsideDir)).containsExactly("secret.txt");
        assertThat(Files.readString(outsideDir.resolve("secret.txt"))).isEqualTo("OUTSIDE");
        assertThat(names(tmp)).containsExactlyInAnyOrder("data", "ro", "outside.txt", "outside-dir");
        assertThat(names(ro)).containsExactly("existing.txt");
    }

    /** The error code {@code body} fails with, or {@code ok}. */
    private static String code(Runnable body) {
        try {
            body.run();
            return "ok";
        } catch (FsError e) {
            return e.code();
        }
    }

    private static Set<String> flags(String... f) {
        return Set.of(f);
    }

    private String readAll(WasiFilesystem.Descriptor d) {
        byte[][] out = new byte[1][];
        fs.read(d, 1000, 0, out);
        return new String(out[0], StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ issue 11: escapes

    @Test
    void aLinkTheGuestMakesLeadsNowhereOutside() throws IOException {
        fs.symlinkAt(root, "../outside.txt", "esc");
        fs.symlinkAt(root, "../outside-dir", "escdir");
        // without symlink-follow: loop, never a descriptor that the OS later follows
        assertThat(code(() -> fs.openAt(root, false, "esc", NONE, READ))).isEqualTo("loop");
        assertThat(code(() -> fs.openAt(root, false, "esc", NONE, WRITE))).isEqualTo("loop");
        assertThat(code(() -> fs.openAt(root, false, "esc", flags("create", "truncate"), WRITE))).isEqualTo("loop");
        assertThat(code(() -> fs.openAt(root, false, "escdir", flags("directory"), READ))).isEqualTo("loop");
        // following: the target is outside, so not-permitted
        assertThat(code(() -> fs.openAt(root, true, "esc", NONE, READ))).isEqualTo("not-permitted");
        assertThat(code(() -> fs.openAt(root, true, "esc", flags("create", "truncate"), WRITE)))
                .isEqualTo("not-permitted");
        assertThat(code(() -> fs.openAt(root, true, "escdir/secret.txt", NONE, READ))).isEqualTo("not-permitted");
        assertThat(code(() -> fs.createDirectoryAt(root, "escdir/sub"))).isEqualTo("not-permitted");
        assertThat(code(() -> fs.symlinkAt(root, "x", "escdir/l"))).isEqualTo("not-permitted");
        assertThat(code(() -> fs.unlinkFileAt(root, "escdir/secret.txt"))).isEqualTo("not-permitted");
        assertThat(code(() -> fs.renameAt(root, "escdir/secret.txt", root, "stolen"))).isEqualTo("not-permitted");
        assertThat(code(() -> fs.statAt(root, true, "esc"))).isEqualTo("not-permitted");
        FileTime t = FileTime.fromMillis(1_000_000_000L);
        assertThat(code(() -> fs.setTimesAt(root, true, "esc", t, t))).isEqualTo("not-permitted");
        // set-times-at without follow changes the link itself
        assertThat(code(() -> fs.setTimesAt(root, false, "esc", t, t))).isEqualTo("ok");
        assertThat(Files.getLastModifiedTime(data.resolve("esc"), LinkOption.NOFOLLOW_LINKS)).isEqualTo(t);
        assertThat(fs.readlinkAt(root, "esc")).isEqualTo("../outside.txt");
        outsideUnchanged();
    }

    @Test
    void aDescriptorKeepsWhatItOpenedWhateverHappensToItsPath() throws IOException {
        Files.createDirectories(data.resolve("d"));
        Files.writeString(data.resolve("d/f.txt"), "inside");
        WasiFilesystem.Descriptor dir = fs.openAt(root, false, "d", flags("directory"), READ);
        WasiFilesystem.Descriptor file = fs.openAt(root, false, "d/f.txt", NONE, flags("read", "write"));
        // the guest swaps d for a link leading out
        fs.renameAt(root, "d", root, "d.real");
        fs.symlinkAt(root, "../outside-dir", "d");
        assertThat(readAll(file)).isEqualTo("inside");
        fs.write(file, "changed".getBytes(StandardCharsets.UTF_8), 0);
        assertThat(readAll(fs.openAt(dir, false, "f.txt", NONE, READ))).isEqualTo("changed");
        assertThat(code(() -> fs.openAt(dir, false, "secret.txt", NONE, READ))).isEqualTo("no-entry");
        fs.createDirectoryAt(dir, "made-in-d");
        assertThat(Files.isDirectory(data.resolve("d.real/made-in-d"))).isTrue();
        outsideUnchanged();
    }

    @Test
    void hardLinksNeedWritableDirectoriesOnBothSides() throws IOException {
        assertThat(code(() -> fs.linkAt(roRoot, false, "existing.txt", root, "hard"))).isEqualTo("not-permitted");
        Files.writeString(data.resolve("x"), "x");
        assertThat(code(() -> fs.linkAt(root, false, "x", roRoot, "x"))).isEqualTo("not-permitted");
        assertThat(code(() -> fs.linkAt(root, true, "x", root, "y"))).isEqualTo("invalid");
        assertThat(code(() -> fs.linkAt(root, false, "x", root, "y"))).isEqualTo("ok");
        assertThat(Files.isSameFile(data.resolve("x"), data.resolve("y"))).isTrue();
        assertThat(Files.exists(data.resolve("hard"))).isFalse();
        outsideUnchanged();
    }

    @Test
    void lengthsAndOffsetsAt2To63AreErrorsAndTheSizeLimitHolds() throws IOException {
        Files.writeString(data.resolve("f"), "0123456789");
        WasiFilesystem.Descriptor f = fs.openAt(root, false, "f", NONE, flags("read", "write"));
        byte[][] out = new byte[1][];
        assertThat(code(() -> fs.read(f, 10, Long.MIN_VALUE, out))).isEqualTo("invalid");
        assertThat(code(() -> fs.read(f, 10, -1, out))).isEqualTo("invalid");
        assertThat(fs.read(f, -1, 0, out)).isTrue();   // length 2^64-1: capped, not an exception
        assertThat(out[0]).hasSize(10);
        assertThat(code(() -> fs.readViaStream(f, -1))).isEqualTo("invalid");
        assertThat(code(() -> fs.writeViaStream(f, Long.MIN_VALUE, false))).isEqualTo("file-too-large");
        assertThat(code(() -> fs.write(f, new byte[2], -1))).isEqualTo("file-too-large");
        assertThat(code(() -> fs.write(f, new byte[2], (1 << 20) - 1))).isEqualTo("file-too-large");
        assertThat(code(() -> fs.write(f, new byte[2], (1 << 20) - 2))).isEqualTo("ok");
        assertThat(code(() -> fs.setSize(f, Long.MIN_VALUE))).isEqualTo("file-too-large");
        assertThat(code(() -> fs.setSize(f, 1L << 40))).isEqualTo("file-too-large");
        assertThat(code(() -> fs.setSize(f, (1 << 20) + 1))).isEqualTo("file-too-large");
        assertThat(code(() -> fs.setSize(f, 1 << 20))).isEqualTo("ok");
        assertThat(Files.size(data.resolve("f"))).isEqualTo(1 << 20);
        OutputStream s = fs.writeViaStream(f, (1 << 20) - 1, false);
        assertThatThrownBy(() -> s.write(new byte[2], 0, 2)).isInstanceOf(FsError.AsIo.class)
                .satisfies(e -> assertThat(FsError.of((IOException) e).code()).isEqualTo("file-too-large"));
        OutputStream a = fs.writeViaStream(f, 0, true);
        assertThatThrownBy(() -> a.write(new byte[1], 0, 1)).isInstanceOf(FsError.AsIo.class);
    }

    @Test
    void theDefaultLimitIsOneGibibyte() throws IOException {
        WasiFilesystem dflt = new WasiFilesystem(WasiConfig.builder().preopen(data, ".", false).build());
        WasiFilesystem.Dir d = dflt.preopens().get(0);
        WasiFilesystem.Descriptor f = dflt.openAt(d, false, "big", flags("create"), WRITE);
        assertThat(code(() -> dflt.setSize(f, (1L << 30) + 1))).isEqualTo("file-too-large");
        assertThat(code(() -> dflt.setSize(f, 1L << 30))).isEqualTo("ok");
        assertThatThrownBy(() -> WasiConfig.builder().preopen(data, ".", false, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void streamsAndDroppedDescriptorsLeaveNothingOpen() throws IOException {
        Files.writeString(data.resolve("f"), "content");
        long before = WasiFilesystemSandboxGuestTest.openFiles();
        for (int i = 0; i < 2000; i++) {
            WasiFilesystem.Descriptor f = fs.openAt(root, false, "f", NONE, READ);
            InputSource in = fs.readViaStream(f, 0);
            assertThat(new String(in.read(100, true), StandardCharsets.UTF_8)).isEqualTo("content");
            in.dropped();
            f.close();
            WasiFilesystem.Listing l = fs.readDirectory(root);
            l.close();
        }
        assertThat(WasiFilesystemSandboxGuestTest.openFiles() - before).isLessThan(10);
    }

    // ------------------------------------------------------------------ issue 12: semantics

    @Test
    void danglingLinksLoopsAndDirectoryLinks() throws IOException {
        fs.symlinkAt(root, "nowhere", "dangling");
        fs.symlinkAt(root, "loop", "loop");
        fs.createDirectoryAt(root, "dir");
        fs.symlinkAt(root, "dir", "dirsym");
        assertThat(code(() -> fs.openAt(root, true, "dangling", NONE, READ))).isEqualTo("no-entry");
        assertThat(code(() -> fs.openAt(root, false, "dangling", NONE, READ))).isEqualTo("loop");
        assertThat(code(() -> fs.openAt(root, true, "loop", NONE, READ))).isEqualTo("loop");
        assertThat(code(() -> fs.openAt(root, false, "loop", NONE, READ))).isEqualTo("loop");
        assertThat(code(() -> fs.openAt(root, false, "dirsym", flags("directory"), READ))).isEqualTo("loop");
        assertThat(fs.openAt(root, true, "dirsym", flags("directory"), READ)).isInstanceOf(WasiFilesystem.Dir.class);
        // following a dangling link with create makes its target, inside
        fs.openAt(root, true, "dangling", flags("create"), WRITE);
        assertThat(Files.exists(data.resolve("nowhere"))).isTrue();
        assertThat(code(() -> fs.symlinkAt(root, "/etc/passwd", "abs"))).isEqualTo("not-permitted");
    }

    @Test
    void trailingSlashes() throws IOException {
        Files.writeString(data.resolve("file.txt"), "f");
        fs.createDirectoryAt(root, "dir/");
        assertThat(code(() -> fs.openAt(root, false, "file.txt/", NONE, READ))).isEqualTo("not-directory");
        assertThat(code(() -> fs.openAt(root, true, "file.txt/", NONE, READ))).isEqualTo("not-directory");
        assertThat(code(() -> fs.unlinkFileAt(root, "file.txt/"))).isEqualTo("not-directory");
        assertThat(code(() -> fs.linkAt(root, false, "file.txt/", root, "l"))).isEqualTo("not-directory");
        assertThat(code(() -> fs.linkAt(root, false, "file.txt", root, "l/"))).isEqualTo("no-entry");
        assertThat(code(() -> fs.symlinkAt(root, "x", "file.txt/"))).isEqualTo("not-directory");
        assertThat(code(() -> fs.symlinkAt(root, "x", "dir/"))).isEqualTo("exist");
        assertThat(code(() -> fs.symlinkAt(root, "x", "new/"))).isEqualTo("no-entry");
        assertThat(code(() -> fs.renameAt(root, "file.txt", root, "g/"))).isEqualTo("not-directory");
        assertThat(code(() -> fs.statAt(root, false, "file.txt/"))).isEqualTo("not-directory");
        assertThat(code(() -> fs.unlinkFileAt(root, "dir/"))).isEqualTo("is-directory");
        assertThat(fs.openAt(root, false, "dir/", NONE, READ)).isInstanceOf(WasiFilesystem.Dir.class);
        assertThat(code(() -> fs.removeDirectoryAt(root, "dir/"))).isEqualTo("ok");
        assertThat(Files.exists(data.resolve("file.txt"))).isTrue();
    }

    @Test
    void accessModesAndDescriptorFlags() throws IOException {
        Files.writeString(data.resolve("f"), "abc");
        WasiFilesystem.Descriptor w = fs.openAt(root, false, "f", NONE, flags("write", "file-integrity-sync"));
        byte[][] out = new byte[1][];
        assertThat(code(() -> fs.read(w, 1, 0, out))).isEqualTo("bad-descriptor");
        assertThat(code(() -> fs.readViaStream(w, 0))).isEqualTo("bad-descriptor");
        assertThat(WasiFilesystem.flags(w)).containsExactlyInAnyOrder("write", "file-integrity-sync");
        WasiFilesystem.Descriptor r = fs.openAt(root, false, "f", NONE, flags("read", "data-integrity-sync",
                "requested-write-sync"));
        assertThat(code(() -> fs.write(r, new byte[1], 0))).isEqualTo("bad-descriptor");
        assertThat(WasiFilesystem.flags(r)).containsExactlyInAnyOrder("read", "data-integrity-sync",
                "requested-write-sync");
        assertThat(WasiFilesystem.flags(root)).containsExactlyInAnyOrder("read", "mutate-directory");
        assertThat(WasiFilesystem.flags(roRoot)).containsExactly("read");
        WasiFilesystem.Descriptor roFile = fs.openAt(roRoot, false, "existing.txt", NONE, READ);
        assertThat(code(() -> fs.openAt(roRoot, false, "existing.txt", NONE, WRITE))).isEqualTo("not-permitted");
        assertThat(code(() -> fs.setTimes(roFile, null, FileTime.fromMillis(0)))).isEqualTo("not-permitted");
    }

    @Test
    void errorCodesAreThePreciseOnes() throws IOException {
        fs.createDirectoryAt(root, "dir");
        fs.createDirectoryAt(root, "dir2");
        Files.writeString(data.resolve("dir2/f"), "f");
        Files.writeString(data.resolve("file"), "f");
        assertThat(code(() -> fs.linkAt(root, false, "dir", root, "dirlink"))).isEqualTo("not-permitted");
        assertThat(code(() -> fs.renameAt(root, "dir", root, "dir2"))).isEqualTo("not-empty");
        assertThat(code(() -> fs.renameAt(root, "file", root, "dir"))).isEqualTo("is-directory");
        assertThat(code(() -> fs.renameAt(root, "dir", root, "file"))).isEqualTo("not-directory");
        assertThat(code(() -> fs.renameAt(root, "dir", root, "dir/inner"))).isEqualTo("invalid");
        assertThat(code(() -> fs.removeDirectoryAt(root, "dir2"))).isEqualTo("not-empty");
        assertThat(code(() -> fs.removeDirectoryAt(root, "file"))).isEqualTo("not-directory");
        assertThat(code(() -> fs.createDirectoryAt(root, "dir"))).isEqualTo("exist");
        assertThat(code(() -> fs.openAt(root, false, "file", flags("create", "exclusive"), WRITE))).isEqualTo("exist");
        assertThat(code(() -> fs.openAt(root, false, "dir", NONE, WRITE))).isEqualTo("is-directory");
        assertThat(code(() -> fs.openAt(root, false, "dir", flags("directory", "create"), READ)))
                .isEqualTo("invalid");
        assertThat(code(() -> fs.unlinkFileAt(root, "dir"))).isEqualTo("is-directory");
        assertThat(code(() -> fs.readlinkAt(root, "file"))).isEqualTo("invalid");
        assertThat(code(() -> fs.readDirectory(fs.openAt(root, false, "file", NONE, READ))))
                .isEqualTo("not-directory");
        assertThat(code(() -> fs.readViaStream(root, 0))).isEqualTo("is-directory");
        assertThat(code(() -> fs.openAt(root, false, "x".repeat(300), flags("create"), WRITE)))
                .isEqualTo("name-too-long");
        assertThat(code(() -> fs.removeDirectoryAt(root, "."))).isEqualTo("invalid");
    }

    @Test
    void symlinkTimesChangeTheLinkNotItsTarget() throws IOException {
        Files.writeString(data.resolve("target"), "t");
        FileTime targetTime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(data.resolve("target"), targetTime);
        fs.symlinkAt(root, "target", "link");
        FileTime t = FileTime.fromMillis(1_000_000_000L);
        fs.setTimesAt(root, false, "link", t, t);
        assertThat(Files.getLastModifiedTime(data.resolve("link"), LinkOption.NOFOLLOW_LINKS)).isEqualTo(t);
        assertThat(Files.getLastModifiedTime(data.resolve("target"))).isEqualTo(targetTime);
        fs.setTimesAt(root, true, "link", null, t);
        assertThat(Files.getLastModifiedTime(data.resolve("target"))).isEqualTo(t);
        assertThat(names(data)).containsExactlyInAnyOrder("link", "target");
    }

    @Test
    void stagingDirectoriesAreInvisible() throws IOException {
        Files.createDirectories(data.resolve(Sandbox.STAGING_PREFIX + "host-made"));
        Files.writeString(data.resolve("f"), "f");
        WasiFilesystem.Listing l = fs.readDirectory(root);
        List<String> seen = new java.util.ArrayList<>();
        for (String[] e = l.next(); e != null; e = l.next()) {
            seen.add(e[1] + ":" + e[0]);
        }
        l.close();
        assertThat(seen).containsExactly("f:regular-file");
        assertThat(code(() -> fs.openAt(root, false, Sandbox.STAGING_PREFIX + "host-made", NONE, READ)))
                .isEqualTo("no-entry");
    }

    @Test
    void osErrorTextsMapToTheirCodes() {
        assertThat(FsError.of(new java.nio.file.FileSystemException("f", null, "Directory not empty")).code())
                .isEqualTo("not-empty");
        assertThat(FsError.of(new java.nio.file.FileSystemException("f", null,
                "Too many levels of symbolic links or unable to access attributes of symbolic link")).code())
                .isEqualTo("loop");
        assertThat(FsError.of(new IOException("Is a directory")).code()).isEqualTo("is-directory");
        assertThat(FsError.of(new IOException("No space left on device")).code()).isEqualTo("insufficient-space");
        assertThat(FsError.of(new java.nio.file.FileSystemException("f", null, "Too many open files")).code())
                .isEqualTo("io");
        assertThat(FsError.of(new java.nio.channels.ClosedChannelException()).code()).isEqualTo("bad-descriptor");
    }

    // ------------------------------------------------------------------ issue 11: the race

    /**
     * One thread keeps swapping directory {@code d} (holding {@code secret.txt} = "inside") for a link to the outside
     * directory and back, through the guest's own {@code rename-at}; another resolves paths through {@code d} 100 000
     * times (open and read, open with create and write, create directory, symbolic link, stat). None may reach
     * outside.
     */
    @Test
    void aConcurrentRenameNeverRedirectsAnOperationOutside() throws Exception {
        fs.createDirectoryAt(root, "d");
        Files.writeString(data.resolve("d/secret.txt"), "inside");
        fs.symlinkAt(root, "../outside-dir", "swap");
        WasiFilesystem.Dir attackerRoot = fs.preopens().get(0);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong swaps = new java.util.concurrent.atomic.AtomicLong();
        Thread attacker = new Thread(() -> {
            while (!stop.get()) {
                code(() -> fs.renameAt(attackerRoot, "d", attackerRoot, "d.real"));
                code(() -> fs.renameAt(attackerRoot, "swap", attackerRoot, "d"));
                code(() -> fs.renameAt(attackerRoot, "d", attackerRoot, "swap"));
                code(() -> fs.renameAt(attackerRoot, "d.real", attackerRoot, "d"));
                swaps.incrementAndGet();
            }
        }, "fs-race-attacker");
        attacker.start();
        int escapes = 0;
        int inside = 0;
        int refused = 0;
        try {
            for (int i = 0; i < 100_000; i++) {
                String c;
                switch (i % 5) {
                    case 0 -> {
                        try {
                            WasiFilesystem.Descriptor f = fs.openAt(root, true, "d/secret.txt", NONE, READ);
                            String s = readAll(f);
                            f.close();
                            if (s.equals("OUTSIDE")) {
                                escapes++;
                            }
                            c = "ok";
                        } catch (FsError e) {
                            c = e.code();
                        }
                    }
                    case 1 -> c = code(() -> fs.openAt(root, false, "d/w.txt", flags("create"), WRITE).close());
                    case 2 -> c = code(() -> {
                        fs.createDirectoryAt(root, "d/m");
                        code(() -> fs.removeDirectoryAt(root, "d/m"));
                    });
                    case 3 -> c = code(() -> {
                        fs.symlinkAt(root, "x", "d/l");
                        code(() -> fs.unlinkFileAt(root, "d/l"));
                    });
                    default -> c = code(() -> fs.statAt(root, false, "d/secret.txt"));
                }
                if (c.equals("ok")) {
                    inside++;
                } else {
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            attacker.join();
        }
        assertThat(escapes).isZero();
        // the race was real: both outcomes happened many times
        assertThat(inside).isGreaterThan(1000);
        assertThat(refused).isGreaterThan(1000);
        assertThat(swaps.get()).isGreaterThan(100);
        outsideUnchanged();
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
