//! `kubectl scale job NAME --replicas=N`: sets the Job's parallelism, with kubectl's note that
//! scaling Jobs this way is deprecated.

use super::parse::Invocation;
use super::resources::{Resource, Targets};
use super::CommandOutput;
use crate::sim::world::World;

// Upstream: staging/src/k8s.io/kubectl/pkg/cmd/scale/scale.go RunScale (the legacy job path:
// "scale job is DEPRECATED", ScaleJob sets spec.parallelism)
pub fn scale(world: &mut World, inv: &Invocation) -> CommandOutput {
    let replicas = inv.value("replicas").and_then(|r| r.parse::<i32>().ok());
    let Some(replicas) = replicas.filter(|r| *r >= 0) else {
        return CommandOutput::error(
            "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0",
        );
    };
    let targets = match Targets::parse(&inv.args) {
        Ok(t) if !t.0.is_empty() => t,
        Ok(_) => return CommandOutput::error(
            "error: required resource not specified\nSee 'kubectl scale -h' for help and examples",
        ),
        Err(e) => return CommandOutput::error(e),
    };
    let mut out = CommandOutput::default();
    for (resource, names) in targets.0 {
        if resource != Resource::Job {
            out.fail(
                "Error from server (NotFound): the server could not find the requested resource",
            );
            continue;
        }
        if names.is_empty() {
            out.fail("error: resource(s) were provided, but no name was specified");
        }
        for name in names {
            out.warn("kubectl scale job is DEPRECATED and will be removed in a future version.");
            let key = (inv.namespace().to_string(), name.clone());
            match world.scale_job(&key, replicas) {
                Ok(()) => out.say(format!("job.batch/{name} scaled")),
                Err(e) => out.fail(e),
            }
        }
    }
    out
}
