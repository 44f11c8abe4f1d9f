//! The scenario's timed actions (pod faults, evictions, node faults, the control plane asleep)
//! applied to the world, and the `kubectl:` actions the page's controls record (a Job card's
//! suspend, scale and delete; the editor's Apply on a running cluster).

use std::sync::Arc;

use crate::api::Pod;
use crate::controllers::gc::PropagationPolicy;
use crate::controllers::job::pod::JobPod;
use crate::sim::pod_address::Address;
use crate::sim::scenario::{Action, ActionKind, PodTarget};
use crate::sim::store::key_of;
use crate::sim::store::Key;
use crate::sim::time::SimTime;

use super::{Event, Regarding, World, SIMULATION};

impl ActionKind {
    /// `kubectl patch job NAME --type=strategic --patch '{"spec":{"suspend":true}}'`.
    pub fn suspend_job(job: &Key, suspend: bool) -> ActionKind {
        kubectl(format!(
            "kubectl patch job {}{} --type=strategic --patch '{{\"spec\":{{\"suspend\":{suspend}}}}}'",
            job.1,
            namespace_flag(job)
        ))
    }

    /// `kubectl scale job NAME --replicas=N` (a Job's parallelism).
    pub fn scale_job(job: &Key, parallelism: i32) -> ActionKind {
        kubectl(format!(
            "kubectl scale job {}{} --replicas={parallelism}",
            job.1,
            namespace_flag(job)
        ))
    }

    /// `kubectl delete job NAME --cascade=background|foreground|orphan`.
    pub fn delete_job(job: &Key, propagation: PropagationPolicy) -> ActionKind {
        let cascade = match propagation {
            PropagationPolicy::Background => "background",
            PropagationPolicy::Foreground => "foreground",
            PropagationPolicy::Orphan => "orphan",
        };
        kubectl(format!(
            "kubectl delete job {}{} --cascade={cascade}",
            job.1,
            namespace_flag(job)
        ))
    }

    /// `kubectl apply -f -` of a manifest (the editor's Apply on a running cluster).
    pub fn apply(manifest: String) -> ActionKind {
        ActionKind::Kubectl {
            command: "kubectl apply -f -".into(),
            stdin: Some(manifest),
        }
    }
}

fn kubectl(command: String) -> ActionKind {
    ActionKind::Kubectl {
        command,
        stdin: None,
    }
}

/// ` -n NAMESPACE`, or nothing for `default`.
fn namespace_flag(key: &Key) -> String {
    if key.0 == "default" {
        String::new()
    } else {
        format!(" -n {}", key.0)
    }
}

impl World {
    /// A user's action now (the playground's pod and node menus, a Job card's controls, the
    /// console, Apply on a running cluster): applied at once and kept with its time, so the
    /// scenario's `actions:` can replay it. It counts as one processed event, as its replay does.
    pub fn act(&mut self, kind: ActionKind) {
        let at = self.now().since(SimTime::ZERO);
        self.actions.push(Action { at, kind });
        self.events_processed += 1;
        self.action(self.actions.len() - 1);
        self.dispatch();
    }

    /// The scenario's actions and the user's, in the order they were given.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    pub(super) fn find_pod(&self, target: &PodTarget) -> Option<Key> {
        match target {
            PodTarget::Name(name) => self
                .store
                .pods()
                .find(|(k, _)| k.1 == *name)
                .map(|(k, _)| k.clone()),
            PodTarget::JobIndex { job, index } => {
                let job_key = self.store.jobs().find(|(k, _)| k.1 == *job)?.0.clone();
                let active: Vec<&Pod> = self
                    .store
                    .pods_of(&job_key)
                    .into_iter()
                    .filter(|p| JobPod::from_pod(p).is_active())
                    .collect();
                let by_index = active
                    .iter()
                    .find(|p| JobPod::from_pod(p).index == Some(*index));
                by_index
                    .or_else(|| active.get(usize::try_from(*index).ok()?))
                    .map(|p| key_of(&p.metadata))
            }
        }
    }

    /// A scenario's action at its time: it runs once nothing else is due at this instant, as a
    /// user's click comes between two frames of the page (after every event due by then), so a
    /// run written down with its clicks replays as it was played. The events due now are taken
    /// off and put back in their order, behind the action; waiting does not count as an event.
    // Upstream: none — the simulation's own ordering of a user's action within an instant.
    pub(super) fn scheduled_action(&mut self, i: usize) {
        let now = self.now();
        let mut due = Vec::new();
        while let Some((_, event)) = self.queue.pop_due(now) {
            due.push(event);
        }
        let waits = due.iter().any(|e| !matches!(e, Event::Action(_)));
        for event in due {
            self.queue.push(now, event);
        }
        if waits {
            self.queue.push(now, Event::Action(i));
            self.events_processed = self.events_processed.saturating_sub(1);
        } else {
            self.action(i);
        }
    }

    pub(super) fn action(&mut self, i: usize) {
        let Some(action) = self.actions.get(i).cloned() else {
            return;
        };
        let outcome = match action.kind {
            ActionKind::FailPod { target, exit_code } => {
                self.on_pod(&target, |w, key| w.force_exit(key, exit_code, "Error"))
            }
            ActionKind::OomKill { target } => {
                self.on_pod(&target, |w, key| w.force_exit(key, 137, "OOMKilled"))
            }
            ActionKind::DeletePod { target } => self.on_pod(&target, |w, key| {
                let grace = w.store.pod(&key).map_or(30, Pod::termination_grace_seconds);
                let now = w.api_now();
                w.store.delete_pod(&key, now, grace);
            }),
            ActionKind::EvictPod { target } => self.on_pod(&target, |w, key| {
                // The pod was just found: the eviction cannot miss it.
                let _ = w.evict_pod(&key);
            }),
            ActionKind::EvictNode { name } => self.evict_node(&name),
            ActionKind::NodeDown { name } => self.node_down(&name),
            ActionKind::NodeUp { name } => self.node_up(&name),
            ActionKind::Cordon { name } => self.cordon(&name).map(|_| ()),
            ActionKind::Uncordon { name } => self.uncordon(&name).map(|_| ()),
            ActionKind::Drain { name } => self.drain(&name).map(|_| ()),
            ActionKind::ControllersDown { for_ } => {
                self.controllers_down(for_);
                Ok(())
            }
            ActionKind::Kubectl { command, stdin } => {
                self.kubectl(&command, stdin.as_deref());
                Ok(())
            }
        };
        if let Err(message) = outcome {
            let simulation = Regarding {
                namespace: self.texts.shared_str(""),
                object: self.texts.shared_str(SIMULATION),
            };
            self.record("Warning", "ActionSkipped", simulation, message.into());
        }
    }

    fn on_pod(
        &mut self,
        target: &PodTarget,
        act: impl FnOnce(&mut World, Arc<Key>),
    ) -> Result<(), String> {
        let key = self
            .find_pod(target)
            .and_then(|key| self.store.pod_key(&key).cloned())
            .ok_or_else(|| format!("no pod matches {target:?}"))?;
        act(self, key);
        Ok(())
    }

    /// The running containers of the pod exit now with this code (failPod, oomKill).
    fn force_exit(&mut self, key: Arc<Key>, code: i32, reason: &'static str) {
        if let Some(attempt) = self.runs.get(&Address::of(&key)).map(|r| r.attempt) {
            self.exit(key, attempt, Some((code, reason)));
        }
    }
}
