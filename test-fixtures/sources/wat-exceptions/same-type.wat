;; Refused when loaded (unsupported: Chicory 1.7.5 matches a catch by an imported tag by the tag's type): $Catcher
;; catches `a` (imported) around a call that throws `b`, another tag of the same type, which must not be caught.
;;   export catch-a: func(x: u32) -> u32     would trap (the exception of `b` is not caught by `a`)
(component
  (core module $Tags
    (tag (export "a") (param i32))
    (tag $b (export "b") (param i32))
    (func (export "throw-b") (param $x i32) (throw $b (local.get $x))))
  (core instance $tags (instantiate $Tags))
  (core module $Catcher
    (import "tags" "a" (tag $a (param i32)))
    (import "tags" "throw-b" (func $throw-b (param i32)))
    (func (export "catch-a") (param $x i32) (result i32)
      (block $caught (result i32)
        (try_table (catch $a $caught)
          (call $throw-b (local.get $x)))
        (i32.const -1))))
  (core instance $catcher (instantiate $Catcher (with "tags" (instance $tags))))
  (func (export "catch-a") (param "x" u32) (result u32) (canon lift (core func $catcher "catch-a")))
)
