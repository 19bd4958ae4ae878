;; rule: an instantiation argument for an abstract resource import must be a resource type
(component
  (type $n u32)
  (component $inner
    (import "r" (type (sub resource))))
  (instance (instantiate $inner (with "r" (type $n))))
)
