;; Exports whose types the validator must infer from what they are, and core modules and components that
;; travel out of nested component instances (core instances cannot export modules: Binary.md core:sort of a core
;; export alias is func, table, memory, global or tag; a component instance can):
;;   $Lib exports a core module and a component definition; the top aliases both out of $Lib's instance,
;;   instantiates the module, and instantiates the component with the module as its argument;
;;   $Wrap imports a component and a core module, instantiates one with the other and exports the instance
;;   (its type follows from the component it was given);
;;   a bag of exports holding an instance is taken apart again with an alias.
;; Exported (WIT):
;;   export example:inferred/inc@0.1.0 { run: func(x: u32) -> u32; }      the aliased core module, lifted: x + 1
;;   export example:inferred/adder@0.1.0 { run: func(x: u32) -> u32; }    the aliased component's instance: x + 1
;;   export example:inferred/wrapped@0.1.0 { run: func(x: u32) -> u32; }  $Wrap's instance, inferred: x + 1
;;   export example:inferred/tripled@0.1.0 { run: func(x: u32) -> u32; }  through a bag of bags: 3 * x
(component $Top
  (component $Lib
    (core module $M (func (export "run") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1))))
    (export "m" (core module $M))
    (component $Adder
      (import "m" (core module $AM (export "run" (func (param i32) (result i32)))))
      (core instance $i (instantiate $AM))
      (func (export "run") (param "x" u32) (result u32) (canon lift (core func $i "run"))))
    (export "adder" (component $Adder)))
  (instance $lib (instantiate $Lib))
  (alias export $lib "m" (core module $m))
  (alias export $lib "adder" (component $adder))

  (core instance $mi (instantiate $m))
  (func $inc (param "x" u32) (result u32) (canon lift (core func $mi "run")))
  (instance $inc-api (export "run" (func $inc)))
  (export "example:inferred/inc@0.1.0" (instance $inc-api))

  (instance $a (instantiate $adder (with "m" (core module $m))))
  (export "example:inferred/adder@0.1.0" (instance $a))

  (component $Wrap
    (import "m" (core module $WM (export "run" (func (param i32) (result i32)))))
    (import "c" (component $C
      (import "m" (core module (export "run" (func (param i32) (result i32)))))
      (export "run" (func (param "x" u32) (result u32)))))
    (instance $x (instantiate $C (with "m" (core module $WM))))
    (export "inst" (instance $x)))
  (instance $w (instantiate $Wrap (with "m" (core module $m)) (with "c" (component $adder))))
  (alias export $w "inst" (instance $w-inst))
  (export "example:inferred/wrapped@0.1.0" (instance $w-inst))

  (core module $Triple (func (export "run") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3))))
  (core instance $ti (instantiate $Triple))
  (func $triple (param "x" u32) (result u32) (canon lift (core func $ti "run")))
  (instance $t-inner (export "run" (func $triple)))
  (instance $t-outer (export "tripled" (instance $t-inner)))
  (alias export $t-outer "tripled" (instance $t-again))
  (export "example:inferred/tripled@0.1.0" (instance $t-again))
)
