// WASI command attacking the filesystem sandbox and checking wasmtime's filesystem semantics. The host preopens a
// writable directory as /data (empty) and a read-only one as /ro (containing existing.txt = "read only\n"); next to
// them, outside both, lie outside.txt ("secret\n") and the directory outside-dir/. Every check prints one line,
// "<check>: <errno name or ok>"; the host compares the lines and checks that nothing outside changed.
// With the argument "leak N" it instead opens, reads and closes /ro/existing.txt N times (read-via-stream); with
// "hoard N" it opens /ro/existing.txt up to N times without closing and reports where the host said no.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static const char *name_of(int e) {
    switch (e) {
        case EPERM: return "EPERM";
        case ENOENT: return "ENOENT";
        case EBADF: return "EBADF";
        case EACCES: return "EACCES";
        case EEXIST: return "EEXIST";
        case ENOTDIR: return "ENOTDIR";
        case EISDIR: return "EISDIR";
        case EINVAL: return "EINVAL";
        case EFBIG: return "EFBIG";
        case ELOOP: return "ELOOP";
        case ENOTEMPTY: return "ENOTEMPTY";
        case EIO: return "EIO";
        case EXDEV: return "EXDEV";
        case ENOTSUP: return "ENOTSUP";
        case ENOMEM: return "ENOMEM";
        default: return "other";
    }
}

static void check(const char *what, int ok) {
    printf("%s: %s\n", what, ok ? "ok" : name_of(errno));
}

static void wasi(const char *what, __wasi_errno_t e) {
    errno = e;
    check(what, e == 0);
}

/* open, close at once; the verdict is the open's */
static void try_open(const char *what, const char *path, int flags) {
    int fd = open(path, flags, 0644);
    check(what, fd >= 0);
    if (fd >= 0) close(fd);
}

static void write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t) strlen(text)) {
        printf("setup %s failed: %s\n", path, name_of(errno));
        exit(2);
    }
    close(fd);
}

static int leak(int n) {
    char buf[64];
    for (int i = 0; i < n; i++) {
        FILE *f = fopen("/ro/existing.txt", "r");
        if (!f || fread(buf, 1, sizeof buf, f) == 0) {
            printf("leak round %d: %s\n", i, name_of(errno));
            return 1;
        }
        fclose(f);
    }
    printf("leak: %d rounds\n", n);
    return 0;
}

