;; rule: resource.rep only works on resource types defined by this component
(component
  (core module $m
    (memory (export "memory") 1)
    (func (export "f") (param i32 i32) (result i32) i32.const 0)
    (func (export "g") (param i32) (result i32) i32.const 0)
    (func (export "h"))
    (func (export "k") (param i32))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (import "r" (type $r (sub resource)))
  (core func (canon resource.rep $r))
)
