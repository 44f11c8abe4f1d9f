//! The API token the ServiceAccount admission plugin gives a new pod: a projected volume named
//! `kube-api-access-` and five random characters, mounted read-only in every container at the
//! path client libraries read it from.
//!
//! The pods of a template share one spec ([`crate::sim::spec_pool`]), and the volume's random
//! name is the only part of it that admission makes each pod's own. So the store keeps the
//! name admission drew ([`TokenVolume`]) beside the shared spec, and the pod is read with the
//! volume mounted ([`served`]) wherever it is read as the API server returns it (kubectl).
//! Nothing the simulation does reads a pod's volumes. The names come from a stream of the run's
//! seed of their own, so that drawing them moves none of the run's other draws.
// Upstream: plugin/pkg/admission/serviceaccount/admission.go (shouldAutomount,
// mountServiceAccountToken, TokenVolumeSource)

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use crate::api::pod::{Container, Volume, VolumeMount};
use crate::api::{Pod, PodSpec};
use crate::sim::rng::{SimRng, NAME_SUFFIX_LEN};

/// The stream of the run's seed that names the token volumes (the run's own draws are stream 0,
/// the container runtime's 1).
pub const TOKEN_VOLUME_STREAM: u64 = 2;

/// Where every container finds the token. Upstream: admission.go DefaultAPITokenMountPath
const API_TOKEN_MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

/// The token volume's name before its generated suffix. Upstream: ServiceAccountVolumeName
const TOKEN_VOLUME_PREFIX: &str = "kube-api-access-";

/// The name admission drew for a pod's token volume: its five random characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenVolume([u8; NAME_SUFFIX_LEN]);

impl TokenVolume {
    /// The name admission draws for a new pod of `spec`: when it mounts the token and the pod
    /// names no token volume of its own (upstream draws it then, before it knows whether a
    /// container needs it).
    // Upstream: admission.go mountServiceAccountToken (generateName when no volume is found)
    pub fn draw(spec: &PodSpec, rng: &mut SimRng) -> Option<TokenVolume> {
        let draws = should_automount(spec) && own_token_volume(spec).is_none();
        draws.then(|| TokenVolume(rng.name_suffix_bytes()))
    }

    fn name(self) -> String {
        let suffix = self.0.map(char::from);
        TOKEN_VOLUME_PREFIX.chars().chain(suffix).collect()
    }
}

/// Whether the plugin mounts the token in a pod: unless the pod opts out. The service account
/// is always the namespace's `default`, which does not opt out.
// Upstream: admission.go shouldAutomount (the pod's automountServiceAccountToken first)
fn should_automount(spec: &PodSpec) -> bool {
    spec.automount_service_account_token != Some(false)
}

/// The token volume the pod names itself, if any.
fn own_token_volume(spec: &PodSpec) -> Option<&str> {
    let volumes = spec.volumes.iter().flatten();
    volumes
        .map(|v| v.name.as_str())
        .find(|name| name.starts_with(TOKEN_VOLUME_PREFIX))
}

/// Admission's part that every pod of a template shares: a pod that names a token volume of
/// its own gets it mounted in each container that mounts nothing at the token's path.
pub fn mount_own_token_volume(spec: &mut PodSpec) {
    if !should_automount(spec) {
        return;
    }
    if let Some(name) = own_token_volume(spec).map(str::to_string) {
        mount_token_volume(spec, &name, true);
    }
}

/// The pod as the API server keeps it: with the token volume admission named for it mounted;
/// the pod itself when admission named none.
pub fn served(pod: &Pod, token: Option<TokenVolume>) -> Cow<'_, Pod> {
    let (Some(token), Some(_)) = (token, &pod.spec) else {
        return Cow::Borrowed(pod);
    };
    let mut pod = pod.clone();
    if let Some(spec) = pod.spec.as_mut().map(Arc::make_mut) {
        // A pod written back as it was read names its volume already.
        match own_token_volume(spec).map(str::to_string) {
            Some(name) => mount_token_volume(spec, &name, true),
            None => mount_token_volume(spec, &token.name(), false),
        }
    }
    Cow::Owned(pod)
}

/// Mounts the volume `name` in each container (init containers first) that mounts nothing at
/// the token's path, and adds the volume if one of them needs it and the pod lacks it.
// Upstream: admission.go mountServiceAccountToken
fn mount_token_volume(spec: &mut PodSpec, name: &str, has_volume: bool) {
    let init = spec.init_containers.iter_mut().flatten();
    let mut needs_volume = false;
    for container in init.chain(spec.containers.iter_mut()) {
        needs_volume |= mount_token(container, name);
    }
    if needs_volume && !has_volume {
        spec.volumes.get_or_insert_with(Vec::new).push(Volume {
            name: name.to_string(),
            projected: Some(token_volume_source()),
            ..Default::default()
        });
    }
}

/// Mounts the token volume in the container unless something is mounted at its path already;
/// whether it did.
fn mount_token(container: &mut Container, volume: &str) -> bool {
    let mounts = container.volume_mounts.get_or_insert_with(Vec::new);
    if mounts.iter().any(|m| m.mount_path == API_TOKEN_MOUNT_PATH) {
        return false;
    }
    mounts.push(VolumeMount {
        name: volume.to_string(),
        read_only: Some(true),
        mount_path: API_TOKEN_MOUNT_PATH.into(),
        ..Default::default()
    });
    true
}

