;; rule: export names must be unique
(component
  (core module $m
    (memory (export "memory") 1)
    (func (export "f") (param i32 i32) (result i32) i32.const 0)
    (func (export "g") (param i32) (result i32) i32.const 0)
    (func (export "h"))
    (func (export "k") (param i32))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (func $f (canon lift (core func $i "h")))
  (export "a" (func $f))
  (export "a" (func $f))
)
