;; Core exception-handling tags exported and imported between core instances, as far as Chicory 1.7.5 runs the
;; proposal (tag section, throw, try_table with catch, across direct calls of imported functions):
;;   $Tags defines tag `oops` (param i32) and exports it; its `self-guard` throws and catches `oops` itself;
;;   $Raiser imports the tag and exports `raise` (throws `oops` with its argument);
;;   $Catcher imports the tag and `raise`, and catches what `raise` throws, by the imported tag.
;; What Chicory does not run (an exception thrown through a cross-instance call_indirect, see indirect.wat; catches
;; by imported tags when two tags share a type, see same-type.wat) is refused when the component is loaded.
;; Exported (WIT):
;;   export self-guard: func(x: u32) -> u32       x + 1000
;;   export catch-imported: func(x: u32) -> u32   x + 2000, the exception thrown in $Raiser, caught in $Catcher
;;   export escape: func(x: u32) -> u32           nothing catches: the exception leaves the lifted function (a trap)
(component
  (core module $Tags
    (tag $oops (export "oops") (param i32))
    (func (export "self-guard") (param $x i32) (result i32)
      (block $caught (result i32)
        (try_table (catch $oops $caught)
          (throw $oops (local.get $x)))
        (i32.const -1))
      (i32.const 1000)
      (i32.add)))
  (core instance $tags (instantiate $Tags))

  (core module $Raiser
    (import "tags" "oops" (tag $oops (param i32)))
    (func (export "raise") (param $x i32) (throw $oops (local.get $x))))
  (core instance $raiser (instantiate $Raiser (with "tags" (instance $tags))))

  ;; the tag also travels through a core instance made of exports
  (alias core export $tags "oops" (core tag $oops))
  (core instance $tag-bag (export "oops" (tag $oops)))
  (core module $Catcher
    (import "tags" "oops" (tag $oops (param i32)))
    (import "raiser" "raise" (func $raise (param i32)))
    (func (export "catch-imported") (param $x i32) (result i32)
      (block $caught (result i32)
        (try_table (catch $oops $caught)
          (call $raise (local.get $x)))
        (i32.const -1))
      (i32.const 2000)
      (i32.add))
    (func (export "escape") (param $x i32) (result i32)
      (call $raise (local.get $x))
      (i32.const 0)))
  (core instance $catcher (instantiate $Catcher (with "tags" (instance $tag-bag)) (with "raiser" (instance $raiser))))

  (func (export "self-guard") (param "x" u32) (result u32) (canon lift (core func $tags "self-guard")))
  (func (export "catch-imported") (param "x" u32) (result u32) (canon lift (core func $catcher "catch-imported")))
  (func (export "escape") (param "x" u32) (result u32) (canon lift (core func $catcher "escape")))
)
