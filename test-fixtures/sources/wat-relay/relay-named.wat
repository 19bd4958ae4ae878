;; Hand-written component for link names: like relay.wat, but before calling next.hop it chooses the link named
;; "alt" for example:relay/hop through wasmcloud:bus/lattice@1.0.0 set-link-name, so its answer is
;; "n:" + next.hop(s) where "next" is the target of the source's "alt" link.
(component $relay
  (import "wasmcloud:bus/lattice@1.0.0" (instance $bus
    (export "call-target-interface" (type $cti (sub resource)))
    (export "[constructor]call-target-interface"
      (func (param "namespace" string) (param "package" string) (param "interface" string) (result (own $cti))))
    (export "set-link-name" (func (param "name" string) (param "interfaces" (list (own $cti)))))))
  (alias export $bus "[constructor]call-target-interface" (func $cti-new))
  (alias export $bus "set-link-name" (func $set-link-name))
  (import "example:relay/hop@0.1.0" (instance $next
    (export "hop" (func (param "s" string) (result string)))))
  (alias export $next "hop" (func $next-hop))
  (core module $Mem
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (data (i32.const 100) "examplerelayhopalt")
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
  (core func $next-lowered (canon lower (func $next-hop) (memory $memory) (realloc $realloc)))
  (core func $cti-lowered (canon lower (func $cti-new) (memory $memory)))
  (core func $set-lowered (canon lower (func $set-link-name) (memory $memory)))
  (core instance $imports
    (export "hop" (func $next-lowered))
    (export "cti" (func $cti-lowered))
    (export "set-link-name" (func $set-lowered)))
  (core module $Main
    (import "mem" "memory" (memory 1))
    (import "mem" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "imports" "hop" (func $hop (param i32 i32 i32)))
    (import "imports" "cti" (func $cti (param i32 i32 i32 i32 i32 i32) (result i32)))
    (import "imports" "set-link-name" (func $set (param i32 i32 i32 i32)))
    (func (export "hop") (param $p i32) (param $l i32) (result i32)
      (local $dst i32) (local $n i32)
      ;; list<own<call-target-interface>> of one element at 48: the handle of ("example", "relay", "hop")
      (i32.store (i32.const 48) (call $cti (i32.const 100) (i32.const 7) (i32.const 107) (i32.const 5)
                                           (i32.const 112) (i32.const 3)))
      (call $set (i32.const 115) (i32.const 3) (i32.const 48) (i32.const 1))   ;; set-link-name("alt", [it])
      (call $hop (local.get $p) (local.get $l) (i32.const 16))
      (local.set $n (i32.load (i32.const 20)))
      (local.set $dst (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $n) (i32.const 2))))
      (i32.store8 (local.get $dst) (i32.const 110))              ;; 'n'
      (i32.store8 offset=1 (local.get $dst) (i32.const 58))      ;; ':'
      (memory.copy (i32.add (local.get $dst) (i32.const 2)) (i32.load (i32.const 16)) (local.get $n))
      (i32.store (i32.const 32) (local.get $dst))
      (i32.store (i32.const 36) (i32.add (local.get $n) (i32.const 2)))
      (i32.const 32)))
  (core instance $main (instantiate $Main (with "mem" (instance $mem)) (with "imports" (instance $imports))))
  (func $hop (param "s" string) (result string)
    (canon lift (core func $main "hop") (memory $memory) (realloc $realloc)))
  (instance $out (export "hop" (func $hop)))
  (export "example:relay/hop@0.1.0" (instance $out))
)
