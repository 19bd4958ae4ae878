// WASI command that talks TCP through wasi:sockets 0.2.12 directly (Debian's wasi-libc is preview1 and has no
// sockets), with hand-written canonical-ABI glue for the imports it declares in wit/:
//   c-net <port> <denied-port>
// connects to 127.0.0.1:<denied-port> (expects access-denied), then to 127.0.0.1:<port>, sends a line, shuts
// its sending side down, prints everything it reads until the peer closes, and exits 0.
// Flattening (MAX_FLAT_PARAMS 16, MAX_FLAT_RESULTS 1): a result that flattens to more than one value is written
// by the host to a return area whose address is the last argument; layouts are noted at each import.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../c-common/cabi.h"

#define NET "wasi:sockets/network@0.2.12"
#define TCP "wasi:sockets/tcp@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

IMPORT("wasi:sockets/instance-network@0.2.12", "instance-network") extern int32_t instance_network(void);
// result<own<tcp-socket>, error-code>: u8 case @0, handle (i32) or error (u8) @4
IMPORT("wasi:sockets/tcp-create-socket@0.2.12", "create-tcp-socket") extern void create_tcp_socket(int32_t family, uint8_t *ret);
// (self, network, ip-socket-address flattened to 12 i32: case + 11 payload slots, ret); result<_, error-code>:
// u8 case @0, error @1
IMPORT(TCP, "[method]tcp-socket.start-connect") extern void start_connect(int32_t self, int32_t net,
    int32_t addr_case, int32_t p0, int32_t p1, int32_t p2, int32_t p3, int32_t p4, int32_t p5, int32_t p6,
    int32_t p7, int32_t p8, int32_t p9, int32_t p10, uint8_t *ret);
// result<tuple<own<input-stream>, own<output-stream>>, error-code>: u8 case @0, handles @4 and @8, error @4
IMPORT(TCP, "[method]tcp-socket.finish-connect") extern void finish_connect(int32_t self, uint8_t *ret);
IMPORT(TCP, "[method]tcp-socket.subscribe") extern int32_t tcp_subscribe(int32_t self);
IMPORT(TCP, "[method]tcp-socket.shutdown") extern void tcp_shutdown(int32_t self, int32_t how, uint8_t *ret);
IMPORT(TCP, "[resource-drop]tcp-socket") extern void drop_tcp_socket(int32_t self);
IMPORT(NET, "[resource-drop]network") extern void drop_network(int32_t self);
IMPORT("wasi:io/poll@0.2.12", "[method]pollable.block") extern void pollable_block(int32_t self);
IMPORT("wasi:io/poll@0.2.12", "[resource-drop]pollable") extern void drop_pollable(int32_t self);
// result<_, stream-error>: u8 case @0, stream-error @4 (u8 case @4, own<error> @8)
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush") extern void write_and_flush(int32_t self,
    const uint8_t *ptr, size_t len, uint8_t *ret);
IMPORT(STREAMS, "[resource-drop]input-stream") extern void drop_input_stream(int32_t self);
IMPORT(STREAMS, "[resource-drop]output-stream") extern void drop_output_stream(int32_t self);

static _Alignas(8) uint8_t RET[16];

static const char *ERROR_CODES[] = {"unknown", "access-denied", "not-supported", "invalid-argument",
    "out-of-memory", "timeout", "concurrency-conflict", "not-in-progress", "would-block", "invalid-state",
    "new-socket-limit", "address-not-bindable", "address-in-use", "remote-unreachable", "connection-refused",
    "connection-reset", "connection-aborted", "datagram-too-large", "name-unresolvable",
    "temporary-resolver-failure", "permanent-resolver-failure"};

static const char *code(uint8_t c) {
    return c < sizeof ERROR_CODES / sizeof *ERROR_CODES ? ERROR_CODES[c] : "?";
}

// Connects to 127.0.0.1:port; on success stores the socket and its streams and returns NULL, else the error code.
static const char *connect_loopback(int32_t net, int port, int32_t *sock, int32_t *in, int32_t *out) {
    create_tcp_socket(0 /* ipv4 */, RET);
    if (RET[0] != 0) return code(RET[4]);
    *sock = load_i32(RET + 4);
    start_connect(*sock, net, 0 /* ipv4 */, port, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, RET);
    if (RET[0] != 0) {
        drop_tcp_socket(*sock);
        return code(RET[1]);
    }
    int32_t p = tcp_subscribe(*sock);
    pollable_block(p);
    drop_pollable(p);
    finish_connect(*sock, RET);
    if (RET[0] != 0) {
        drop_tcp_socket(*sock);
        return code(RET[4]);
    }
    *in = load_i32(RET + 4);
    *out = load_i32(RET + 8);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: c-net <port> <denied-port>\n");
        return 2;
    }
    int32_t net = instance_network();
    int32_t sock, in, out;
    const char *err = connect_loopback(net, atoi(argv[2]), &sock, &in, &out);
    printf("denied port: %s\n", err ? err : "connected (unexpected)");
    err = connect_loopback(net, atoi(argv[1]), &sock, &in, &out);
    if (err) {
        printf("connect failed: %s\n", err);
        return 1;
    }
    printf("connected\n");
    static const char line[] = "hello from C\n";
    write_and_flush(out, (const uint8_t *)line, strlen(line), RET);
    if (RET[0] != 0) {
        printf("write failed\n");
        return 1;
    }
    printf("sent %zu bytes\n", strlen(line));
    tcp_shutdown(sock, 1 /* send */, RET);
    printf("shutdown send: %s\n", RET[0] == 0 ? "ok" : code(RET[1]));
    printf("received: ");
    copy_to_stdout(in, RET);
    printf("closed\n");
    drop_input_stream(in);
    drop_output_stream(out);
    drop_tcp_socket(sock);
    drop_network(net);
    return 0;
}
