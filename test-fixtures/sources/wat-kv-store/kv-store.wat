;; Hand-written component that exports the part of wasi:keyvalue 0.2.0-draft that js-counter imports, so a link
;; whose target it is replaces the host's built-in store for the linking component:
;;   export wasi:keyvalue/store@0.2.0-draft {
;;     variant error { no-such-store, access-denied, other(string) }
;;     resource bucket { get: func(key: string) -> result<option<list<u8>>, error>; }
;;     open: func(identifier: string) -> result<bucket, error>;
;;   }
;;   export wasi:keyvalue/atomics@0.2.0-draft {
;;     use store.{bucket, error};
;;     increment: func(bucket: borrow<bucket>, key: string, delta: u64) -> result<u64, error>;
;;   }
;; Its store is recognisably not the host's: every bucket of an instance shares one number that starts at 1000, so
;; increment returns 1000 + the deltas added so far in this instance (whatever the key); get finds nothing; open
;; refuses the identifier "" with no-such-store.
(component $kv
  (core module $Mem
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "memory" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))
  (type $bucket (resource (rep i32)))
  (core func $new (canon resource.new $bucket))
  (core instance $res (export "new" (func $new)))
  (core module $Main
    (import "mem" "memory" (memory 1))
    (import "res" "new" (func $new (param i32) (result i32)))
    (global $total (mut i64) (i64.const 1000))
    ;; result<own<bucket>, error> at 16: case byte, then the handle (ok) or the error variant (err)
    (func (export "open") (param $ptr i32) (param $len i32) (result i32)
      (if (i32.eqz (local.get $len))
        (then
          (i32.store8 (i32.const 16) (i32.const 1))
          (i32.store8 (i32.const 20) (i32.const 0))   ;; no-such-store
          (return (i32.const 16))))
      (i32.store8 (i32.const 16) (i32.const 0))
      (i32.store (i32.const 20) (call $new (i32.const 1)))
      (i32.const 16))
    ;; result<option<list<u8>>, error> at 32: ok(none)
    (func (export "get") (param $self i32) (param $ptr i32) (param $len i32) (result i32)
      (i32.store8 (i32.const 32) (i32.const 0))
      (i32.store8 (i32.const 36) (i32.const 0))
      (i32.const 32))
    ;; result<u64, error> at 48: case byte, u64 at 56
    (func (export "increment") (param $self i32) (param $ptr i32) (param $len i32) (param $delta i64) (result i32)
      (global.set $total (i64.add (global.get $total) (local.get $delta)))
      (i32.store8 (i32.const 48) (i32.const 0))
      (i64.store (i32.const 56) (global.get $total))
      (i32.const 48)))
  (core instance $main (instantiate $Main (with "mem" (instance $mem)) (with "res" (instance $res))))
  (type $error (variant (case "no-such-store") (case "access-denied") (case "other" string)))
  (func $open (param "identifier" string) (result (result (own $bucket) (error $error)))
    (canon lift (core func $main "open") (memory $memory) (realloc $realloc)))
  (func $get (param "self" (borrow $bucket)) (param "key" string) (result (result (option (list u8)) (error $error)))
    (canon lift (core func $main "get") (memory $memory) (realloc $realloc)))
  (func $increment (param "bucket" (borrow $bucket)) (param "key" string) (param "delta" u64)
    (result (result u64 (error $error)))
    (canon lift (core func $main "increment") (memory $memory) (realloc $realloc)))
  (component $Store
    (import "bucket-type" (type $b (sub resource)))
    (type $e (variant (case "no-such-store") (case "access-denied") (case "other" string)))
    (import "error-type" (type $err (eq $e)))
    (import "open" (func $open (param "identifier" string) (result (result (own $b) (error $err)))))
    (import "get" (func $get (param "self" (borrow $b)) (param "key" string)
      (result (result (option (list u8)) (error $err)))))
    (export $err2 "error" (type $err))
    (export $b2 "bucket" (type $b))
    (export "open" (func $open) (func (param "identifier" string) (result (result (own $b2) (error $err2)))))
    (export "[method]bucket.get" (func $get) (func (param "self" (borrow $b2)) (param "key" string)
      (result (result (option (list u8)) (error $err2))))))
  (instance $store (instantiate $Store
    (with "bucket-type" (type $bucket))
    (with "error-type" (type $error))
    (with "open" (func $open))
    (with "get" (func $get))))
  (export "wasi:keyvalue/store@0.2.0-draft" (instance $store))
  ;; atomics uses store's error type, as `use store.{error}` says: the type the store instance exports
  (alias export $store "error" (type $store-error))
  (component $Atomics
    (import "bucket-type" (type $b (sub resource)))
    (type $e (variant (case "no-such-store") (case "access-denied") (case "other" string)))
    (import "error-type" (type $err (eq $e)))
    (import "increment" (func $inc (param "bucket" (borrow $b)) (param "key" string) (param "delta" u64)
      (result (result u64 (error $err)))))
    (export $b2 "bucket" (type $b))
    (export $err2 "error" (type $err))
    (export "increment" (func $inc) (func (param "bucket" (borrow $b2)) (param "key" string) (param "delta" u64)
      (result (result u64 (error $err2))))))
  (instance $atomics (instantiate $Atomics
    (with "bucket-type" (type $bucket))   ;; the very resource the store interface exports
    (with "error-type" (type $store-error))
    (with "increment" (func $increment))))
  (export "wasi:keyvalue/atomics@0.2.0-draft" (instance $atomics))
)
