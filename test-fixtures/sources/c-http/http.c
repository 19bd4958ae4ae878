// WASI command that makes an outgoing HTTP request through wasi:http 0.2.12 directly, with hand-written
// canonical-ABI glue for the imports it declares in wit/:
//   c-http <authority> <path> <denied-authority>
// requests http://<denied-authority>/ (expects HTTP-request-denied), then GETs http://<authority><path> and prints
// the status and the body it streams back, and exits 0.
// Layouts (checked against the canonical ABI): a result that flattens to more than one value is written by the
// host to a return area whose address is the last argument.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../c-common/cabi.h"
#define TYPES "wasi:http/types@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

IMPORT(TYPES, "[constructor]fields") extern int32_t fields_new(void);
IMPORT(TYPES, "[constructor]outgoing-request") extern int32_t request_new(int32_t headers);
// (self, option<string> as (case, ptr, len)) -> result (one i32: 0 ok, 1 err)
IMPORT(TYPES, "[method]outgoing-request.set-authority") extern int32_t set_authority(int32_t self, int32_t some,
    const char *ptr, size_t len);
IMPORT(TYPES, "[method]outgoing-request.set-path-with-query") extern int32_t set_path(int32_t self, int32_t some,
    const char *ptr, size_t len);
// (request, option<own<request-options>> as (case, handle), ret): result<own<future>, error-code>, align 8:
// u8 case @0, handle @8 or error-code case (u8) @8
IMPORT("wasi:http/outgoing-handler@0.2.12", "handle") extern void http_handle(int32_t request, int32_t opt_case,
    int32_t opt_handle, uint8_t *ret);
IMPORT(TYPES, "[method]future-incoming-response.subscribe") extern int32_t future_subscribe(int32_t self);
// option<result<result<own<incoming-response>, error-code>>>, align 8: option case @0, outer result case @8,
// inner result case @16, response handle (i32) or error-code case (u8) @24
IMPORT(TYPES, "[method]future-incoming-response.get") extern void future_get(int32_t self, uint8_t *ret);
IMPORT(TYPES, "[method]incoming-response.status") extern int32_t response_status(int32_t self);
// result<own<incoming-body>>: u8 case @0, handle @4
IMPORT(TYPES, "[method]incoming-response.consume") extern void response_consume(int32_t self, uint8_t *ret);
// result<own<input-stream>>: u8 case @0, handle @4
IMPORT(TYPES, "[method]incoming-body.stream") extern void body_stream(int32_t self, uint8_t *ret);
IMPORT(TYPES, "[resource-drop]future-incoming-response") extern void drop_future(int32_t self);
IMPORT(TYPES, "[resource-drop]incoming-response") extern void drop_response(int32_t self);
IMPORT(TYPES, "[resource-drop]incoming-body") extern void drop_body(int32_t self);
IMPORT("wasi:io/poll@0.2.12", "[method]pollable.block") extern void pollable_block(int32_t self);
IMPORT("wasi:io/poll@0.2.12", "[resource-drop]pollable") extern void drop_pollable(int32_t self);
IMPORT(STREAMS, "[resource-drop]input-stream") extern void drop_input_stream(int32_t self);

static _Alignas(8) uint8_t RET[56];

static const char *ERROR_CODES[] = {"DNS-timeout", "DNS-error", "destination-not-found",
    "destination-unavailable", "destination-IP-prohibited", "destination-IP-unroutable", "connection-refused",
    "connection-terminated", "connection-timeout", "connection-read-timeout", "connection-write-timeout",
    "connection-limit-reached", "TLS-protocol-error", "TLS-certificate-error", "TLS-alert-received",
    "HTTP-request-denied", "HTTP-request-length-required", "HTTP-request-body-size", "HTTP-request-method-invalid",
    "HTTP-request-URI-invalid", "HTTP-request-URI-too-long", "HTTP-request-header-section-size",
    "HTTP-request-header-size", "HTTP-request-trailer-section-size", "HTTP-request-trailer-size",
    "HTTP-response-incomplete", "HTTP-response-header-section-size", "HTTP-response-header-size",
    "HTTP-response-body-size", "HTTP-response-trailer-section-size", "HTTP-response-trailer-size",
    "HTTP-response-transfer-coding", "HTTP-response-content-coding", "HTTP-response-timeout",
    "HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error", "internal-error"};

static const char *code(uint8_t c) {
    return c < sizeof ERROR_CODES / sizeof *ERROR_CODES ? ERROR_CODES[c] : "?";
}

// Sends GET http://<authority><path>; returns the future, or -1 after printing the error.
static int32_t send(const char *authority, const char *path) {
    int32_t req = request_new(fields_new());
    set_authority(req, 1, authority, strlen(authority));
    set_path(req, 1, path, strlen(path));
    http_handle(req, 0, 0, RET);
    if (RET[0] != 0) {
        printf("request refused: %s\n", code(RET[8]));
        return -1;
    }
    return load_i32(RET + 8);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: c-http <authority> <path> <denied-authority>\n");
        return 2;
    }
    send(argv[3], "/");
    int32_t future = send(argv[1], argv[2]);
    if (future < 0) return 1;
    int32_t p = future_subscribe(future);
    pollable_block(p);
    drop_pollable(p);
    future_get(future, RET);
    if (RET[0] != 1 || RET[8] != 0) {
        printf("no response\n");
        return 1;
    }
    if (RET[16] != 0) {
        printf("request failed: %s\n", code(RET[24]));
        return 1;
    }
    int32_t response = load_i32(RET + 24);
    printf("status: %d\n", (int)response_status(response));
    response_consume(response, RET);
    int32_t body = load_i32(RET + 4);
    body_stream(body, RET);
    int32_t in = load_i32(RET + 4);
    printf("body: ");
    copy_to_stdout(in, RET);
    printf("\nend of body\n");
    drop_input_stream(in);
    drop_body(body);
    drop_response(response);
    drop_future(future);
    return 0;
}
