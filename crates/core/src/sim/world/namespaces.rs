//! The namespaces the cluster starts with: its own four and the scenario's.

use super::World;

impl World {
    /// Makes the scenario's namespaces (the cluster's own and its Namespace documents) at t = 0.
    pub(super) fn register_namespaces(&mut self, names: &[String]) {
        let now = self.api_now();
        for name in names {
            self.store.ensure_namespace(name, Some(now));
        }
    }
}
