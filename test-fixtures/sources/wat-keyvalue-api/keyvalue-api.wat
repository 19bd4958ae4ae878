;; Hand-written component that imports wasi:keyvalue store, atomics and batch (0.2.0-draft) and re-exports them
;; unchanged as "store", "atomics" and "batch": a test drives the host's in-memory key-value store.
(component $c
  (import "wasi:keyvalue/store@0.2.0-draft" (instance $store
    (type $e (variant (case "no-such-store") (case "access-denied") (case "other" string)))
    (export "error" (type $error (eq $e)))
    (type $kr (record (field "keys" (list string)) (field "cursor" (option u64))))
    (export "key-response" (type $key-response (eq $kr)))
    (export "bucket" (type $bucket (sub resource)))
    (export "open" (func (param "identifier" string) (result (result (own $bucket) (error $error)))))
    (export "[method]bucket.get"
      (func (param "self" (borrow $bucket)) (param "key" string) (result (result (option (list u8)) (error $error)))))
    (export "[method]bucket.set"
      (func (param "self" (borrow $bucket)) (param "key" string) (param "value" (list u8)) (result (result (error $error)))))
    (export "[method]bucket.delete"
      (func (param "self" (borrow $bucket)) (param "key" string) (result (result (error $error)))))
    (export "[method]bucket.exists"
      (func (param "self" (borrow $bucket)) (param "key" string) (result (result bool (error $error)))))
    (export "[method]bucket.list-keys"
      (func (param "self" (borrow $bucket)) (param "cursor" (option u64)) (result (result $key-response (error $error)))))))
  (alias export $store "bucket" (type $bucket))
  (alias export $store "error" (type $error))
  (import "wasi:keyvalue/atomics@0.2.0-draft" (instance $atomics
    (alias outer $c $bucket (type $b)) (export "bucket" (type $b2 (eq $b)))
    (alias outer $c $error (type $e)) (export "error" (type $e2 (eq $e)))
    (export "increment" (func (param "bucket" (borrow $b2)) (param "key" string) (param "delta" u64)
      (result (result u64 (error $e2)))))))
  (import "wasi:keyvalue/batch@0.2.0-draft" (instance $batch
    (alias outer $c $bucket (type $b)) (export "bucket" (type $b2 (eq $b)))
    (alias outer $c $error (type $e)) (export "error" (type $e2 (eq $e)))
    (export "get-many" (func (param "bucket" (borrow $b2)) (param "keys" (list string))
      (result (result (list (option (tuple string (list u8)))) (error $e2)))))
    (export "set-many" (func (param "bucket" (borrow $b2)) (param "key-values" (list (tuple string (list u8))))
      (result (result (error $e2)))))
    (export "delete-many" (func (param "bucket" (borrow $b2)) (param "keys" (list string))
      (result (result (error $e2)))))))
  (export "store" (instance $store))
  (export "atomics" (instance $atomics))
  (export "batch" (instance $batch))
)
