;; Hand-written components for host links: both export example:relay/hop@0.1.0 { hop: func(s: string) -> string }.
;; relay.wat: imports the same interface and answers "r:" + next.hop(s) (a link decides who "next" is).
(component
  (import "example:relay/hop@0.1.0" (instance $next
    (export "hop" (func (param "s" string) (result string)))))
  (alias export $next "hop" (func $next-hop))
  (core module $Mem
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    ;; bump allocator: every instance serves one invocation
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
  (core instance $next-core (export "hop" (func $next-lowered)))
  (core module $Main
    (import "mem" "memory" (memory 1))
    (import "mem" "realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "next" "hop" (func $hop (param i32 i32 i32)))
    (func (export "hop") (param $p i32) (param $l i32) (result i32)
      (local $dst i32) (local $n i32)
      (call $hop (local.get $p) (local.get $l) (i32.const 16))   ;; the result's (ptr, len) lands at 16
      (local.set $n (i32.load (i32.const 20)))
      (local.set $dst (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.add (local.get $n) (i32.const 2))))
      (i32.store8 (local.get $dst) (i32.const 114))              ;; 'r'
      (i32.store8 offset=1 (local.get $dst) (i32.const 58))      ;; ':'
      (memory.copy (i32.add (local.get $dst) (i32.const 2)) (i32.load (i32.const 16)) (local.get $n))
      (i32.store (i32.const 32) (local.get $dst))
      (i32.store (i32.const 36) (i32.add (local.get $n) (i32.const 2)))
      (i32.const 32)))
  (core instance $main (instantiate $Main (with "mem" (instance $mem)) (with "next" (instance $next-core))))
  (func $hop (param "s" string) (result string)
    (canon lift (core func $main "hop") (memory $memory) (realloc $realloc)))
  (instance $out (export "hop" (func $hop)))
  (export "example:relay/hop@0.1.0" (instance $out))
)