static int hoard(int n) {
    for (int i = 0; i < n; i++) {
        if (open("/ro/existing.txt", O_RDONLY) < 0) {
            printf("hoard: %d opened, then %s\n", i, name_of(errno));
            return 0;
        }
    }
    printf("hoard: all %d opened\n", n);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "leak") == 0) {
        return leak(atoi(argv[2]));
    }
    if (argc == 3 && strcmp(argv[1], "hoard") == 0) {
        return hoard(atoi(argv[2]));
    }
    char buf[64];
    struct stat st;

    // --- escapes through a link the guest makes itself (issue 11)
    check("symlink esc -> ../outside.txt", symlink("../outside.txt", "/data/esc") == 0);
    check("symlink escdir -> ../outside-dir", symlink("../outside-dir", "/data/escdir") == 0);
    try_open("open esc nofollow read", "/data/esc", O_RDONLY | O_NOFOLLOW);
    try_open("open esc nofollow write", "/data/esc", O_WRONLY | O_NOFOLLOW);
    try_open("open esc nofollow create+truncate", "/data/esc", O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW);
    try_open("open esc follow read", "/data/esc", O_RDONLY);
    try_open("open esc follow create+truncate", "/data/esc", O_WRONLY | O_CREAT | O_TRUNC);
    try_open("open escdir nofollow directory", "/data/escdir", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    try_open("open escdir/secret.txt", "/data/escdir/secret.txt", O_RDONLY);
    try_open("create escdir/new.txt", "/data/escdir/new.txt", O_WRONLY | O_CREAT);
    check("opendir escdir", opendir("/data/escdir") != NULL);
    check("mkdir escdir/sub", mkdir("/data/escdir/sub", 0755) == 0);
    check("symlink escdir/l", symlink("x", "/data/escdir/l") == 0);
    struct timespec times[2] = {{.tv_sec = 1000000, .tv_nsec = 0}, {.tv_sec = 1000000, .tv_nsec = 0}};
    check("set-times esc follow", utimensat(AT_FDCWD, "/data/esc", times, 0) == 0);
    check("set-times esc nofollow", utimensat(AT_FDCWD, "/data/esc", times, AT_SYMLINK_NOFOLLOW) == 0);
    check("lstat esc", lstat("/data/esc", &st) == 0);
    printf("esc is a link: %d, mtime %lld\n", S_ISLNK(st.st_mode), (long long) st.st_mtim.tv_sec);
    check("readlink esc", readlink("/data/esc", buf, sizeof buf) == 14);
    check("stat esc (follow)", stat("/data/esc", &st) == 0);

    // --- hard links (issue 11: rights on both directories)
    check("link /ro/existing.txt -> /data/hard", link("/ro/existing.txt", "/data/hard") == 0);
    try_open("open /data/hard for writing", "/data/hard", O_WRONLY);
    check("link /data/x -> /ro/x", (write_file("/data/x", "x\n"), link("/data/x", "/ro/x")) == 0);
    check("mkdir /data/dir", mkdir("/data/dir", 0755) == 0);
    check("link to a directory", link("/data/dir", "/data/dirlink") == 0);

    // --- symbolic-link semantics (issue 12)
    check("symlink dangling -> nowhere", symlink("nowhere", "/data/dangling") == 0);
    try_open("open dangling", "/data/dangling", O_RDONLY);
    check("symlink loop -> loop", symlink("loop", "/data/loop") == 0);
    try_open("open loop", "/data/loop", O_RDONLY);
    try_open("open loop nofollow", "/data/loop", O_RDONLY | O_NOFOLLOW);
    check("symlink dirlink -> dir", symlink("dir", "/data/dirsym") == 0);
    try_open("open dir symlink as directory nofollow", "/data/dirsym", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    try_open("open dir symlink as directory follow", "/data/dirsym", O_RDONLY | O_DIRECTORY);
    check("symlink absolute", symlink("/etc/passwd", "/data/abs") == 0);

    // --- trailing slashes (issue 12)
    write_file("/data/file.txt", "file\n");
    try_open("open file.txt/", "/data/file.txt/", O_RDONLY);
    check("unlink file.txt/", unlink("/data/file.txt/") == 0);
    check("link file.txt -> newlink/", link("/data/file.txt", "/data/newlink/") == 0);
    check("link file.txt/ -> newlink", link("/data/file.txt/", "/data/newlink") == 0);
    check("symlink x -> file.txt/", symlink("x", "/data/file.txt/") == 0);
    check("symlink x -> newsym/", symlink("x", "/data/newsym/") == 0);
    check("unlink dir/", unlink("/data/dir/") == 0);
    check("rmdir file.txt", rmdir("/data/file.txt") == 0);
    check("rename file.txt -> file2/", rename("/data/file.txt", "/data/file2/") == 0);
    try_open("open dir/", "/data/dir/", O_RDONLY);

    // --- access modes and flags (issue 12)
    int fd = open("/data/file.txt", O_WRONLY);
    errno = 0;
    check("read a write-only descriptor", read(fd, buf, 4) >= 0);
    close(fd);
    fd = open("/data/file.txt", O_RDONLY);
    check("write a read-only descriptor", write(fd, "x", 1) >= 0);
    close(fd);
    fd = open("/data/file.txt", O_WRONLY | O_SYNC);
    int fl = fcntl(fd, F_GETFL);
    printf("flags of an O_SYNC descriptor: sync=%d write=%d\n", (fl & O_SYNC) == O_SYNC, (fl & O_ACCMODE) == O_WRONLY);
    close(fd);
    fd = open("/data/file.txt", O_RDWR | O_DSYNC);
    fl = fcntl(fd, F_GETFL);
    printf("flags of an O_DSYNC descriptor: dsync=%d rdwr=%d\n", (fl & O_DSYNC) == O_DSYNC, (fl & O_ACCMODE) == O_RDWR);
    close(fd);

    // --- error codes (issue 12)
    check("mkdir dir/a", mkdir("/data/dir/a", 0755) == 0);
    check("mkdir dir2", mkdir("/data/dir2", 0755) == 0);
    write_file("/data/dir2/f", "f\n");
    check("rename dir onto non-empty dir2", rename("/data/dir", "/data/dir2") == 0);
    check("rename file onto dir", rename("/data/file.txt", "/data/dir") == 0);
    check("rename dir onto file", rename("/data/dir", "/data/file.txt") == 0);
    check("rmdir non-empty", rmdir("/data/dir2") == 0);
    check("mkdir existing", mkdir("/data/dir", 0755) == 0);
    try_open("create exclusive existing", "/data/file.txt", O_WRONLY | O_CREAT | O_EXCL);
    try_open("open missing", "/data/missing", O_RDONLY);
    try_open("open a directory for writing", "/data/dir", O_WRONLY);
    check("unlink a directory", unlink("/data/dir") == 0);

    // --- u64 lengths and offsets at and above 2^63; the size limit (issue 11)
    fd = open("/data/file.txt", O_RDWR);
    __wasi_size_t n = 0;
    __wasi_iovec_t iov = {.buf = (uint8_t *) buf, .buf_len = sizeof buf};
    __wasi_ciovec_t ciov = {.buf = (const uint8_t *) "zz", .buf_len = 2};
    wasi("pread at 2^63", __wasi_fd_pread(fd, &iov, 1, 1ULL << 63, &n));
    wasi("pread at 2^64-1", __wasi_fd_pread(fd, &iov, 1, ~0ULL, &n));
    wasi("pwrite at 2^63", __wasi_fd_pwrite(fd, &ciov, 1, 1ULL << 63, &n));
    wasi("pwrite at 2^40", __wasi_fd_pwrite(fd, &ciov, 1, 1ULL << 40, &n));
    wasi("set-size 2^63", __wasi_fd_filestat_set_size(fd, 1ULL << 63));
    wasi("set-size 1 TiB", __wasi_fd_filestat_set_size(fd, 1ULL << 40));
    wasi("set-size 4 KiB", __wasi_fd_filestat_set_size(fd, 4096));
    check("fstat", fstat(fd, &st) == 0);
    printf("size after set-size: %lld\n", (long long) st.st_size);
    close(fd);

    // --- the read-only preopen still reads
    FILE *f = fopen("/ro/existing.txt", "r");
    size_t got = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) fclose(f);
    buf[got] = 0;
    printf("read-only read %zu bytes: %s", got, buf);
    return 0;
}
