;; Hand-written component for in-process messaging: exports wasmcloud:messaging/handler@0.2.0 and answers every
;; message that has a reply-to subject by publishing its body back there (through wasmcloud:messaging/consumer).
;; Messages without reply-to are ignored; handle-message always returns ok.
(component $c
  (import "wasmcloud:messaging/types@0.2.0" (instance $types
    (type $m (record (field "subject" string) (field "body" (list u8)) (field "reply-to" (option string))))
    (export "broker-message" (type $msg (eq $m)))))
  (alias export $types "broker-message" (type $broker-message))
  (import "wasmcloud:messaging/consumer@0.2.0" (instance $consumer
    (alias outer $c $broker-message (type $m))
    (export "broker-message" (type $msg (eq $m)))
    (export "publish" (func (param "msg" $msg) (result (result (error string)))))))
  (alias export $consumer "publish" (func $publish))
  (core module $Mem
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow (i32.add (i32.const 1)
          (i32.shr_u (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)))))))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  (alias core export $mem "memory" (core memory $memory))
  (alias core export $mem "realloc" (core func $realloc))
  (core func $publish-lowered (canon lower (func $publish) (memory $memory) (realloc $realloc)))
  (core instance $imports (export "publish" (func $publish-lowered)))
  (core module $Main
    (import "mem" "memory" (memory 1))
    (import "imports" "publish" (func $publish (param i32 i32 i32 i32 i32 i32 i32 i32)))
    ;; msg flattened: subject (ptr, len), body (ptr, len), reply-to (case, ptr, len); result<_, string> at 64
    (func (export "handle-message")
      (param $sp i32) (param $sl i32) (param $bp i32) (param $bl i32) (param $rc i32) (param $rp i32) (param $rl i32)
      (result i32)
      (if (local.get $rc)
        (then (call $publish (local.get $rp) (local.get $rl) (local.get $bp) (local.get $bl)
                             (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 80))))
      (i32.store8 (i32.const 64) (i32.const 0))   ;; ok
      (i32.const 64)))
  (core instance $main (instantiate $Main (with "mem" (instance $mem)) (with "imports" (instance $imports))))
  (func $handle (param "msg" $broker-message) (result (result (error string)))
    (canon lift (core func $main "handle-message") (memory $memory) (realloc $realloc)))
  (instance $out
    (export "broker-message" (type $broker-message))
    (export "handle-message" (func $handle)))
  (export "wasmcloud:messaging/handler@0.2.0" (instance $out))
)
