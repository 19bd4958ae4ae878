// WASI command exercising the filesystem and its sandbox. The host preopens a writable directory as /data and a
// read-only one as /ro (containing existing.txt = "read only\n"); /data holds a symbolic link "link-out" that points
// outside it (absolute) and "link-up" = "../.." (relative, leading out). Every step prints one line.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, int ok) {
    if (ok) {
        printf("%s: ok\n", what);
    } else {
        printf("%s: %s\n", what, strerror(errno));
    }
}

static void try_open(const char *what, const char *path, int flags) {
    int fd = open(path, flags, 0644);
    show(what, fd >= 0);
    if (fd >= 0) close(fd);
}

int main(void) {
    char buf[128];
    struct stat st;
    show("mkdir /data/sub", mkdir("/data/sub", 0755) == 0);
    FILE *f = fopen("/data/sub/hello.txt", "w");
    show("create hello.txt", f != NULL);
    if (!f) return 1;
    fputs("hello, file\n", f);
    fclose(f);
    f = fopen("/data/sub/hello.txt", "a");
    fputs("appended\n", f);
    fclose(f);
    f = fopen("/data/sub/hello.txt", "r");
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    printf("read %zu bytes: %s", n, buf);
    show("stat hello.txt", stat("/data/sub/hello.txt", &st) == 0);
    printf("size=%lld regular=%d dir=%d\n", (long long) st.st_size, S_ISREG(st.st_mode), S_ISDIR(st.st_mode));
    show("rename to renamed.txt", rename("/data/sub/hello.txt", "/data/sub/renamed.txt") == 0);
    show("stat old name", stat("/data/sub/hello.txt", &st) == 0);
    DIR *d = opendir("/data/sub");
    int count = 0;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            printf("entry %s\n", e->d_name);
            count++;
        }
    }
    if (d) closedir(d);
    printf("entries=%d\n", count);
    try_open("open /data/../outside", "/data/../outside.txt", O_RDONLY);
    try_open("open sub/../../outside", "/data/sub/../../outside.txt", O_RDONLY);
    try_open("open through absolute link", "/data/link-out/hosts", O_RDONLY);
    try_open("open through link-up", "/data/link-up/etc/hosts", O_RDONLY);
    try_open("create in read-only dir", "/ro/new.txt", O_WRONLY | O_CREAT);
    try_open("write existing read-only", "/ro/existing.txt", O_WRONLY);
    f = fopen("/ro/existing.txt", "r");
    n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) fclose(f);
    buf[n] = 0;
    printf("read-only read %zu bytes: %s", n, buf);
    show("unlink renamed.txt", unlink("/data/sub/renamed.txt") == 0);
    show("rmdir sub", rmdir("/data/sub") == 0);
    show("stat removed dir", stat("/data/sub", &st) == 0);
    return 0;
}
