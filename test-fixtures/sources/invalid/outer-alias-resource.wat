;; rule: an outer alias must not carry a resource type into a nested component (resources are generative)
(component $A
  (type $t (resource (rep i32)))
  (type $u (own $t))
  (component
    (alias outer $A $u (type)))
)
