// Shared canonical-ABI glue for the C fixtures that call WASI 0.2 interfaces directly (c-net, c-http):
// import/export attributes, the allocator the host uses to hand results to the guest, and little-endian loads
// from the return area the host fills.
#ifndef WASMCLOUD4J_CABI_H
#define WASMCLOUD4J_CABI_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

// the host allocates results (lists, strings) with this
EXPORT("cabi_realloc")
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size) {
    (void)old_size; (void)align;
    void *r = realloc(ptr, new_size ? new_size : 1);
    if (!r) abort();
    return r;
}

static int32_t load_i32(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return v;
}

// result<list<u8>, stream-error>: u8 case @0, list (ptr @4, len @8) or stream-error (u8 case @4, own<error> @8)
IMPORT("wasi:io/streams@0.2.12", "[method]input-stream.blocking-read")
extern void blocking_read(int32_t self, int64_t len, uint8_t *ret);
IMPORT("wasi:io/error@0.2.12", "[resource-drop]error") extern void drop_error(int32_t self);

// Copies an input stream to stdout until it is closed (or fails); ret is a return area of at least 12 bytes.
static void copy_to_stdout(int32_t in, uint8_t *ret) {
    for (;;) {
        blocking_read(in, 4096, ret);
        if (ret[0] != 0) {
            if (ret[4] == 0) drop_error(load_i32(ret + 8));
            return;
        }
        uint8_t *data = (uint8_t *)(intptr_t)load_i32(ret + 4);
        fwrite(data, 1, (size_t)load_i32(ret + 8), stdout);
        free(data);
    }
}

#endif
