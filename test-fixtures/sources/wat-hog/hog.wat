;; Hand-written component for resource limits:
;;   hog: func(step: u32) -> u32        memory.grow by step pages until refused; returns the pages it then has
;;   recurse: func(depth: u32) -> u32   calls itself without end (call stack exhaustion)
;;   hello: func() -> string            a quick call for "the instance still works" checks
(component
  (core module $M
    (memory (export "memory") 1)
    (data (i32.const 16) "still here")
    (func (export "hog") (param $step i32) (result i32)
      (block $refused
        (loop $more
          (br_if $refused (i32.eq (memory.grow (local.get $step)) (i32.const -1)))
          (br $more)))
      (memory.size))
    (func $recurse (export "recurse") (param $depth i32) (result i32)
      (i32.add (call $recurse (i32.add (local.get $depth) (i32.const 1))) (i32.const 1)))
    (func (export "hello") (result i32)
      (i32.store (i32.const 0) (i32.const 16))
      (i32.store (i32.const 4) (i32.const 10))
      (i32.const 0)))
  (core instance $m (instantiate $M))
  (alias core export $m "memory" (core memory $mem))
  (func (export "hog") (param "step" u32) (result u32) (canon lift (core func $m "hog")))
  (func (export "recurse") (param "depth" u32) (result u32) (canon lift (core func $m "recurse")))
  (func (export "hello") (result string) (canon lift (core func $m "hello") (memory $mem)))
)
