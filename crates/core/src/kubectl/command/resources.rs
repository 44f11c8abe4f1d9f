//! The resource types a command names (`jobs`, `job.batch`, `po`, `job/pi`…), and the objects
//! of the world they list, filtered by namespace, label selector and field selector.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::selector::{FieldSelector, LabelSelector};
use crate::api::{CronJob, Job, Namespace, Node, Pod, PriorityClass};
use crate::sim::store::Key;
use crate::sim::world::World;

/// A resource type the virtual cluster holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Resource {
    Pod,
    CronJob,
    Job,
    Event,
    Node,
    Namespace,
    PriorityClass,
}

impl Resource {
    /// The type a user names, as kubectl's RESTMapper resolves it (plural, singular, short
    /// name, with or without the group).
    // Upstream: apimachinery pkg/runtime/schema group_version.go ParseResourceArg
    pub fn parse(word: &str) -> Result<Resource, String> {
        let lower = word.to_lowercase();
        let (bare, group) = match lower.split_once('.') {
            Some((bare, group)) => (bare, Some(group.strip_suffix("/v1").unwrap_or(group))),
            None => (lower.as_str(), None),
        };
        let resource = match bare {
            "job" | "jobs" => Some(Resource::Job),
            "cronjob" | "cronjobs" | "cj" => Some(Resource::CronJob),
            "node" | "nodes" | "no" => Some(Resource::Node),
            "pod" | "pods" | "po" => Some(Resource::Pod),
            "event" | "events" | "ev" => Some(Resource::Event),
            "namespace" | "namespaces" | "ns" => Some(Resource::Namespace),
            "priorityclass" | "priorityclasses" | "pc" => Some(Resource::PriorityClass),
            _ => None,
        };
        match (resource, group) {
            (Some(r), None) => Ok(r),
            (Some(r), Some(g)) if !g.is_empty() && g == r.group() => Ok(r),
            _ => Err(format!(
                "error: the server doesn't have a resource type {word:?}"
            )),
        }
    }

    /// The API group: `batch`, `scheduling.k8s.io`, empty for the core group.
    pub fn group(self) -> &'static str {
        self.plural().split_once('.').map_or("", |(_, group)| group)
    }

    /// The resource without its group: `jobs`, `priorityclasses`.
    pub fn name(self) -> &'static str {
        let plural = self.plural();
        plural.split_once('.').map_or(plural, |(name, _)| name)
    }

    /// The name in the API server's errors: `jobs.batch`, `pods`.
    pub fn plural(self) -> &'static str {
        match self {
            Resource::Job => "jobs.batch",
            Resource::CronJob => "cronjobs.batch",
            Resource::Pod => "pods",
            Resource::Event => "events",
            Resource::Node => "nodes",
            Resource::Namespace => "namespaces",
            Resource::PriorityClass => "priorityclasses.scheduling.k8s.io",
        }
    }

    /// The prefix of `-o name` and of mixed listings: `job.batch`, `pod`.
    pub fn singular(self) -> &'static str {
        match self {
            Resource::Job => "job.batch",
            Resource::CronJob => "cronjob.batch",
            Resource::Pod => "pod",
            Resource::Event => "event",
            Resource::Node => "node",
            Resource::Namespace => "namespace",
            Resource::PriorityClass => "priorityclass.scheduling.k8s.io",
        }
    }

    /// Whether objects of this type live in a namespace (nodes, namespaces and priority
    /// classes do not).
    pub fn namespaced(self) -> bool {
        !matches!(
            self,
            Resource::Node | Resource::Namespace | Resource::PriorityClass
        )
    }
}

/// The error of a change the simulation does not make to this type (`deleting`, `changing`).
pub fn not_simulated(doing: &str, resource: Resource) -> String {
    format!("error: {doing} {} is not simulated yet", resource.plural())
}

/// `Error from server (NotFound): jobs.batch "x" not found`.
pub fn not_found(resource: Resource, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} {name:?} not found",
        resource.plural()
    )
}

/// Upstream: cli-runtime pkg/resource builder.go (the error of mixed argument forms).
const SEPARATE_TYPE: &str = "error: there is no need to specify a resource type as a separate \
     argument when passing arguments in resource/name form (e.g. 'kubectl get \
     resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/// What a command's arguments name: types, each with the names asked for (none = all).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Targets(pub Vec<(Resource, Vec<String>)>);

