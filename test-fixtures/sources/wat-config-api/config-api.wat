;; Hand-written component that imports wasi:config/store@0.2.0-draft and wasi:config/runtime@0.2.0-draft and
;; re-exports them unchanged as "store" and "runtime": a test reads a component's configuration through the host.
(component
  (import "wasi:config/store@0.2.0-draft" (instance $store
    (type $e (variant (case "upstream" string) (case "io" string)))
    (export "error" (type $error (eq $e)))
    (export "get" (func (param "key" string) (result (result (option string) (error $error)))))
    (export "get-all" (func (result (result (list (tuple string string)) (error $error)))))))
  (import "wasi:config/runtime@0.2.0-draft" (instance $runtime
    (type $e (variant (case "upstream" string) (case "io" string)))
    (export "config-error" (type $error (eq $e)))
    (export "get" (func (param "key" string) (result (result (option string) (error $error)))))
    (export "get-all" (func (result (result (list (tuple string string)) (error $error)))))))
  (export "store" (instance $store))
  (export "runtime" (instance $runtime))
)
