;; Hand-written component using wasi:sockets/ip-name-lookup@0.2.12 (component-model text format).
;; export lookup: func(name: string) -> list<u8>
;;   the IPv4 addresses the name resolves to, 4 bytes each (IPv6 addresses are skipped); empty on any error.
(component $c
  (import "wasi:sockets/network@0.2.12" (instance $network
    (export "network" (type $n (sub resource)))
    (type $ec (enum "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory" "timeout"
      "concurrency-conflict" "not-in-progress" "would-block" "invalid-state" "new-socket-limit"
      "address-not-bindable" "address-in-use" "remote-unreachable" "connection-refused" "connection-reset"
      "connection-aborted" "datagram-too-large" "name-unresolvable" "temporary-resolver-failure"
      "permanent-resolver-failure"))
    (export "error-code" (type $error-code (eq $ec)))
    (type $v4 (tuple u8 u8 u8 u8))
    (export "ipv4-address" (type $ipv4 (eq $v4)))
    (type $v6 (tuple u16 u16 u16 u16 u16 u16 u16 u16))
    (export "ipv6-address" (type $ipv6 (eq $v6)))
    (type $ip (variant (case "ipv4" $ipv4) (case "ipv6" $ipv6)))
    (export "ip-address" (type $ip-address (eq $ip)))))
  (alias export $network "network" (type $net))
  (alias export $network "error-code" (type $net-error))
  (alias export $network "ip-address" (type $ip-address))
  (import "wasi:sockets/instance-network@0.2.12" (instance $inet
    (alias outer $c $net (type $n))
    (export "network" (type $n2 (eq $n)))
    (export "instance-network" (func (result (own $n2))))))
  (import "wasi:sockets/ip-name-lookup@0.2.12" (instance $lookup
    (alias outer $c $net (type $n)) (export "network" (type $n2 (eq $n)))
    (alias outer $c $net-error (type $e)) (export "error-code" (type $e2 (eq $e)))
    (alias outer $c $ip-address (type $ip)) (export "ip-address" (type $ip2 (eq $ip)))
    (export "resolve-address-stream" (type $s (sub resource)))
    (export "resolve-addresses" (func (param "network" (borrow $n2)) (param "name" string)
      (result (result (own $s) (error $e2)))))
    (export "[method]resolve-address-stream.resolve-next-address"
      (func (param "self" (borrow $s)) (result (result (option $ip2) (error $e2)))))))
  (alias export $lookup "resolve-address-stream" (type $stream))

  (core module $Libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 8192))
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      (local $ret i32)
      (local.set $ret (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                               (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $ret) (local.get 3)))
      (local.get $ret)))
  (core instance $libc (instantiate $Libc))
  (alias core export $libc "memory" (core memory $mem))
  (alias core export $libc "cabi_realloc" (core func $realloc))
  (alias export $inet "instance-network" (func $instance-network))
  (alias export $lookup "resolve-addresses" (func $resolve))
  (alias export $lookup "[method]resolve-address-stream.resolve-next-address" (func $next))
  (core func $instance-network-c (canon lower (func $instance-network)))
  (core func $resolve-c (canon lower (func $resolve) (memory $mem)))
  (core func $next-c (canon lower (func $next) (memory $mem)))
  (core func $drop-stream (canon resource.drop $stream))
  (core func $drop-network (canon resource.drop $net))
  (core instance $imports
    (export "instance-network" (func $instance-network-c)) (export "resolve" (func $resolve-c))
    (export "next" (func $next-c)) (export "drop-stream" (func $drop-stream))
    (export "drop-network" (func $drop-network)))
  (core module $Main
    (import "libc" "memory" (memory 1))
    (import "host" "instance-network" (func $instance-network (result i32)))
    (import "host" "resolve" (func $resolve (param i32 i32 i32 i32)))
    (import "host" "next" (func $next (param i32 i32)))
    (import "host" "drop-stream" (func $drop-stream (param i32)))
    (import "host" "drop-network" (func $drop-network (param i32)))
    ;; return areas: 64 resolve (u8 case, handle at 68), 80 next (result at 80, option at 82, ip at 84,
    ;; address at 86); 256 our result; addresses collected at 512
    (func (export "lookup") (param $nptr i32) (param $nlen i32) (result i32)
      (local $net i32) (local $stream i32) (local $n i32)
      (local.set $net (call $instance-network))
      (call $resolve (local.get $net) (local.get $nptr) (local.get $nlen) (i32.const 64))
      (if (i32.eqz (i32.load8_u (i32.const 64)))
        (then
          (local.set $stream (i32.load (i32.const 68)))
          (block $done
            (loop $more
              (call $next (local.get $stream) (i32.const 80))
              (br_if $done (i32.load8_u (i32.const 80)))
              (br_if $done (i32.eqz (i32.load8_u (i32.const 82))))
              (if (i32.eqz (i32.load8_u (i32.const 84)))
                (then
                  (i32.store (i32.add (i32.const 512) (local.get $n)) (i32.load (i32.const 86)))
                  (local.set $n (i32.add (local.get $n) (i32.const 4)))))
              (br_if $more (i32.lt_u (local.get $n) (i32.const 4096)))))
          (call $drop-stream (local.get $stream))))
      (call $drop-network (local.get $net))
      (i32.store (i32.const 256) (i32.const 512))
      (i32.store (i32.const 260) (local.get $n))
      (i32.const 256)))
  (core instance $main (instantiate $Main (with "libc" (instance $libc)) (with "host" (instance $imports))))
  (func $lookup-f (param "name" string) (result (list u8))
    (canon lift (core func $main "lookup") (memory $mem) (realloc $realloc)))
  (export "lookup" (func $lookup-f))
)
