;; The primitive types wat-fixture does not cover: s8, u8, s16, u16, s64, f32, plus u64 and a bool
;; result. Each export is a tiny total function, so golden values are easy to state.
(component
  (core module $m
    (func (export "neg-s8") (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
    (func (export "inc-u8") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func (export "neg-s16") (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
    (func (export "inc-u16") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func (export "neg-s64") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
    (func (export "half-f32") (param f32) (result f32) (f32.mul (local.get 0) (f32.const 0.5)))
    (func (export "max-u64") (param i64 i64) (result i64)
      (select (local.get 0) (local.get 1) (i64.gt_u (local.get 0) (local.get 1))))
    (func (export "is-even-u16") (param i32) (result i32)
      (i32.eqz (i32.and (local.get 0) (i32.const 1)))))
  (core instance $i (instantiate $m))
  (func (export "neg-s8") (param "x" s8) (result s8) (canon lift (core func $i "neg-s8")))
  (func (export "inc-u8") (param "x" u8) (result u8) (canon lift (core func $i "inc-u8")))
  (func (export "neg-s16") (param "x" s16) (result s16) (canon lift (core func $i "neg-s16")))
  (func (export "inc-u16") (param "x" u16) (result u16) (canon lift (core func $i "inc-u16")))
  (func (export "neg-s64") (param "x" s64) (result s64) (canon lift (core func $i "neg-s64")))
  (func (export "half-f32") (param "x" f32) (result f32) (canon lift (core func $i "half-f32")))
  (func (export "max-u64") (param "a" u64) (param "b" u64) (result u64) (canon lift (core func $i "max-u64")))
  (func (export "is-even-u16") (param "x" u16) (result bool) (canon lift (core func $i "is-even-u16")))
)
