// WASI command exercising clocks, randomness and poll (through nanosleep). Prints one verdict per line, so its
// expected output is fixed although the values it looks at are not.
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long nanos(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void) {
    long long m1 = nanos(CLOCK_MONOTONIC);
    long long m2 = nanos(CLOCK_MONOTONIC);
    printf("monotonic does not go back: %d\n", m2 >= m1);
    struct timespec res;
    clock_getres(CLOCK_MONOTONIC, &res);
    printf("monotonic resolution > 0: %d\n", res.tv_sec > 0 || res.tv_nsec > 0);
    printf("realtime after 2024: %d\n", nanos(CLOCK_REALTIME) / 1000000000LL > 1704067200LL);
    unsigned char a[32], b[32];
    getentropy(a, sizeof a);
    getentropy(b, sizeof b);
    printf("random bytes differ: %d\n", memcmp(a, b, sizeof a) != 0);
    long long before = nanos(CLOCK_MONOTONIC);
    struct timespec nap = {0, 20 * 1000000};
    nanosleep(&nap, NULL);
    long long slept = nanos(CLOCK_MONOTONIC) - before;
    printf("slept at least 20 ms: %d\n", slept >= 20 * 1000000LL);
    return 0;
}
