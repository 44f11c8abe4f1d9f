//! The cluster's namespaces: its own four, made when it starts, and the scenario's.

use super::World;

/// The namespaces every cluster starts with.
// Upstream: pkg/controlplane/controller/systemnamespaces (kube-system, kube-public,
// kube-node-lease) and the default namespace the API server makes
pub const SYSTEM_NAMESPACES: [&str; 4] =
    ["default", "kube-node-lease", "kube-public", "kube-system"];

impl World {
    /// Makes the cluster's own namespaces and the scenario's Namespace documents (at t = 0).
    pub(super) fn register_namespaces(&mut self, declared: &[String]) {
        let now = self.api_now();
        let names = SYSTEM_NAMESPACES
            .iter()
            .copied()
            .chain(declared.iter().map(String::as_str));
        for name in names {
            self.store.ensure_namespace(name, Some(now));
        }
    }
}
