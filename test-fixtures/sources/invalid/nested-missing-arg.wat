;; rule: instantiating a nested component must supply every import it declares
(component
  (component $inner
    (import "f" (func))
  )
  (instance (instantiate $inner))
)
