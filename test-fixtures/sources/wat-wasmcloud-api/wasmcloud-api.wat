;; Hand-written component that imports the wasmCloud-host interface versions the other *-api fixtures lack and
;; re-exports them unchanged, so a test calls the host's implementations with plain values:
;;   wasi:config/store@0.2.0-rc.1   as "config-rc1"   (what wasmCloud's current http_counter imports)
;;   wasi:logging/logging            as "logging"      (unversioned, as wasmCloud 1.9 hosts also provide it)
;;   wasmcloud:bus/lattice@2.0.0     as "bus2"         (set-link-name returns result<_, string>)
(component
  (import "wasi:config/store@0.2.0-rc.1" (instance $config
    (type $e (variant (case "upstream" string) (case "io" string)))
    (export "error" (type $error (eq $e)))
    (export "get" (func (param "key" string) (result (result (option string) (error $error)))))
    (export "get-all" (func (result (result (list (tuple string string)) (error $error)))))))
  (import "wasi:logging/logging" (instance $logging
    (type $l (enum "trace" "debug" "info" "warn" "error" "critical"))
    (export "level" (type $level (eq $l)))
    (export "log" (func (param "level" $level) (param "context" string) (param "message" string)))))
  (import "wasmcloud:bus/lattice@2.0.0" (instance $bus
    (export "call-target-interface" (type $cti (sub resource)))
    (export "[constructor]call-target-interface"
      (func (param "namespace" string) (param "package" string) (param "interface" string) (result (own $cti))))
    (export "set-link-name"
      (func (param "name" string) (param "interfaces" (list (own $cti))) (result (result (error string)))))))
  (export "config-rc1" (instance $config))
  (export "logging" (instance $logging))
  (export "bus2" (instance $bus))
)
