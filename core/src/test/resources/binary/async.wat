;; Async-era constructs (component-model-async): stream/future/error-context types, an async function type,
;; async lift with a callback, and task/stream/waitable-set/context built-ins. The decoder must decode and mark
;; them (DecodedComponent.asyncUses), never misread them.
(component
  (type $s (stream u8))
  (type $f (future string))
  (type $e error-context)
  (type $af (func async (param "x" u32) (result u32)))
  (core module $m
    (memory (export "memory") 1)
    (func (export "run") (param i32) (result i32) (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) (i32.const 0))
  )
  (core instance $i (instantiate $m))
  (func (type $af) (canon lift (core func $i "run") async (callback (core func $i "cb"))))
  (core func (canon task.return (result u32)))
  (core func (canon stream.new $s))
  (core func (canon stream.read $s (memory (core memory $i "memory"))))
  (core func (canon waitable-set.new))
  (core func (canon context.get i32 0))
  (core func (canon backpressure.inc))
  (core func (canon future.drop-readable $f))
)
