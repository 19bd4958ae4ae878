;; Hand-written component for host limits:
;;   spin: func()                     loops forever (execution time limit)
;;   grow: func(pages: u32) -> s32    memory.grow by pages; -1 when refused (linear memory limit)
;;   hello: func() -> string          a quick call for "the host still works" checks
(component
  (core module $M
    (memory (export "memory") 1)
    (data (i32.const 16) "still here")
    (func (export "spin") (loop $forever (br $forever)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "hello") (result i32)
      (i32.store (i32.const 0) (i32.const 16))
      (i32.store (i32.const 4) (i32.const 10))
      (i32.const 0)))
  (core instance $m (instantiate $M))
  (alias core export $m "memory" (core memory $mem))
  (func (export "spin") (canon lift (core func $m "spin")))
  (func (export "grow") (param "pages" u32) (result s32) (canon lift (core func $m "grow")))
  (func (export "hello") (result string) (canon lift (core func $m "hello") (memory $mem)))
)
