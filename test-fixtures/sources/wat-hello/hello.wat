;; The smallest useful component: one core module with its own memory and allocator,
;; exporting `greet: func(name: string) -> string` ("Hello, <name>!"). No imports.
;; The README demo instantiates this core module directly and performs the canonical ABI by hand,
;; so the core exports are fixed: memory, cabi_realloc, greet (returns a pointer to an 8-byte
;; return area holding the result's pointer and length) and cabi_post_greet (frees everything
;; the call allocated by resetting the bump pointer).
(component
  (core module $m
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func $realloc (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      ;; p = align_up(heap, align)
      (local.set $p
        (i32.and
          (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
          (i32.sub (i32.const 0) (local.get $align))))
      ;; grow memory when the block does not fit
      (block $fits
        (br_if $fits
          (i32.le_u (i32.add (local.get $p) (local.get $size))
                    (i32.mul (memory.size) (i32.const 65536))))
        (br_if $fits
          (i32.ne
            (memory.grow (i32.add (i32.shr_u (local.get $size) (i32.const 16)) (i32.const 1)))
            (i32.const -1)))
        unreachable)
      (global.set $heap (i32.add (local.get $p) (local.get $size)))
      (if (local.get $old)
        (then (memory.copy (local.get $p) (local.get $old) (local.get $old_size))))
      (local.get $p))
    (func (export "greet") (param $ptr i32) (param $len i32) (result i32)
      (local $out i32) (local $n i32)
      (local.set $n (i32.add (local.get $len) (i32.const 8)))
      (local.set $out (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $n)))
      (memory.copy (local.get $out) (i32.const 16) (i32.const 7))
      (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $ptr) (local.get $len))
      (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 7))) (i32.const 33))
      (i32.store (i32.const 0) (local.get $out))
      (i32.store (i32.const 4) (local.get $n))
      (i32.const 0))
    (func (export "cabi_post_greet") (param i32)
      (global.set $heap (i32.const 1024)))
    (data (i32.const 16) "Hello, "))
  (core instance $i (instantiate $m))
  (func (export "greet") (param "name" string) (result string)
    (canon lift (core func $i "greet")
      (memory (core memory $i "memory"))
      (realloc (core func $i "cabi_realloc"))
      (post-return (core func $i "cabi_post_greet"))))
)