impl Targets {
    /// `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`; `all` is pods, cronjobs and jobs.
    // Upstream: cli-runtime pkg/resource builder.go ResourceTypeOrNameArgs
    pub fn parse(args: &[String]) -> Result<Targets, String> {
        let Some(first) = args.first() else {
            return Ok(Targets::default());
        };
        if first.contains('/') {
            let mut out: Vec<(Resource, Vec<String>)> = Vec::new();
            for arg in args {
                let Some((t, name)) = arg.split_once('/') else {
                    return Err(SEPARATE_TYPE.into());
                };
                let r = Resource::parse(t)?;
                match out.iter_mut().find(|(x, _)| *x == r) {
                    Some((_, names)) => names.push(name.to_string()),
                    None => out.push((r, vec![name.to_string()])),
                }
            }
            return Ok(Targets(out));
        }
        let names: Vec<String> = args[1..].to_vec();
        if names.iter().any(|n| n.contains('/')) {
            return Err(SEPARATE_TYPE.into());
        }
        let mut out = Vec::new();
        for t in first.split(',').filter(|t| !t.is_empty()) {
            if t.eq_ignore_ascii_case("all") {
                out.push((Resource::Pod, names.clone()));
                out.push((Resource::CronJob, names.clone()));
                out.push((Resource::Job, names.clone()));
            } else {
                out.push((Resource::parse(t)?, names.clone()));
            }
        }
        Ok(Targets(out))
    }
}

/// Which objects a listing keeps.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// `None` for every namespace (`-A`).
    pub namespace: Option<String>,
    pub labels: LabelSelector,
    pub fields: FieldSelector,
}

/// An object of the world.
#[derive(Clone, Debug)]
pub enum Object<'a> {
    Job(&'a Job),
    /// As the API server returns it ([`crate::sim::store::Store::served_pod`]): a copy when
    /// that differs from the one kept.
    Pod(Box<Cow<'a, Pod>>),
    CronJob(&'a CronJob),
    Node(&'a Node),
    Namespace(&'a Namespace),
    PriorityClass(&'a PriorityClass),
}

impl Object<'_> {
    pub fn resource(&self) -> Resource {
        match self {
            Object::Job(_) => Resource::Job,
            Object::Pod(_) => Resource::Pod,
            Object::CronJob(_) => Resource::CronJob,
            Object::Node(_) => Resource::Node,
            Object::Namespace(_) => Resource::Namespace,
            Object::PriorityClass(_) => Resource::PriorityClass,
        }
    }

    pub fn meta(&self) -> &crate::api::ObjectMeta {
        match self {
            Object::Job(j) => &j.metadata,
            Object::Pod(p) => &p.metadata,
            Object::CronJob(c) => &c.metadata,
            Object::Node(n) => &n.metadata,
            Object::Namespace(n) => &n.metadata,
            Object::PriorityClass(c) => &c.metadata,
        }
    }

    pub fn key(&self) -> Key {
        crate::sim::store::key_of(self.meta())
    }

    /// The object as the API server returns it (with apiVersion and kind).
    pub fn to_json(&self) -> Value {
        let (v, api, kind) = match self {
            Object::Job(j) => (serde_json::to_value(j), "batch/v1", "Job"),
            Object::Pod(p) => (serde_json::to_value(p), "v1", "Pod"),
            Object::CronJob(c) => (serde_json::to_value(c), "batch/v1", "CronJob"),
            Object::Node(n) => (serde_json::to_value(n), "v1", "Node"),
            Object::Namespace(n) => (serde_json::to_value(n), "v1", "Namespace"),
            Object::PriorityClass(c) => (
                serde_json::to_value(c),
                "scheduling.k8s.io/v1",
                "PriorityClass",
            ),
        };
        let mut v = v.unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            m.insert("apiVersion".into(), json!(api));
            m.insert("kind".into(), json!(kind));
        }
        v
    }

    /// The fields `--field-selector` can name for this kind.
    // Upstream: pkg/registry/core/pod/strategy.go PodToSelectableFields;
    // pkg/registry/batch/job/strategy.go JobToSelectableFields; apiserver
    // pkg/storage/selection_predicate.go DefaultClusterScopedAttr (priority classes)
    pub fn fields(&self) -> BTreeMap<&'static str, String> {
        let meta = self.meta();
        let mut f = BTreeMap::from([
            ("metadata.name", meta.name().to_string()),
            ("metadata.namespace", meta.namespace().to_string()),
        ]);
        match self {
            Object::Job(j) => {
                let succeeded = j.status.as_ref().and_then(|s| s.succeeded).unwrap_or(0);
                f.insert("status.successful", succeeded.to_string());
            }
            Object::Pod(p) => {
                let spec = p.spec.as_ref();
                let status = p.status.as_ref();
                f.insert(
                    "spec.nodeName",
                    spec.and_then(|s| s.node_name.clone()).unwrap_or_default(),
                );
                f.insert(
                    "spec.restartPolicy",
                    spec.and_then(|s| s.restart_policy.clone())
                        .unwrap_or_default(),
                );
                f.insert(
                    "status.phase",
                    status
                        .and_then(|s| s.phase.as_deref())
                        .unwrap_or_default()
                        .to_string(),
                );
            }
            Object::CronJob(_) => {}
            Object::PriorityClass(_) => {
                f.remove("metadata.namespace");
            }
            Object::Namespace(n) => {
                f.remove("metadata.namespace");
                let phase = n.status.as_ref().and_then(|s| s.phase.clone());
                f.insert("status.phase", phase.unwrap_or_default());
            }
            Object::Node(n) => {
                f.remove("metadata.namespace");
                let unschedulable = n.spec.as_ref().and_then(|s| s.unschedulable);
                f.insert(
                    "spec.unschedulable",
                    unschedulable.unwrap_or(false).to_string(),
                );
            }
        }
        f
    }
}

/// The objects of a type that pass the filter, by namespace and name.
pub fn list<'a>(
    world: &'a World,
    resource: Resource,
    filter: &Filter,
) -> Result<Vec<Object<'a>>, String> {
    let all: Vec<Object<'a>> = match resource {
        Resource::Job => world.store.jobs().map(|(_, j)| Object::Job(j)).collect(),
        Resource::Pod => world
            .store
            .served_pods()
            .map(|(_, p)| Object::Pod(Box::new(p)))
            .collect(),
        Resource::CronJob => world
            .store
            .cron_jobs()
            .map(|(_, c)| Object::CronJob(c))
            .collect(),
        Resource::Node => world.store.nodes().map(Object::Node).collect(),
        Resource::Namespace => world.store.namespaces().map(Object::Namespace).collect(),
        Resource::PriorityClass => world
            .store
            .priority_classes()
            .map(Object::PriorityClass)
            .collect(),
        Resource::Event => Vec::new(),
    };
    let mut out = Vec::new();
    for o in all {
        let meta = o.meta();
        if resource.namespaced()
            && filter
                .namespace
                .as_deref()
                .is_some_and(|ns| ns != meta.namespace())
        {
            continue;
        }
        if !filter.labels.matches(meta.labels.as_deref()) {
            continue;
        }
        if !filter.fields.matches(|| o.fields(), resource)? {
            continue;
        }
        out.push(o);
    }
    Ok(out)
}

