//! The names the container runtime gives what it runs: a new ID for each container it creates,
//! 32 random bytes as containerd draws them (from a stream of the run's seed of their own, so
//! that naming containers moves none of the run's other draws), and each image's ID (the
//! repository at its digest), made once per image.

use std::sync::Arc;

use crate::sim::lookup::LookupMap;
use crate::sim::rng::SimRng;
use crate::sim::runtime::image;

/// The stream of the run's seed that names containers (the run's own draws are stream 0).
pub(super) const RUNTIME_STREAM: u64 = 1;

/// The runtime's generator and its table of image IDs, lent for a write of container statuses.
pub(super) struct RuntimeIds<'w> {
    pub rng: &'w mut SimRng,
    /// Image IDs by normalized reference.
    pub images: &'w mut LookupMap<String, Arc<str>>,
}

impl RuntimeIds<'_> {
    /// A new container's ID: `containerd://` and 64 hex digits.
    // Upstream: kubecontainer.ContainerID.String() ("<runtime>://<id>"); containerd names a
    // container with 32 random bytes in hex
    pub fn container(&mut self) -> String {
        const RUNTIME: &str = "containerd://";
        let mut id = String::with_capacity(RUNTIME.len() + 64);
        id.push_str(RUNTIME);
        self.rng.push_hex_256(&mut id);
        id
    }

    /// The ID of the image a container runs, by its normalized reference.
    pub fn image(&mut self, normalized: &str) -> Arc<str> {
        if let Some(id) = self.images.get(normalized) {
            return Arc::clone(id);
        }
        let id: Arc<str> = image::image_id(normalized).into();
        self.images.insert(normalized.to_string(), Arc::clone(&id));
        id
    }
}
