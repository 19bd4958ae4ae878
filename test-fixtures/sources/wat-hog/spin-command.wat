;; A wasi:cli/run command whose run never returns (execution time limit of `wasmcloud4j run`).
(component
  (core module $M
    (func (export "run") (result i32) (loop $forever (br $forever)) (i32.const 0)))
  (core instance $m (instantiate $M))
  (type $run-type (func (result (result))))
  (func $run (type $run-type) (canon lift (core func $m "run")))
  (instance $cli (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $cli))
)
