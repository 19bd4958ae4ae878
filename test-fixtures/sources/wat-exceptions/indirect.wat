;; Refused when loaded (unsupported: Chicory 1.7.5 does not catch an exception thrown by a function of another
;; core instance reached through call_indirect): $Tags catches its own tag around call_indirect on its table,
;; into which $Raiser (importing tag and table) stores its throwing `raise`.
;;   export guard: func(x: u32) -> u32       would be x + 1000
(component
  (core module $Tags
    (tag $oops (export "oops") (param i32))
    (table (export "table") 1 funcref)
    (type $raise (func (param i32)))
    (func (export "guard") (param $x i32) (result i32)
      (block $caught (result i32)
        (try_table (catch $oops $caught)
          (call_indirect (type $raise) (local.get $x) (i32.const 0)))
        (i32.const -1))
      (i32.const 1000)
      (i32.add)))
  (core instance $tags (instantiate $Tags))
  (core module $Raiser
    (import "tags" "oops" (tag $oops (param i32)))
    (import "tags" "table" (table 1 funcref))
    (func $raise (export "raise") (param $x i32) (throw $oops (local.get $x)))
    (elem (table 0) (i32.const 0) func $raise))
  (core instance $raiser (instantiate $Raiser (with "tags" (instance $tags))))
  (func (export "guard") (param "x" u32) (result u32) (canon lift (core func $tags "guard")))
)
