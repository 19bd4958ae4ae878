;; Hand-written component that imports wasi:logging/logging@0.1.0-draft and re-exports it unchanged as "logging":
;; a test logs through the host as a component would.
(component
  (import "wasi:logging/logging@0.1.0-draft" (instance $logging
    (type $l (enum "trace" "debug" "info" "warn" "error" "critical"))
    (export "level" (type $level (eq $l)))
    (export "log" (func (param "level" $level) (param "context" string) (param "message" string)))))
  (export "logging" (instance $logging))
)