/// The projected sources of the token volume: a bound token (3607 s, the warn-only expiry the
/// API server gives a token it extends), the cluster's CA from `kube-root-ca.crt` and the pod's
/// namespace, each file mode 0644. Made once; every pod's volume shares it.
// Upstream: admission.go TokenVolumeSource; serviceaccount.WarnOnlyBoundTokenExpirationSeconds;
// core/v1 ProjectedVolumeSourceDefaultMode (0644)
fn token_volume_source() -> Arc<serde_json::Value> {
    static SOURCE: OnceLock<Arc<serde_json::Value>> = OnceLock::new();
    let source = SOURCE.get_or_init(|| {
        Arc::new(serde_json::json!({
            "defaultMode": 420,
            "sources": [
                { "serviceAccountToken": { "expirationSeconds": 3607, "path": "token" } },
                { "configMap": {
                    "name": "kube-root-ca.crt",
                    "items": [{ "key": "ca.crt", "path": "ca.crt" }],
                } },
                { "downwardAPI": {
                    "items": [{
                        "path": "namespace",
                        "fieldRef": { "apiVersion": "v1", "fieldPath": "metadata.namespace" },
                    }],
                } },
            ],
        }))
    });
    Arc::clone(source)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pod(spec: serde_json::Value) -> Pod {
        Pod {
            spec: Some(Arc::new(serde_json::from_value(spec).unwrap())),
            ..Default::default()
        }
    }

    fn spec(pod: &Pod) -> &PodSpec {
        pod.spec.as_deref().unwrap()
    }

    fn mounts(c: &Container) -> Vec<(&str, &str, Option<bool>)> {
        let mounts = c.volume_mounts.iter().flatten();
        mounts
            .map(|m| (m.name.as_str(), m.mount_path.as_str(), m.read_only))
            .collect()
    }

    /// A pod of `spec` admitted as the world admits one: the shared part, then its drawn name.
    fn admitted(value: serde_json::Value) -> (Pod, Option<TokenVolume>) {
        let mut pod = pod(value);
        let spec = pod.spec.as_mut().map(Arc::make_mut).unwrap();
        mount_own_token_volume(spec);
        let token = TokenVolume::draw(spec, &mut SimRng::from_seed(1));
        (pod, token)
    }

    #[test]
    fn every_container_mounts_one_new_token_volume() {
        let (stored, token) = admitted(serde_json::json!({
            "initContainers": [{ "name": "init" }],
            "containers": [{ "name": "a", "volumeMounts": [{ "name": "w", "mountPath": "/w" }] },
                           { "name": "b" }],
            "volumes": [{ "name": "w", "emptyDir": {} }],
        }));
        assert_eq!(
            spec(&stored).volumes.as_ref().unwrap().len(),
            1,
            "kept shared"
        );
        // Seed 1's first name suffix (rng.rs pins it).
        assert_eq!(
            token.map(TokenVolume::name).as_deref(),
            Some("kube-api-access-ndvhk")
        );
        let read = served(&stored, token);
        let pod = spec(&read);
        let mount = ("kube-api-access-ndvhk", API_TOKEN_MOUNT_PATH, Some(true));
        let init = &pod.init_containers.as_ref().unwrap()[0];
        assert_eq!(mounts(init), [mount]);
        assert_eq!(mounts(&pod.containers[0]), [("w", "/w", None), mount]);
        assert_eq!(mounts(&pod.containers[1]), [mount]);
        let volumes = pod.volumes.as_ref().unwrap();
        assert_eq!(volumes.len(), 2);
        assert_eq!(volumes[1].name, "kube-api-access-ndvhk");
        let sources = &volumes[1].projected.as_ref().unwrap()["sources"];
        assert_eq!(sources[0]["serviceAccountToken"]["expirationSeconds"], 3607);
        assert_eq!(sources[1]["configMap"]["name"], "kube-root-ca.crt");
        assert_eq!(
            sources[2]["downwardAPI"]["items"][0]["fieldRef"]["fieldPath"],
            "metadata.namespace"
        );
        // Read and written back, the pod is served the same: the volume is not added twice.
        let again = served(&read, token);
        assert_eq!(spec(&again), pod);
    }

    #[test]
    fn a_container_with_its_own_mount_there_and_a_volume_already_named_keep_theirs() {
        let (stored, token) = admitted(serde_json::json!({
            "containers": [
                { "name": "own", "volumeMounts": [{ "name": "mine", "mountPath": API_TOKEN_MOUNT_PATH }] },
                { "name": "other" },
            ],
            "volumes": [{ "name": "kube-api-access-given", "emptyDir": {} }],
        }));
        assert_eq!(token, None, "no name is drawn");
        let pod = spec(&stored);
        assert_eq!(
            mounts(&pod.containers[0]),
            [("mine", API_TOKEN_MOUNT_PATH, None)]
        );
        assert_eq!(
            mounts(&pod.containers[1]),
            [("kube-api-access-given", API_TOKEN_MOUNT_PATH, Some(true))]
        );
        assert_eq!(pod.volumes.as_ref().unwrap().len(), 1);
    }

    #[test]
    fn no_volume_when_every_container_mounts_its_own_or_the_pod_opts_out() {
        let (stored, token) = admitted(serde_json::json!({
            "containers": [{ "name": "own", "volumeMounts": [{ "name": "mine", "mountPath": API_TOKEN_MOUNT_PATH }] }],
        }));
        assert!(token.is_some(), "drawn before the containers are looked at");
        assert!(spec(&served(&stored, token)).volumes.is_none());
        let (_, token) = admitted(serde_json::json!({
            "automountServiceAccountToken": false,
            "containers": [{ "name": "a" }],
        }));
        assert_eq!(token, None);
    }
}
