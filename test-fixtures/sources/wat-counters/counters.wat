;; Hand-written target component for resources across links. World:
;;   import example:counters/probe@0.1.0 { dropped: func(value: u32); }    ;; told each destructor run
;;   export example:counters/api@0.1.0 {
;;     resource counter { constructor(start: u32); increment: func() -> u32; get: func() -> u32; }
;;     consume: func(c: counter) -> u32;   ;; takes ownership: reads the value, drops the handle
;;     live: func() -> u32;                ;; counters of this instance not yet destroyed
;;   }
;; The destructor reports the counter's value to the probe import, so a test sees every drop (by the caller, by
;; consume, or by the host at the end of the caller's invocation) even though the instance is reset afterwards.
(component $counters
  (import "example:counters/probe@0.1.0" (instance $probe
    (export "dropped" (func (param "value" u32)))))
  (alias export $probe "dropped" (func $dropped))
  (core func $dropped-core (canon lower (func $dropped)))
  (core instance $probec (export "dropped" (func $dropped-core)))
  ;; state and destructor first, so that the resource type can name the destructor
  (core module $State
    (import "probe" "dropped" (func $dropped (param i32)))
    (memory (export "memory") 1)
    (global $live (export "live") (mut i32) (i32.const 0))
    (func (export "dtor") (param $p i32)
      (global.set $live (i32.sub (global.get $live) (i32.const 1)))
      (call $dropped (i32.load (local.get $p)))))
  (core instance $state (instantiate $State (with "probe" (instance $probec))))
  (alias core export $state "dtor" (core func $dtor))
  (type $counter (resource (rep i32) (dtor (core func $dtor))))
  (core func $new (canon resource.new $counter))
  (core func $rep (canon resource.rep $counter))
  (core func $drop (canon resource.drop $counter))
  (core instance $res (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop)))
  (core module $Main
    (import "state" "memory" (memory 1))
    (import "state" "live" (global $live (mut i32)))
    (import "res" "new" (func $new (param i32) (result i32)))
    (import "res" "rep" (func $rep (param i32) (result i32)))
    (import "res" "drop" (func $drop (param i32)))
    ;; each counter's state is one i32 at its representation (an address)
    (global $next (mut i32) (i32.const 16))
    (func (export "ctor") (param $start i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (global.get $next) (i32.const 4)))
      (global.set $live (i32.add (global.get $live) (i32.const 1)))
      (i32.store (local.get $p) (local.get $start))
      (call $new (local.get $p)))
    ;; a borrow of this component's own resource arrives as its representation
    (func (export "increment") (param $p i32) (result i32)
      (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
      (i32.load (local.get $p)))
    (func (export "get") (param $p i32) (result i32)
      (i32.load (local.get $p)))
    ;; an owned handle arrives as a handle index in this component's table
    (func (export "consume") (param $h i32) (result i32)
      (local $v i32)
      (local.set $v (i32.load (call $rep (local.get $h))))
      (call $drop (local.get $h))
      (local.get $v))
    (func (export "live") (result i32) (global.get $live)))
  (core instance $main (instantiate $Main (with "state" (instance $state)) (with "res" (instance $res))))
  (func $ctor (param "start" u32) (result (own $counter)) (canon lift (core func $main "ctor")))
  (func $increment (param "self" (borrow $counter)) (result u32) (canon lift (core func $main "increment")))
  (func $get (param "self" (borrow $counter)) (result u32) (canon lift (core func $main "get")))
  (func $consume (param "c" (own $counter)) (result u32) (canon lift (core func $main "consume")))
  (func $live (result u32) (canon lift (core func $main "live")))
  ;; exported through a nested component that re-exports the resource under its interface name
  (component $Api
    (import "counter-type" (type $c (sub resource)))
    (import "ctor" (func $ctor (param "start" u32) (result (own $c))))
    (import "increment" (func $increment (param "self" (borrow $c)) (result u32)))
    (import "get" (func $get (param "self" (borrow $c)) (result u32)))
    (import "consume" (func $consume (param "c" (own $c)) (result u32)))
    (import "live" (func $live (result u32)))
    (export $c2 "counter" (type $c))
    (export "[constructor]counter" (func $ctor) (func (param "start" u32) (result (own $c2))))
    (export "[method]counter.increment" (func $increment) (func (param "self" (borrow $c2)) (result u32)))
    (export "[method]counter.get" (func $get) (func (param "self" (borrow $c2)) (result u32)))
    (export "consume" (func $consume) (func (param "c" (own $c2)) (result u32)))
    (export "live" (func $live) (func (result u32))))
  (instance $api (instantiate $Api
    (with "counter-type" (type $counter))
    (with "ctor" (func $ctor))
    (with "increment" (func $increment))
    (with "get" (func $get))
    (with "consume" (func $consume))
    (with "live" (func $live))))
  (export "example:counters/api@0.1.0" (instance $api))
)
