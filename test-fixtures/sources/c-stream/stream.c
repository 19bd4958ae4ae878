// WASI command for stream throughput: writes argv[1] KiB of 'x' to stdout in 64 KiB writes, then exits.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    static char buf[65536];
    long kib = argc > 1 ? atol(argv[1]) : 1024;
    memset(buf, 'x', sizeof buf);
    long left = kib * 1024;
    while (left > 0) {
        long n = left < (long) sizeof buf ? left : (long) sizeof buf;
        ssize_t w = write(1, buf, (size_t) n);
        if (w <= 0) return 1;
        left -= w;
    }
    return 0;
}
