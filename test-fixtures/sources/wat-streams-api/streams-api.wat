;; Hand-written component for the u64 lengths of wasi:io/streams 0.2.12. It imports the stream functions that take
;; a length (read, blocking-read, skip, blocking-skip, splice, blocking-splice, write-zeroes,
;; blocking-write-zeroes-and-flush) with check-write and blocking-flush, and the stdin/stdout getters, and
;; re-exports the instances unchanged as "streams", "stdin" and "stdout", so a test calls the host's functions with
;; any u64. It also exports copy: func() -> u64, which copies stdin to stdout as Rust's io::copy does on WASI:
;; blocking-splice with len = u64::MAX until the input is closed; it returns the bytes moved (and traps on any
;; other stream error).
(component $c
  (import "wasi:io/error@0.2.12" (instance $ioerr (export "error" (type (sub resource)))))
  (alias export $ioerr "error" (type $io-error))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (alias outer $c $io-error (type $e))
    (export "error" (type $error (eq $e)))
    (export "input-stream" (type $is (sub resource)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $error)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $se)))
    (export "[method]input-stream.read"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result (list u8) (error $stream-error)))))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result (list u8) (error $stream-error)))))
    (export "[method]input-stream.skip"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result u64 (error $stream-error)))))
    (export "[method]input-stream.blocking-skip"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result u64 (error $stream-error)))))
    (export "[method]output-stream.check-write"
      (func (param "self" (borrow $os)) (result (result u64 (error $stream-error)))))
    (export "[method]output-stream.write-zeroes"
      (func (param "self" (borrow $os)) (param "len" u64) (result (result (error $stream-error)))))
    (export "[method]output-stream.blocking-write-zeroes-and-flush"
      (func (param "self" (borrow $os)) (param "len" u64) (result (result (error $stream-error)))))
    (export "[method]output-stream.blocking-flush"
      (func (param "self" (borrow $os)) (result (result (error $stream-error)))))
    (export "[method]output-stream.splice"
      (func (param "self" (borrow $os)) (param "src" (borrow $is)) (param "len" u64)
        (result (result u64 (error $stream-error)))))
    (export "[method]output-stream.blocking-splice"
      (func (param "self" (borrow $os)) (param "src" (borrow $is)) (param "len" u64)
        (result (result u64 (error $stream-error)))))))
  (alias export $streams "input-stream" (type $input-stream))
  (alias export $streams "output-stream" (type $output-stream))
  (alias export $streams "[method]output-stream.blocking-splice" (func $blocking-splice))
  (import "wasi:cli/stdin@0.2.12" (instance $stdin
    (alias outer $c $input-stream (type $is))
    (export "input-stream" (type $is2 (eq $is)))
    (export "get-stdin" (func (result (own $is2))))))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (alias outer $c $output-stream (type $os))
    (export "output-stream" (type $os2 (eq $os)))
    (export "get-stdout" (func (result (own $os2))))))
  (alias export $stdin "get-stdin" (func $get-stdin))
  (alias export $stdout "get-stdout" (func $get-stdout))

  (core module $Mem (memory (export "memory") 1))
  (core instance $memi (instantiate $Mem))
  (alias core export $memi "memory" (core memory $mem))
  (core func $get-stdin-core (canon lower (func $get-stdin)))
  (core func $get-stdout-core (canon lower (func $get-stdout)))
  (core func $splice-core (canon lower (func $blocking-splice) (memory $mem)))
  (core func $drop-in (canon resource.drop $input-stream))
  (core func $drop-out (canon resource.drop $output-stream))
  (core instance $io
    (export "get-stdin" (func $get-stdin-core))
    (export "get-stdout" (func $get-stdout-core))
    (export "blocking-splice" (func $splice-core))
    (export "drop-in" (func $drop-in))
    (export "drop-out" (func $drop-out)))
  (core module $Main
    (import "io" "get-stdin" (func $get-stdin (result i32)))
    (import "io" "get-stdout" (func $get-stdout (result i32)))
    (import "io" "blocking-splice" (func $splice (param i32 i32 i64 i32)))
    (import "io" "drop-in" (func $drop-in (param i32)))
    (import "io" "drop-out" (func $drop-out (param i32)))
    (import "mem" "memory" (memory 1))
    ;; result<u64, stream-error> at 64: case byte at 64, u64 at 72 | stream-error case at 72
    (func (export "copy") (result i64)
      (local $in i32) (local $out i32) (local $total i64)
      (local.set $in (call $get-stdin))
      (local.set $out (call $get-stdout))
      (block $done
        (loop $more
          (call $splice (local.get $out) (local.get $in) (i64.const -1) (i32.const 64))
          (if (i32.eqz (i32.load8_u (i32.const 64)))
            (then
              (local.set $total (i64.add (local.get $total) (i64.load (i32.const 72))))
              (br $more)))
          ;; closed (case 1) ends the copy; last-operation-failed is a trap
          (br_if $done (i32.eq (i32.load8_u (i32.const 72)) (i32.const 1)))
          (unreachable)))
      (call $drop-in (local.get $in))
      (call $drop-out (local.get $out))
      (local.get $total)))
  (core instance $main (instantiate $Main (with "io" (instance $io)) (with "mem" (instance $memi))))
  (func $copy (result u64) (canon lift (core func $main "copy")))
  (export "copy" (func $copy))
  (export "streams" (instance $streams))
  (export "stdin" (instance $stdin))
  (export "stdout" (instance $stdout))
)
