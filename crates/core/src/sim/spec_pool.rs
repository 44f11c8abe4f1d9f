//! Equal pod specs kept once. The pods one template makes differ in their spec only by the node
//! they are bound to (and an Indexed Job's hostname), so the store shares one copy per node the
//! way an interner shares strings: a pod's spec is copy-on-write (`Arc::make_mut`), and a pod
//! whose spec changes gets its own, so sharing is never visible.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::api::PodSpec;

/// The last spec written for each node (the unbound ones under `None`), and per node the last
/// spec bound to it with its bound copy.
#[derive(Debug, Default)]
pub struct SpecPool {
    last: BTreeMap<Option<String>, Arc<PodSpec>>,
    bound: BTreeMap<String, (Arc<PodSpec>, Arc<PodSpec>)>,
}

impl SpecPool {
    /// Makes `spec` share the pool's copy when they are equal; otherwise it becomes the copy
    /// that the node's next pods share.
    pub fn share(&mut self, spec: &mut Arc<PodSpec>) {
        match self.last.get(&spec.node_name) {
            Some(kept) if Arc::ptr_eq(kept, spec) => {}
            Some(kept) if **kept == **spec => *spec = Arc::clone(kept),
            _ => {
                self.last.insert(spec.node_name.clone(), Arc::clone(spec));
            }
        }
    }

    /// Sets the spec's node: the bound copy of this same spec when an earlier pod made one
    /// (the pool holds the unbound spec, so its address names it), else a new shared copy.
    pub fn bind(&mut self, spec: &mut Arc<PodSpec>, node: &str) {
        if let Some((unbound, bound)) = self.bound.get(node) {
            if Arc::ptr_eq(unbound, spec) {
                *spec = Arc::clone(bound);
                return;
            }
        }
        let unbound = Arc::clone(spec);
        Arc::make_mut(spec).node_name = Some(node.to_string());
        self.share(spec);
        self.bound
            .insert(node.to_string(), (unbound, Arc::clone(spec)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(node: Option<&str>, image: &str) -> Arc<PodSpec> {
        Arc::new(PodSpec {
            node_name: node.map(str::to_string),
            containers: vec![crate::api::Container {
                name: "c".into(),
                image: Some(image.into()),
                ..Default::default()
            }],
            ..Default::default()
        })
    }

    #[test]
    fn equal_specs_share_one_copy_per_node() {
        let mut pool = SpecPool::default();
        let mut first = spec(Some("a"), "busybox");
        let mut second = spec(Some("a"), "busybox");
        let mut elsewhere = spec(Some("b"), "busybox");
        pool.share(&mut first);
        pool.share(&mut second);
        pool.share(&mut elsewhere);
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&first, &elsewhere));
    }

    #[test]
    fn a_different_spec_is_kept_apart_and_shared_by_the_next_ones() {
        let mut pool = SpecPool::default();
        let mut old = spec(None, "busybox");
        let mut new = spec(None, "perl");
        let mut newer = spec(None, "perl");
        pool.share(&mut old);
        pool.share(&mut new);
        pool.share(&mut newer);
        assert_eq!(old.containers[0].image.as_deref(), Some("busybox"));
        assert!(!Arc::ptr_eq(&old, &new));
        assert!(Arc::ptr_eq(&new, &newer));
    }

    #[test]
    fn pods_of_one_spec_bound_to_one_node_share_the_bound_copy() {
        let mut pool = SpecPool::default();
        let unbound = spec(None, "busybox");
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
    fn changing_a_shared_spec_leaves_the_others_alone() {
        let mut pool = SpecPool::default();
        let mut first = spec(None, "busybox");
        let mut second = spec(None, "busybox");
        pool.share(&mut first);
        pool.share(&mut second);
        Arc::make_mut(&mut second).node_name = Some("a".into());
        assert_eq!(first.node_name, None);
        assert_eq!(second.node_name.as_deref(), Some("a"));
    }
}
