;; rule: post-return is not allowed on canon lower
(component
  (core module $m
    (memory (export "memory") 1)
    (func (export "f") (param i32 i32) (result i32) i32.const 0)
    (func (export "g") (param i32) (result i32) i32.const 0)
    (func (export "h"))
    (func (export "k") (param i32))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (import "x" (func $x))
  (core func $l (canon lower (func $x) (post-return (core func $i "h"))))
)
