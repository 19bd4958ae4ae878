;; Hand-written component with a guest-defined resource (component-model text format).
;; World:
;;   import example:resources/host@0.1.0 { resource blob { constructor(init: u32); read: func() -> u32; } }
;;   export roundtrip: func(n: u32) -> u32;   ;; creates a host blob, reads it, drops it
;;   export example:resources/api@0.1.0 {
;;     resource counter { constructor(start: u32); increment: func() -> u32; get: func() -> u32; }
;;     consume: func(c: counter) -> u32;       ;; takes ownership, reads the value, drops the handle
;;     drops: func() -> u32;                   ;; how many times the destructor ran
;;   }
;; The destructor lives in a small first module so that the resource type can name it before the main
;; module (which imports resource.new/rep/drop) is instantiated.
(component $resources
  (import "example:resources/host@0.1.0" (instance $host
    (export "blob" (type $blob (sub resource)))
    (export "[constructor]blob" (func (param "init" u32) (result (own $blob))))
    (export "[method]blob.read" (func (param "self" (borrow $blob)) (result u32)))))
  (alias export $host "blob" (type $blob))
  (alias export $host "[constructor]blob" (func $blob-new))
  (alias export $host "[method]blob.read" (func $blob-read))
  (core module $State
    (memory (export "memory") 1)
    (global (export "drops") (mut i32) (i32.const 0))
    (func (export "dtor") (param i32)
      (global.set 0 (i32.add (global.get 0) (i32.const 1)))))
  (core instance $state (instantiate $State))
  (alias core export $state "dtor" (core func $dtor))
  (type $counter (resource (rep i32) (dtor (core func $dtor))))
  (core func $new (canon resource.new $counter))
  (core func $rep (canon resource.rep $counter))
  (core func $drop (canon resource.drop $counter))
  (core instance $res
    (export "new" (func $new))
    (export "rep" (func $rep))
    (export "drop" (func $drop)))

  (core func $blob-new-core (canon lower (func $blob-new)))
  (core func $blob-read-core (canon lower (func $blob-read)))
  (core func $blob-drop-core (canon resource.drop $blob))
  (core instance $hostcore
    (export "new" (func $blob-new-core))
    (export "read" (func $blob-read-core))
    (export "drop" (func $blob-drop-core)))

  (core module $Main
    (import "host" "new" (func $blob-new (param i32) (result i32)))
    (import "host" "read" (func $blob-read (param i32) (result i32)))
    (import "host" "drop" (func $blob-drop (param i32)))
    (import "state" "memory" (memory 1))
    (import "state" "drops" (global $drops (mut i32)))
    (import "res" "new" (func $new (param i32) (result i32)))
    (import "res" "rep" (func $rep (param i32) (result i32)))
    (import "res" "drop" (func $drop (param i32)))
    ;; each counter's state is one i32 at its representation (an address)
    (global $next (mut i32) (i32.const 16))
    (func (export "ctor") (param $start i32) (result i32)
      (local $p i32)
      (local.set $p (global.get $next))
      (global.set $next (i32.add (global.get $next) (i32.const 4)))
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
    (func (export "drops") (result i32) (global.get $drops))
    ;; a host resource: an owned handle from the constructor, lent to read, then dropped
    (func (export "roundtrip") (param $n i32) (result i32)
      (local $h i32) (local $v i32)
      (local.set $h (call $blob-new (local.get $n)))
      (local.set $v (call $blob-read (local.get $h)))
      (call $blob-drop (local.get $h))
      (local.get $v)))
  (core instance $main (instantiate $Main
    (with "host" (instance $hostcore)) (with "state" (instance $state)) (with "res" (instance $res))))
  (func $roundtrip (param "n" u32) (result u32) (canon lift (core func $main "roundtrip")))
  (export "roundtrip" (func $roundtrip))

  (func $ctor (param "start" u32) (result (own $counter)) (canon lift (core func $main "ctor")))
  (func $increment (param "self" (borrow $counter)) (result u32) (canon lift (core func $main "increment")))
  (func $get (param "self" (borrow $counter)) (result u32) (canon lift (core func $main "get")))
  (func $consume (param "c" (own $counter)) (result u32) (canon lift (core func $main "consume")))
  (func $drops (result u32) (canon lift (core func $main "drops")))
;; the interface is exported through a nested component that imports the resource type and the
  ;; functions and re-exports them under the resource's exported name, as wit-component does
  (component $Api
    (import "counter-type" (type $c (sub resource)))
    (import "ctor" (func $ctor (param "start" u32) (result (own $c))))
    (import "increment" (func $increment (param "self" (borrow $c)) (result u32)))
    (import "get" (func $get (param "self" (borrow $c)) (result u32)))
    (import "consume" (func $consume (param "c" (own $c)) (result u32)))
    (import "drops" (func $drops (result u32)))
    (export $c2 "counter" (type $c))
    (export "[constructor]counter" (func $ctor) (func (param "start" u32) (result (own $c2))))
    (export "[method]counter.increment" (func $increment) (func (param "self" (borrow $c2)) (result u32)))
    (export "[method]counter.get" (func $get) (func (param "self" (borrow $c2)) (result u32)))
    (export "consume" (func $consume) (func (param "c" (own $c2)) (result u32)))
    (export "drops" (func $drops) (func (result u32))))
  (instance $api (instantiate $Api
    (with "counter-type" (type $counter))
    (with "ctor" (func $ctor))
    (with "increment" (func $increment))
    (with "get" (func $get))
    (with "consume" (func $consume))
    (with "drops" (func $drops))))
  (export "example:resources/api@0.1.0" (instance $api))
)
