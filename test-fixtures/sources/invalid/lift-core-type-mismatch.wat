;; rule: the core function of canon lift must have the flattened signature
(component
  (core module $m
    (memory (export "memory") 1)
    (func (export "f") (param i32 i32) (result i32) i32.const 0)
    (func (export "g") (param i32) (result i32) i32.const 0)
    (func (export "h"))
    (func (export "k") (param i32))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (func $f (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $i "g")))
  (export "f" (func $f))
)
