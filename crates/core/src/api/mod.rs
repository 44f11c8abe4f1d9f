//! Typed Kubernetes API objects, shaped as on the wire (camelCase, optional fields left out
//! when unset). Enum-like fields stay strings, as the API server reads them; validation decides
//! which values are allowed.

pub mod cronjob;
pub mod decode;
pub mod int_or_string;
pub mod job;
pub mod meta;
pub mod namespace;
pub mod node;
pub mod pod;
pub mod pod_placement;
pub mod priority_class;
pub mod qos;
pub mod quantity;
pub mod resource;
pub mod string_map;
pub mod time;

pub use cronjob::{CronJob, CronJobSpec, CronJobStatus, JobTemplateSpec};
pub use int_or_string::IntOrString;
pub use job::{Job, JobCondition, JobSpec, JobStatus};
pub use meta::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta, ObjectReference, OwnerReference,
};
pub use namespace::Namespace;
pub use node::Node;
pub use pod::{Container, Pod, PodSpec, PodStatus, PodTemplateSpec};
pub use priority_class::PriorityClass;
pub use quantity::Quantity;
pub use string_map::StringMap;
pub use time::Time;
