;; Hand-written component that imports wasi:sockets tcp, udp and their create-socket interfaces (0.2.12) with
;; every address and option function, and re-exports them unchanged as instances "tcp", "udp", "tcp-create" and
;; "udp-create", with the wasi:io poll and stream functions as "io-poll" and "io-streams": a test calls the
;; host's implementations through the component runtime with plain values.
(component $c
  (import "wasi:io/error@0.2.12" (instance $ioerr (export "error" (type (sub resource)))))
  (alias export $ioerr "error" (type $io-error))
  (import "wasi:io/poll@0.2.12" (instance $poll
    (export "pollable" (type $p (sub resource)))
    (export "[method]pollable.ready" (func (param "self" (borrow $p)) (result bool)))
    (export "[method]pollable.block" (func (param "self" (borrow $p))))))
  (alias export $poll "pollable" (type $pollable))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (alias outer $c $io-error (type $e))
    (export "error" (type $error (eq $e)))
    (alias outer $c $pollable (type $pl))
    (export "pollable" (type $pl2 (eq $pl)))
    (export "input-stream" (type $is (sub resource)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $error)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $se)))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result (list u8) (error $stream-error)))))
    (export "[method]output-stream.check-write" (func (param "self" (borrow $os)) (result (result u64 (error $stream-error)))))
    (export "[method]output-stream.write"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $stream-error)))))
    (export "[method]output-stream.flush" (func (param "self" (borrow $os)) (result (result (error $stream-error)))))
    (export "[method]output-stream.blocking-flush"
      (func (param "self" (borrow $os)) (result (result (error $stream-error)))))
    (export "[method]output-stream.subscribe" (func (param "self" (borrow $os)) (result (own $pl2))))))
  (alias export $streams "input-stream" (type $input-stream))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:sockets/network@0.2.12" (instance $network
    (export "network" (type $n (sub resource)))
    (type $ec (enum "unknown" "access-denied" "not-supported" "invalid-argument" "out-of-memory" "timeout"
      "concurrency-conflict" "not-in-progress" "would-block" "invalid-state" "new-socket-limit"
      "address-not-bindable" "address-in-use" "remote-unreachable" "connection-refused" "connection-reset"
      "connection-aborted" "datagram-too-large" "name-unresolvable" "temporary-resolver-failure"
      "permanent-resolver-failure"))
    (export "error-code" (type $error-code (eq $ec)))
    (type $af (enum "ipv4" "ipv6"))
    (export "ip-address-family" (type $family (eq $af)))
    (type $v4 (tuple u8 u8 u8 u8))
    (export "ipv4-address" (type $ipv4 (eq $v4)))
    (type $v6 (tuple u16 u16 u16 u16 u16 u16 u16 u16))
    (export "ipv6-address" (type $ipv6 (eq $v6)))
    (type $v4s (record (field "port" u16) (field "address" $ipv4)))
    (export "ipv4-socket-address" (type $ipv4s (eq $v4s)))
    (type $v6s (record (field "port" u16) (field "flow-info" u32) (field "address" $ipv6) (field "scope-id" u32)))
    (export "ipv6-socket-address" (type $ipv6s (eq $v6s)))
    (type $sa (variant (case "ipv4" $ipv4s) (case "ipv6" $ipv6s)))
    (export "ip-socket-address" (type $socket-address (eq $sa)))))
  (alias export $network "network" (type $net))
  (alias export $network "error-code" (type $net-error))
  (alias export $network "ip-address-family" (type $family))
  (alias export $network "ip-socket-address" (type $socket-address))
  (import "wasi:sockets/instance-network@0.2.12" (instance $inet
    (alias outer $c $net (type $n))
    (export "network" (type $n2 (eq $n)))
    (export "instance-network" (func (result (own $n2))))))
  (import "wasi:sockets/tcp@0.2.12" (instance $tcp
    (alias outer $c $input-stream (type $is)) (export "input-stream" (type $is2 (eq $is)))
    (alias outer $c $output-stream (type $os)) (export "output-stream" (type $os2 (eq $os)))
    (alias outer $c $pollable (type $p)) (export "pollable" (type $p2 (eq $p)))
    (alias outer $c $net (type $n)) (export "network" (type $n2 (eq $n)))
    (alias outer $c $net-error (type $e)) (export "error-code" (type $e2 (eq $e)))
    (alias outer $c $family (type $f)) (export "ip-address-family" (type $f2 (eq $f)))
    (alias outer $c $socket-address (type $sa)) (export "ip-socket-address" (type $sa2 (eq $sa)))
    (export "tcp-socket" (type $s (sub resource)))
    (export "[method]tcp-socket.start-bind" (func (param "self" (borrow $s)) (param "network" (borrow $n2))
      (param "local-address" $sa2) (result (result (error $e2)))))
    (export "[method]tcp-socket.finish-bind" (func (param "self" (borrow $s)) (result (result (error $e2)))))
    (export "[method]tcp-socket.start-listen" (func (param "self" (borrow $s)) (result (result (error $e2)))))
    (export "[method]tcp-socket.finish-listen" (func (param "self" (borrow $s)) (result (result (error $e2)))))
    (export "[method]tcp-socket.start-connect" (func (param "self" (borrow $s)) (param "network" (borrow $n2))
      (param "remote-address" $sa2) (result (result (error $e2)))))
    (export "[method]tcp-socket.finish-connect"
      (func (param "self" (borrow $s)) (result (result (tuple (own $is2) (own $os2)) (error $e2)))))
    (export "[method]tcp-socket.accept"
      (func (param "self" (borrow $s)) (result (result (tuple (own $s) (own $is2) (own $os2)) (error $e2)))))
    (export "[method]tcp-socket.local-address" (func (param "self" (borrow $s)) (result (result $sa2 (error $e2)))))
    (export "[method]tcp-socket.remote-address" (func (param "self" (borrow $s)) (result (result $sa2 (error $e2)))))
    (export "[method]tcp-socket.is-listening" (func (param "self" (borrow $s)) (result bool)))
    (export "[method]tcp-socket.address-family" (func (param "self" (borrow $s)) (result $f2)))
    (export "[method]tcp-socket.set-listen-backlog-size"
      (func (param "self" (borrow $s)) (param "value" u64) (result (result (error $e2)))))
    (export "[method]tcp-socket.keep-alive-enabled" (func (param "self" (borrow $s)) (result (result bool (error $e2)))))
    (export "[method]tcp-socket.set-keep-alive-enabled"
      (func (param "self" (borrow $s)) (param "value" bool) (result (result (error $e2)))))
    (export "[method]tcp-socket.keep-alive-idle-time" (func (param "self" (borrow $s)) (result (result u64 (error $e2)))))
    (export "[method]tcp-socket.set-keep-alive-idle-time"
      (func (param "self" (borrow $s)) (param "value" u64) (result (result (error $e2)))))
    (export "[method]tcp-socket.keep-alive-interval" (func (param "self" (borrow $s)) (result (result u64 (error $e2)))))
    (export "[method]tcp-socket.set-keep-alive-interval"
      (func (param "self" (borrow $s)) (param "value" u64) (result (result (error $e2)))))
    (export "[method]tcp-socket.keep-alive-count" (func (param "self" (borrow $s)) (result (result u32 (error $e2)))))
    (export "[method]tcp-socket.set-keep-alive-count"
      (func (param "self" (borrow $s)) (param "value" u32) (result (result (error $e2)))))
    (export "[method]tcp-socket.hop-limit" (func (param "self" (borrow $s)) (result (result u8 (error $e2)))))
    (export "[method]tcp-socket.set-hop-limit"
      (func (param "self" (borrow $s)) (param "value" u8) (result (result (error $e2)))))
    (export "[method]tcp-socket.receive-buffer-size" (func (param "self" (borrow $s)) (result (result u64 (error $e2)))))
    (export "[method]tcp-socket.set-receive-buffer-size"
      (func (param "self" (borrow $s)) (param "value" u64) (result (result (error $e2)))))
    (export "[method]tcp-socket.send-buffer-size" (func (param "self" (borrow $s)) (result (result u64 (error $e2)))))
    (export "[method]tcp-socket.set-send-buffer-size"
      (func (param "self" (borrow $s)) (param "value" u64) (result (result (error $e2)))))
    (export "[method]tcp-socket.subscribe" (func (param "self" (borrow $s)) (result (own $p2))))))
  (alias export $tcp "tcp-socket" (type $tcp-socket))
  (import "wasi:sockets/tcp-create-socket@0.2.12" (instance $tcp-create
    (alias outer $c $net-error (type $e)) (export "error-code" (type $e2 (eq $e)))
    (alias outer $c $family (type $f)) (export "ip-address-family" (type $f2 (eq $f)))
    (alias outer $c $tcp-socket (type $s)) (export "tcp-socket" (type $s2 (eq $s)))
    (export "create-tcp-socket" (func (param "address-family" $f2) (result (result (own $s2) (error $e2)))))))
  (import "wasi:sockets/udp@0.2.12" (instance $udp
    (alias outer $c $pollable (type $p)) (export "pollable" (type $p2 (eq $p)))
    (alias outer $c $net (type $n)) (export "network" (type $n2 (eq $n)))
    (alias outer $c $net-error (type $e)) (export "error-code" (type $e2 (eq $e)))
    (alias outer $c $family (type $f)) (export "ip-address-family" (type $f2 (eq $f)))
    (alias outer $c $socket-address (type $sa)) (export "ip-socket-address" (type $sa2 (eq $sa)))
    (export "udp-socket" (type $s (sub resource)))
    (export "incoming-datagram-stream" (type $in (sub resource)))
    (export "outgoing-datagram-stream" (type $out (sub resource)))
    (export "[method]udp-socket.start-bind" (func (param "self" (borrow $s)) (param "network" (borrow $n2))
      (param "local-address" $sa2) (result (result (error $e2)))))
    (export "[method]udp-socket.finish-bind" (func (param "self" (borrow $s)) (result (result (error $e2)))))
    (export "[method]udp-socket.stream" (func (param "self" (borrow $s)) (param "remote-address" (option $sa2))
      (result (result (tuple (own $in) (own $out)) (error $e2)))))
    (export "[method]udp-socket.local-address" (func (param "self" (borrow $s)) (result (result $sa2 (error $e2)))))
    (export "[method]udp-socket.remote-address" (func (param "self" (borrow $s)) (result (result $sa2 (error $e2)))))
    (export "[method]udp-socket.address-family" (func (param "self" (borrow $s)) (result $f2)))
    (export "[method]udp-socket.unicast-hop-limit" (func (param "self" (borrow $s)) (result (result u8 (error $e2)))))
    (export "[method]udp-socket.set-unicast-hop-limit"
      (func (param "self" (borrow $s)) (param "value" u8) (result (result (error $e2)))))
    (export "[method]udp-socket.receive-buffer-size" (func (param "self" (borrow $s)) (result (result u64 (error $e2)))))
    (export "[method]udp-socket.set-receive-buffer-size"
      (func (param "self" (borrow $s)) (param "value" u64) (result (result (error $e2)))))
    (export "[method]udp-socket.send-buffer-size" (func (param "self" (borrow $s)) (result (result u64 (error $e2)))))
    (export "[method]udp-socket.set-send-buffer-size"
      (func (param "self" (borrow $s)) (param "value" u64) (result (result (error $e2)))))
    (export "[method]udp-socket.subscribe" (func (param "self" (borrow $s)) (result (own $p2))))))
  (alias export $udp "udp-socket" (type $udp-socket))
  (import "wasi:sockets/udp-create-socket@0.2.12" (instance $udp-create
    (alias outer $c $net-error (type $e)) (export "error-code" (type $e2 (eq $e)))
    (alias outer $c $family (type $f)) (export "ip-address-family" (type $f2 (eq $f)))
    (alias outer $c $udp-socket (type $s)) (export "udp-socket" (type $s2 (eq $s)))
    (export "create-udp-socket" (func (param "address-family" $f2) (result (result (own $s2) (error $e2)))))))
  (export "io-poll" (instance $poll))
  (export "io-streams" (instance $streams))
  (export "network" (instance $inet))
  (export "tcp" (instance $tcp))
  (export "tcp-create" (instance $tcp-create))
  (export "udp" (instance $udp))
  (export "udp-create" (instance $udp-create))
)
