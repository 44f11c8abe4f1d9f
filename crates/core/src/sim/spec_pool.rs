//! Equal pod specs kept once. The pods one template makes have the same spec until each is
//! bound to a node, so they share one copy of it, and the pods bound to one node share one bound
//! copy: a long run keeps many finished pods. A pod's spec is copy-on-write (`Arc::make_mut`),
//! so a pod whose spec changes gets its own and the sharing is never visible.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::api::priority_class::PodPriority;
use crate::api::PodSpec;

#[derive(Debug, Default)]
pub struct SpecPool {
    /// The template the last pod was made from, the priority admission gave it, and the
    /// admitted spec made of them.
    template: Option<(PodSpec, PodPriority, Arc<PodSpec>)>,
    /// Per node, the last shared spec bound to it and its bound copy.
    bound: BTreeMap<String, (Arc<PodSpec>, Arc<PodSpec>)>,
}

impl SpecPool {
    /// The spec of a pod made from `template` with `priority`: the last pod's when both are the
    /// same (compared, not copied), else the template admitted by `admit` (which must depend on
    /// nothing but them).
    pub fn from_template(
        &mut self,
        template: &PodSpec,
        priority: &PodPriority,
        admit: impl FnOnce(&mut PodSpec),
    ) -> Arc<PodSpec> {
        if let Some((kept, kept_priority, admitted)) = &self.template {
            if kept == template && kept_priority == priority {
                return Arc::clone(admitted);
            }
        }
        let mut spec = template.clone();
        admit(&mut spec);
        let admitted = Arc::new(spec);
        self.template = Some((template.clone(), priority.clone(), Arc::clone(&admitted)));
        admitted
    }

    /// Sets the spec's node (the binding subresource). A spec other pods share becomes the
    /// bound copy of it made for an earlier pod on this node, or a new one the next share (the
    /// pool holds the unbound spec, so its address names it); a spec of its own is set in place.
    pub fn bind(&mut self, spec: &mut Arc<PodSpec>, node: &str) {
        if let Some((unbound, bound)) = self.bound.get(node) {
            if Arc::ptr_eq(unbound, spec) {
                *spec = Arc::clone(bound);
                return;
            }
        }
        let shared = (Arc::strong_count(spec) > 1).then(|| Arc::clone(spec));
        Arc::make_mut(spec).node_name = Some(node.to_string());
        if let Some(unbound) = shared {
            self.bound
                .insert(node.to_string(), (unbound, Arc::clone(spec)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(image: &str) -> PodSpec {
        PodSpec {
            containers: vec![crate::api::Container {
                name: "c".into(),
                image: Some(image.into()),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn admit(spec: &mut PodSpec) {
        spec.priority = Some(0);
    }

    #[test]
    fn pods_of_one_template_share_its_admitted_spec() {
        let mut pool = SpecPool::default();
        let none = PodPriority::without_class();
        let first = pool.from_template(&template("busybox"), &none, admit);
        let second = pool.from_template(&template("busybox"), &none, |_| panic!("admitted twice"));
        assert_eq!(first.priority, Some(0));
        assert!(Arc::ptr_eq(&first, &second));
        let other = pool.from_template(&template("perl"), &none, admit);
        assert_eq!(other.containers[0].image.as_deref(), Some("perl"));
        assert_eq!(first.containers[0].image.as_deref(), Some("busybox"));
    }

    #[test]
    fn a_new_default_class_makes_a_new_spec() {
        let mut pool = SpecPool::default();
        let first = pool.from_template(&template("busybox"), &PodPriority::without_class(), admit);
        let low = PodPriority {
            class_name: Some("low".into()),
            value: -5,
            preemption_policy: "PreemptLowerPriority",
        };
        let second = pool.from_template(&template("busybox"), &low, |s| s.priority = Some(-5));
        assert_eq!(second.priority, Some(-5));
        assert!(!Arc::ptr_eq(&first, &second));
    }

    #[test]
    fn pods_of_one_spec_bound_to_one_node_share_the_bound_copy() {
        let mut pool = SpecPool::default();
        let unbound =
            pool.from_template(&template("busybox"), &PodPriority::without_class(), admit);
        let (mut first, mut second, mut third) =
            (unbound.clone(), unbound.clone(), unbound.clone());
        pool.bind(&mut first, "a");
        pool.bind(&mut second, "a");
        pool.bind(&mut third, "b");
        assert_eq!(first.node_name.as_deref(), Some("a"));
        assert!(Arc::ptr_eq(&first, &second));
        assert_eq!(third.node_name.as_deref(), Some("b"));
        assert_eq!(unbound.node_name, None);
    }

    #[test]
    fn a_spec_of_its_own_is_bound_in_place() {
        let mut pool = SpecPool::default();
        let mut own = Arc::new(template("busybox"));
        let before = Arc::as_ptr(&own);
        pool.bind(&mut own, "a");
        assert_eq!(own.node_name.as_deref(), Some("a"));
        assert_eq!(Arc::as_ptr(&own), before);
    }
}
