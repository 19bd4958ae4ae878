;; A composed component whose children pass a resource between them, as wac / wasm-compose output does.
;;   $Provider defines resource `thing` (rep = its value) with a constructor, a method and a destructor
;;   counter, and exports them as plain top-level items (its type is an anonymous resource);
;;   the outer component bundles those items into an instance (through a re-exporting component, as
;;   wit-component does) and instantiates $Consumer with it, whose import is an instance type with an
;;   abstract resource: the validator must substitute the provider's resource for it through the
;;   instantiation argument (and $Consumer's exports then mention it); a second provider instance gives a
;;   different resource type, which handles must not be confused with.
;; Exported (WIT):
;;   export example:composed/things@0.1.0 { resource thing { constructor(v: u32); value: func() -> u32; }
;;                                           drops: func() -> u32; }
;;   export example:composed/consumer@0.1.0 {   the consumer child's functions; `thing` is the same resource
;;     resource thing;
;;     make: func(v: u32) -> thing;            calls the provider's constructor, returns the handle
;;     peek: func(t: borrow<thing>) -> u32;    lends the borrowed handle on to the provider's method, drops it
;;     take: func(t: thing) -> u32;            reads the value, drops the owned handle
;;     leak: func(t: borrow<thing>) -> u32;    as peek, but never drops the borrowed handle
;;     roundtrip: func(v: u32) -> u32;         make, lend, drop inside the guest
;;   }
;;   export example:composed/other-things@0.1.0      the same interface on a second provider instance: its
;;                                                   resource is a different type at run time
(component
  (component $Provider
    (core module $State
      (global (export "drops") (mut i32) (i32.const 0))
      (func (export "dtor") (param i32)
        (global.set 0 (i32.add (global.get 0) (i32.const 1)))))
    (core instance $state (instantiate $State))
    (alias core export $state "dtor" (core func $dtor))
    (type $thing (resource (rep i32) (dtor (core func $dtor))))
    (core func $new (canon resource.new $thing))
    (core instance $res (export "new" (func $new)))
    (core module $M
      (import "res" "new" (func $new (param i32) (result i32)))
      (import "state" "drops" (global $drops (mut i32)))
      (func (export "ctor") (param i32) (result i32) (call $new (local.get 0)))
      ;; a borrow of the provider's own resource arrives as its representation
      (func (export "value") (param i32) (result i32) (local.get 0))
      (func (export "drops") (result i32) (global.get $drops)))
    (core instance $m (instantiate $M (with "res" (instance $res)) (with "state" (instance $state))))
    (func $ctor (param "v" u32) (result (own $thing)) (canon lift (core func $m "ctor")))
    (func $value (param "self" (borrow $thing)) (result u32) (canon lift (core func $m "value")))
    (func $drops (result u32) (canon lift (core func $m "drops")))
    (export $t "thing" (type $thing))
    (export "ctor" (func $ctor) (func (param "v" u32) (result (own $t))))
    (export "value" (func $value) (func (param "self" (borrow $t)) (result u32)))
    (export "drops" (func $drops)))

  (component $Consumer
    (import "example:composed/things@0.1.0" (instance $things
      (export "thing" (type $t (sub resource)))
      (export "[constructor]thing" (func (param "v" u32) (result (own $t))))
      (export "[method]thing.value" (func (param "self" (borrow $t)) (result u32)))))
    (alias export $things "thing" (type $thing))
    (alias export $things "[constructor]thing" (func $ctor))
    (alias export $things "[method]thing.value" (func $value))
    (core func $ctor-core (canon lower (func $ctor)))
    (core func $value-core (canon lower (func $value)))
    (core func $drop-core (canon resource.drop $thing))
    (core instance $imports
      (export "ctor" (func $ctor-core)) (export "value" (func $value-core)) (export "drop" (func $drop-core)))
    (core module $C
      (import "things" "ctor" (func $ctor (param i32) (result i32)))
      (import "things" "value" (func $value (param i32) (result i32)))
      (import "things" "drop" (func $drop (param i32)))
      (func (export "make") (param i32) (result i32) (call $ctor (local.get 0)))
      ;; a borrow of a resource another component implements arrives as a handle in this table, which must
      ;; be dropped before returning
      (func (export "peek") (param $h i32) (result i32)
        (local $v i32)
        (local.set $v (call $value (local.get $h)))
        (call $drop (local.get $h))
        (local.get $v))
      ;; breaks that rule: the caller traps when it returns
      (func (export "leak") (param i32) (result i32) (call $value (local.get 0)))
      (func (export "take") (param $h i32) (result i32)
        (local $v i32)
        (local.set $v (call $value (local.get $h)))
        (call $drop (local.get $h))
        (local.get $v))
      (func (export "roundtrip") (param i32) (result i32)
        (local $h i32) (local $v i32)
        (local.set $h (call $ctor (local.get 0)))
        (local.set $v (call $value (local.get $h)))
        (call $drop (local.get $h))
        (local.get $v)))
    (core instance $c (instantiate $C (with "things" (instance $imports))))
    (type $own (own $thing))
    (type $borrow (borrow $thing))
    (func (export "make") (param "v" u32) (result $own) (canon lift (core func $c "make")))
    (func (export "peek") (param "t" $borrow) (result u32) (canon lift (core func $c "peek")))
    (func (export "leak") (param "t" $borrow) (result u32) (canon lift (core func $c "leak")))
    (func (export "take") (param "t" $own) (result u32) (canon lift (core func $c "take")))
    (func (export "roundtrip") (param "v" u32) (result u32) (canon lift (core func $c "roundtrip"))))

  (instance $p (instantiate $Provider))
  (alias export $p "thing" (type $thing))
  (alias export $p "ctor" (func $ctor))
  (alias export $p "value" (func $value))
  (alias export $p "drops" (func $drops))
  ;; the interface is bundled by a re-exporting component (as wit-component does); its instance carries the
  ;; provider's anonymous resource, which the consumer's import knows only as an abstract `thing`
  (component $Api
    (import "thing-type" (type $t (sub resource)))
    (import "ctor" (func $ctor (param "v" u32) (result (own $t))))
    (import "value" (func $value (param "self" (borrow $t)) (result u32)))
    (import "drops" (func $drops (result u32)))
    (export $t2 "thing" (type $t))
    (export "[constructor]thing" (func $ctor) (func (param "v" u32) (result (own $t2))))
    (export "[method]thing.value" (func $value) (func (param "self" (borrow $t2)) (result u32)))
    (export "drops" (func $drops) (func (result u32))))
  (instance $api (instantiate $Api
    (with "thing-type" (type $thing)) (with "ctor" (func $ctor)) (with "value" (func $value))
    (with "drops" (func $drops))))
  (instance $c (instantiate $Consumer (with "example:composed/things@0.1.0" (instance $api))))
  (export "example:composed/things@0.1.0" (instance $api))

  ;; the consumer's functions, exported as an interface with the resource re-exported under its name
  (component $ConsumerApi
    (import "thing-type" (type $t (sub resource)))
    (import "make" (func $make (param "v" u32) (result (own $t))))
    (import "peek" (func $peek (param "t" (borrow $t)) (result u32)))
    (import "take" (func $take (param "t" (own $t)) (result u32)))
    (import "leak" (func $leak (param "t" (borrow $t)) (result u32)))
    (import "roundtrip" (func $roundtrip (param "v" u32) (result u32)))
    (export $t2 "thing" (type $t))
    (export "make" (func $make) (func (param "v" u32) (result (own $t2))))
    (export "peek" (func $peek) (func (param "t" (borrow $t2)) (result u32)))
    (export "take" (func $take) (func (param "t" (own $t2)) (result u32)))
    (export "leak" (func $leak) (func (param "t" (borrow $t2)) (result u32)))
    (export "roundtrip" (func $roundtrip) (func (param "v" u32) (result u32))))
  (alias export $c "make" (func $make))
  (alias export $c "peek" (func $peek))
  (alias export $c "take" (func $take))
  (alias export $c "leak" (func $leak))
  (alias export $c "roundtrip" (func $roundtrip))
  (instance $consumer-api (instantiate $ConsumerApi
    (with "thing-type" (type $thing)) (with "make" (func $make)) (with "peek" (func $peek))
    (with "take" (func $take)) (with "leak" (func $leak)) (with "roundtrip" (func $roundtrip))))
  (export "example:composed/consumer@0.1.0" (instance $consumer-api))

  ;; a second, independent instance of the provider: its resource is a different type
  (instance $q (instantiate $Provider))
  (alias export $q "thing" (type $other))
  (alias export $q "ctor" (func $other-ctor))
  (alias export $q "value" (func $other-value))
  (alias export $q "drops" (func $other-drops))
  (instance $other-api (instantiate $Api
    (with "thing-type" (type $other)) (with "ctor" (func $other-ctor)) (with "value" (func $other-value))
    (with "drops" (func $other-drops))))
  (export "example:composed/other-things@0.1.0" (instance $other-api))
)
