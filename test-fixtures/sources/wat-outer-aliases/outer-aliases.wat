;; Outer aliases of every count the enclosing scopes allow, of every sort they may name:
;;   count 0 (this component, the top level included) of a type, a core type, a core module and a component;
;;   count 1 and 2 from nested components of a type, a core type, a core module and a component;
;;   count 1 and 2 from instance type bodies (the type body itself, then the component around it).
;; Every export doubles its argument through the one core module $Double, reached each way:
;;   export double: func(x: u32) -> u32        core module aliased with count 0 at the top level
;;   export leaf-run: func(x: u32) -> u32      component aliased with count 0; it aliases type and module with count 1
;;   export inner-run: func(x: u32) -> u32     $Mid/$Inner aliases type and module with count 2
;;   export mid-leaf-run: func(x: u32) -> u32  $Mid aliases the component $Leaf with count 1
;;   export k-run: func(x: u32) -> u32         $K's import type aliases the top's type with count 2
;;   export k2-run: func(x: u32) -> u32        $K2 imports an instance type the top defines (aliased with count 1),
;;                                             whose body aliases the top's type with count 1
(component $Top
  (type $u u32)
  (alias outer 0 $u (type $u-again))
  (core type $run-type (func (param i32) (result i32)))
  (alias outer 0 $run-type (core type $run-type-again))
  (core module $Double
    (func (export "run") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2))))
  (alias outer 0 $Double (core module $Double-again))

  (component $Leaf
    (alias outer $Top $u (type $t))
    (alias outer $Top $run-type (core type $rt))
    (alias outer $Top $Double (core module $M))
    (core instance $i (instantiate $M))
    (func (export "run") (param "x" $t) (result $t) (canon lift (core func $i "run"))))
  (alias outer 0 $Leaf (component $Leaf-again))

  (component $Mid
    (alias outer $Top $Leaf (component $L))
    (component $Inner
      (alias outer $Top $u (type $t))
      (alias outer $Top $run-type (core type $rt))
      (alias outer $Top $Double (core module $M))
      (core instance $i (instantiate $M))
      (func (export "run") (param "x" $t) (result $t) (canon lift (core func $i "run"))))
    (instance $in (instantiate $Inner))
    (instance $l (instantiate $L))
    (alias export $in "run" (func $r1))
    (alias export $l "run" (func $r2))
    (export "inner-run" (func $r1))
    (export "leaf-run" (func $r2)))

  ;; count 1 from an instance type body is the component defining the type; count 2 from the body of an
  ;; instance type inside a nested component reaches the top
  (type $I (instance
    (alias outer $Top $u (type $x))
    (export "f" (func (param "x" $x) (result $x)))))
  (component $K
    (import "i" (instance $i
      (alias outer $Top $u-again (type $x))
      (export "f" (func (param "x" $x) (result $x)))))
    (alias export $i "f" (func $f))
    (export "f" (func $f)))

  (component $K2
    (alias outer $Top $I (type $I2))
    (import "i" (instance $i (type $I2)))
    (alias export $i "f" (func $f))
    (export "f" (func $f)))

  (core instance $d (instantiate $Double-again))
  (func $double (param "x" $u) (result $u) (canon lift (core func $d "run")))
  (export "double" (func $double))
  (instance $leaf (instantiate $Leaf-again))
  (alias export $leaf "run" (func $leaf-run))
  (export "leaf-run" (func $leaf-run))
  (instance $mid (instantiate $Mid))
  (alias export $mid "inner-run" (func $inner-run))
  (alias export $mid "leaf-run" (func $mid-leaf-run))
  (export "inner-run" (func $inner-run))
  (export "mid-leaf-run" (func $mid-leaf-run))
  (instance $k-arg (export "f" (func $double)))
  (instance $k (instantiate $K (with "i" (instance $k-arg))))
  (alias export $k "f" (func $k-run))
  (export "k-run" (func $k-run))
  (instance $k2 (instantiate $K2 (with "i" (instance $k-arg))))
  (alias export $k2 "f" (func $k2-run))
  (export "k2-run" (func $k2-run))
)