/// One named object, or kubectl's NotFound.
pub fn find<'a>(
    world: &'a World,
    resource: Resource,
    namespace: &str,
    name: &str,
) -> Result<Object<'a>, String> {
    let key = (namespace.to_string(), name.to_string());
    let found = match resource {
        Resource::Job => world.store.job(&key).map(Object::Job),
        Resource::Pod => world
            .store
            .served_pod(&key)
            .map(|p| Object::Pod(Box::new(p))),
        Resource::CronJob => world.store.cron_job(&key).map(Object::CronJob),
        Resource::Node => world.store.node(name).map(Object::Node),
        Resource::Namespace => world.store.namespace(name).map(Object::Namespace),
        Resource::PriorityClass => world.store.priority_class(name).map(Object::PriorityClass),
        Resource::Event => None,
    };
    found.ok_or_else(|| not_found(resource, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_resolve_by_plural_singular_short_name_and_group() {
        for word in [
            "priorityclasses",
            "priorityclass",
            "pc",
            "PriorityClass",
            "priorityclasses.scheduling.k8s.io",
            "priorityclass.scheduling.k8s.io",
        ] {
            assert_eq!(Resource::parse(word), Ok(Resource::PriorityClass), "{word}");
        }
        assert_eq!(Resource::parse("jobs.batch"), Ok(Resource::Job));
        assert_eq!(Resource::parse("cj.batch/v1"), Ok(Resource::CronJob));
        for word in [
            "pc.batch",
            "jobs.scheduling.k8s.io",
            "pods.batch",
            "nodes.",
            "pcs",
        ] {
            assert_eq!(
                Resource::parse(word),
                Err(format!(
                    "error: the server doesn't have a resource type {word:?}"
                )),
            );
        }
    }
}
