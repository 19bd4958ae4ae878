// Shared canonical-ABI glue for the C fixtures that call WASI 0.2 interfaces directly (c-net, c-http):
// import/export attributes, the allocator the host uses to hand results to the guest, and little-endian loads
// from the return area the host fills.
#ifndef WASMCLOUD4J_CABI_H
#define WASMCLOUD4J_CABI_H

#include <stdint.h>
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

#endif
