;; Hand-written component that imports wasi:blobstore types, container and blobstore (0.2.0-draft, as wasmCloud 1.x
;; components import them) with the wasi:io stream functions a blob's value is read and written through, and
;; re-exports the instances unchanged as "streams", "types", "container" and "blobstore": a test drives the host's
;; directory-backed blobstore with plain values. The types follow the WIT of WebAssembly/wasi-blobstore v0.2.0-draft.
(component $c
  (import "wasi:io/error@0.2.1" (instance $ioerr (export "error" (type (sub resource)))))
  (alias export $ioerr "error" (type $io-error))
  (import "wasi:io/streams@0.2.1" (instance $streams
    (alias outer $c $io-error (type $e))
    (export "error" (type $error (eq $e)))
    (export "input-stream" (type $is (sub resource)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $error)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $se)))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result (list u8) (error $stream-error)))))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $stream-error)))))))
  (alias export $streams "input-stream" (type $input-stream))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:blobstore/types@0.2.0-draft" (instance $types
    (alias outer $c $input-stream (type $is))
    (export "input-stream" (type $is2 (eq $is)))
    (alias outer $c $output-stream (type $os))
    (export "output-stream" (type $os2 (eq $os)))
    (type $s string)
    (export "container-name" (type $container-name (eq $s)))
    (export "object-name" (type $object-name (eq $s)))
    (type $u u64)
    (export "timestamp" (type $timestamp (eq $u)))
    (export "object-size" (type $object-size (eq $u)))
    (export "error" (type $error (eq $s)))
    (type $cm (record (field "name" $container-name) (field "created-at" $timestamp)))
    (export "container-metadata" (type $container-metadata (eq $cm)))
    (type $om (record (field "name" $object-name) (field "container" $container-name)
      (field "created-at" $timestamp) (field "size" $object-size)))
    (export "object-metadata" (type $object-metadata (eq $om)))
    (type $oid (record (field "container" $container-name) (field "object" $object-name)))
    (export "object-id" (type $object-id (eq $oid)))
    (export "outgoing-value" (type $ov (sub resource)))
    (export "incoming-value" (type $iv (sub resource)))
    (export "incoming-value-async-body" (type $async-body (eq $is2)))
    (type $bytes (list u8))
    (export "incoming-value-sync-body" (type $sync-body (eq $bytes)))
    (export "[static]outgoing-value.new-outgoing-value" (func (result (own $ov))))
    (export "[method]outgoing-value.outgoing-value-write-body"
      (func (param "self" (borrow $ov)) (result (result (own $os2)))))
    (export "[static]outgoing-value.finish" (func (param "this" (own $ov)) (result (result (error $error)))))
    (export "[static]incoming-value.incoming-value-consume-sync"
      (func (param "this" (own $iv)) (result (result $sync-body (error $error)))))
    (export "[static]incoming-value.incoming-value-consume-async"
      (func (param "this" (own $iv)) (result (result (own $async-body) (error $error)))))
    (export "[method]incoming-value.size" (func (param "self" (borrow $iv)) (result u64)))))
  (alias export $types "error" (type $error))
  (alias export $types "container-metadata" (type $container-metadata))
  (alias export $types "object-metadata" (type $object-metadata))
  (alias export $types "object-id" (type $object-id))
  (alias export $types "outgoing-value" (type $outgoing-value))
  (alias export $types "incoming-value" (type $incoming-value))
  (import "wasi:blobstore/container@0.2.0-draft" (instance $container
    (alias outer $c $input-stream (type $is))
    (export "input-stream" (type $is2 (eq $is)))
    (alias outer $c $output-stream (type $os))
    (export "output-stream" (type $os2 (eq $os)))
    (alias outer $c $container-metadata (type $cm))
    (export "container-metadata" (type $container-metadata (eq $cm)))
    (alias outer $c $error (type $e))
    (export "error" (type $error (eq $e)))
    (alias outer $c $incoming-value (type $iv))
    (export "incoming-value" (type $incoming-value (eq $iv)))
    (alias outer $c $object-metadata (type $om))
    (export "object-metadata" (type $object-metadata (eq $om)))
    (type $s string)
    (export "object-name" (type $object-name (eq $s)))
    (alias outer $c $outgoing-value (type $ov))
    (export "outgoing-value" (type $outgoing-value (eq $ov)))
    (export "container" (type $ct (sub resource)))
    (export "stream-object-names" (type $son (sub resource)))
    (export "[method]container.name" (func (param "self" (borrow $ct)) (result (result string (error $error)))))
    (export "[method]container.info"
      (func (param "self" (borrow $ct)) (result (result $container-metadata (error $error)))))
    (export "[method]container.get-data"
      (func (param "self" (borrow $ct)) (param "name" $object-name) (param "start" u64) (param "end" u64)
        (result (result (own $incoming-value) (error $error)))))
    (export "[method]container.write-data"
      (func (param "self" (borrow $ct)) (param "name" $object-name) (param "data" (borrow $outgoing-value))
        (result (result (error $error)))))
    (export "[method]container.list-objects"
      (func (param "self" (borrow $ct)) (result (result (own $son) (error $error)))))
    (export "[method]container.delete-object"
      (func (param "self" (borrow $ct)) (param "name" $object-name) (result (result (error $error)))))
    (export "[method]container.delete-objects"
      (func (param "self" (borrow $ct)) (param "names" (list $object-name)) (result (result (error $error)))))
    (export "[method]container.has-object"
      (func (param "self" (borrow $ct)) (param "name" $object-name) (result (result bool (error $error)))))
    (export "[method]container.object-info"
      (func (param "self" (borrow $ct)) (param "name" $object-name) (result (result $object-metadata (error $error)))))
    (export "[method]container.clear" (func (param "self" (borrow $ct)) (result (result (error $error)))))
    (export "[method]stream-object-names.read-stream-object-names"
      (func (param "self" (borrow $son)) (param "len" u64)
        (result (result (tuple (list $object-name) bool) (error $error)))))
    (export "[method]stream-object-names.skip-stream-object-names"
      (func (param "self" (borrow $son)) (param "num" u64) (result (result (tuple u64 bool) (error $error)))))))
  (alias export $container "container" (type $container-res))
  (import "wasi:blobstore/blobstore@0.2.0-draft" (instance $blobstore
    (alias outer $c $container-res (type $ct))
    (export "container" (type $container (eq $ct)))
    (alias outer $c $error (type $e))
    (export "error" (type $error (eq $e)))
    (type $s string)
    (export "container-name" (type $container-name (eq $s)))
    (alias outer $c $object-id (type $oid))
    (export "object-id" (type $object-id (eq $oid)))
    (export "create-container"
      (func (param "name" $container-name) (result (result (own $container) (error $error)))))
    (export "get-container"
      (func (param "name" $container-name) (result (result (own $container) (error $error)))))
    (export "delete-container" (func (param "name" $container-name) (result (result (error $error)))))
    (export "container-exists" (func (param "name" $container-name) (result (result bool (error $error)))))
    (export "copy-object" (func (param "src" $object-id) (param "dest" $object-id) (result (result (error $error)))))
    (export "move-object" (func (param "src" $object-id) (param "dest" $object-id) (result (result (error $error)))))))
  (export "streams" (instance $streams))
  (export "types" (instance $types))
  (export "container" (instance $container))
  (export "blobstore" (instance $blobstore))
)
