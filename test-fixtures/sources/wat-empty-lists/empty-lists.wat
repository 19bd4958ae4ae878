;; Empty strings and lists still go through realloc (CanonicalABI.md store_string_copy / store_list_into_range:
;; realloc(0, 0, align, 0) is called for a zero-length value too). Guests such as the WASI preview1 adapter
;; check that the pointer they get back is the buffer their realloc offered, and trap otherwise.
;; This guest's realloc traps unless called as realloc(0, 0, align, size) with a power-of-two align <= 8,
;; returns an aligned bump pointer (never below 1024, so never equal to an alignment) and logs it;
;; every function below traps (unreachable) unless each string or list it receives points at the buffer
;; realloc last returned (top-level values) or at one it handed out (elements of a list, spilled parameters).
;;   export string-len(s: string) -> u32               utf8
;;   export string16-len(s: string) -> u32             utf16
;;   export compact-len(s: string) -> u32              latin1+utf16 (the length without the UTF-16 tag)
;;   export list-len(l: list<u64>) -> u32              align 8
;;   export strings-len(l: list<string>) -> u32        element count; each element checked
;;   export many(a .. i: string) -> u32                 nine strings: parameters spilled to memory; total length
;;   export fetch-string() -> u32                      calls source.get-string (result through a return area)
;;   export fetch-list() -> u32                        calls source.get-list: list<u64>
;;   export fetch-strings() -> u32                     calls source.get-strings: list<string>, element count
;;   export realloc-calls() -> u32                     how many times realloc ran
;;   import example:empty/source@0.1.0 { get-string: func() -> string; get-list: func() -> list<u64>;
;;                                       get-strings: func() -> list<string>; }
(component
  (import "example:empty/source@0.1.0" (instance $source
    (type $strings (list string))
    (type $u64s (list u64))
    (export "get-string" (func (result string)))
    (export "get-list" (func (result $u64s)))
    (export "get-strings" (func (result $strings)))))
  (alias export $source "get-string" (func $get-string))
  (alias export $source "get-list" (func $get-list))
  (alias export $source "get-strings" (func $get-strings))

  (core module $Alloc
    (memory (export "memory") 1)
    (global $next (export "next") (mut i32) (i32.const 1024))
    (global $last (export "last") (mut i32) (i32.const -1))
    (global $align (export "align") (mut i32) (i32.const 0))
    (global $calls (export "calls") (mut i32) (i32.const 0))
    (func (export "realloc") (param $old i32) (param $old-size i32) (param $al i32) (param $size i32) (result i32)
      (local $p i32)
      (if (i32.or (local.get $old) (local.get $old-size)) (then unreachable))
      (if (i32.or (i32.eqz (local.get $al))
                  (i32.or (i32.gt_u (local.get $al) (i32.const 8))
                          (i32.and (local.get $al) (i32.sub (local.get $al) (i32.const 1)))))
        (then unreachable))
      (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get $al) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $al))))
      (global.set $next (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (global.get $next) (i32.const 65536)) (then unreachable))
      (global.set $last (local.get $p))
      (global.set $align (local.get $al))
      ;; every pointer handed out is logged in a ring of 192 entries at 256
      (i32.store offset=256 (i32.shl (i32.rem_u (global.get $calls) (i32.const 192)) (i32.const 2)) (local.get $p))
      (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
      (local.get $p)))
  (core instance $alloc (instantiate $Alloc))
  (alias core export $alloc "memory" (core memory $mem))
  (alias core export $alloc "realloc" (core func $realloc))

  (core func $get-string-core (canon lower (func $get-string) (memory $mem) (realloc $realloc)))
  (core func $get-list-core (canon lower (func $get-list) (memory $mem) (realloc $realloc)))
  (core func $get-strings-core (canon lower (func $get-strings) (memory $mem) (realloc $realloc)))
  (core instance $src
    (export "get-string" (func $get-string-core))
    (export "get-list" (func $get-list-core))
    (export "get-strings" (func $get-strings-core)))

  (core module $Main
    (import "alloc" "memory" (memory 1))
    (import "alloc" "last" (global $last (mut i32)))
    (import "alloc" "align" (global $align (mut i32)))
    (import "alloc" "calls" (global $calls (mut i32)))
    (import "src" "get-string" (func $get-string (param i32)))
    (import "src" "get-list" (func $get-list (param i32)))
    (import "src" "get-strings" (func $get-strings (param i32)))
    (func $expect (param $ptr i32)
      (if (i32.ne (local.get $ptr) (global.get $last)) (then unreachable)))
    ;; traps unless $ptr is a pointer realloc handed out (it is in the log)
    (func $expect-logged (param $ptr i32)
      (local $i i32) (local $n i32)
      (local.set $n (select (i32.const 192) (global.get $calls) (i32.gt_u (global.get $calls) (i32.const 192))))
      (block $found
        (loop $next
          (if (i32.ge_u (local.get $i) (local.get $n)) (then unreachable))
          (br_if $found (i32.eq (local.get $ptr) (i32.load offset=256 (i32.shl (local.get $i) (i32.const 2)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next))))
    (func $expect-aligned (param $ptr i32) (param $al i32)
      (call $expect (local.get $ptr))
      (if (i32.ne (global.get $align) (local.get $al)) (then unreachable)))
    (func (export "string-len") (param $p i32) (param $n i32) (result i32)
      (call $expect-aligned (local.get $p) (i32.const 1))
      (local.get $n))
    (func (export "string16-len") (param $p i32) (param $n i32) (result i32)
      (call $expect-aligned (local.get $p) (i32.const 2))
      (local.get $n))
    (func (export "compact-len") (param $p i32) (param $n i32) (result i32)
      (call $expect-aligned (local.get $p) (i32.const 2))
      (i32.and (local.get $n) (i32.const 0x7fffffff)))
    (func (export "list-len") (param $p i32) (param $n i32) (result i32)
      (call $expect-aligned (local.get $p) (i32.const 8))
      (local.get $n))
    ;; checks that every empty string of the (ptr, len) pairs of a list<string> at $base points at a buffer
    ;; realloc handed out
    (func $check-strings (param $base i32) (param $n i32) (result i32)
      (local $i i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (if (i32.eqz (i32.load offset=4 (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 3)))))
            (then (call $expect-logged
                    (i32.load (i32.add (local.get $base) (i32.shl (local.get $i) (i32.const 3)))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.get $n))
    (func (export "strings-len") (param $p i32) (param $n i32) (result i32)
      (call $check-strings (local.get $p) (local.get $n)))
    ;; nine (ptr, len) pairs spilled into one realloc'd tuple
    (func (export "many") (param $p i32) (result i32)
      (local $i i32) (local $total i32)
      (drop (call $check-strings (local.get $p) (i32.const 9)))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (i32.const 9)))
          (local.set $total (i32.add (local.get $total)
            (i32.load offset=4 (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 3))))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.get $total))
    ;; results come back through a return area at 16
    (func (export "fetch-string") (result i32)
      (call $get-string (i32.const 16))
      (call $expect-aligned (i32.load (i32.const 16)) (i32.const 1))
      (i32.load (i32.const 20)))
    (func (export "fetch-list") (result i32)
      (call $get-list (i32.const 16))
      (call $expect-aligned (i32.load (i32.const 16)) (i32.const 8))
      (i32.load (i32.const 20)))
    (func (export "fetch-strings") (result i32)
      (call $get-strings (i32.const 16))
      (call $check-strings (i32.load (i32.const 16)) (i32.load (i32.const 20))))
    (func (export "realloc-calls") (result i32) (global.get $calls)))
  (core instance $main (instantiate $Main (with "alloc" (instance $alloc)) (with "src" (instance $src))))

  (type $u64s (list u64))
  (type $strings (list string))
  (func (export "string-len") (param "s" string) (result u32)
    (canon lift (core func $main "string-len") (memory $mem) (realloc $realloc)))
  (func (export "string16-len") (param "s" string) (result u32)
    (canon lift (core func $main "string16-len") (memory $mem) (realloc $realloc) string-encoding=utf16))
  (func (export "compact-len") (param "s" string) (result u32)
    (canon lift (core func $main "compact-len") (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
  (func (export "list-len") (param "l" $u64s) (result u32)
    (canon lift (core func $main "list-len") (memory $mem) (realloc $realloc)))
  (func (export "strings-len") (param "l" $strings) (result u32)
    (canon lift (core func $main "strings-len") (memory $mem) (realloc $realloc)))
  (func (export "many") (param "a" string) (param "b" string) (param "c" string) (param "d" string)
    (param "e" string) (param "f" string) (param "g" string) (param "h" string) (param "i" string) (result u32)
    (canon lift (core func $main "many") (memory $mem) (realloc $realloc)))
  (func (export "fetch-string") (result u32) (canon lift (core func $main "fetch-string")))
  (func (export "fetch-list") (result u32) (canon lift (core func $main "fetch-list")))
  (func (export "fetch-strings") (result u32) (canon lift (core func $main "fetch-strings")))
  (func (export "realloc-calls") (result u32) (canon lift (core func $main "realloc-calls")))
)
