;; rule: an instantiation argument must be a subtype of the import it satisfies
(component
  (import "g" (func $g (param "x" u32)))
  (component $inner
    (import "f" (func (param "x" string)))
  )
  (instance (instantiate $inner (with "f" (func $g))))
)
