//! The scenario's timed actions (failPod, oomKill, deletePod) applied to the world.

use crate::api::Pod;
use crate::controllers::job::pod::JobPod;
use crate::sim::scenario::{Action, ActionKind, PodTarget};
use crate::sim::store::key_of;
use crate::sim::store::Key;
use crate::sim::time::SimTime;

use super::World;

impl World {
    /// A user's action now (the playground's pod and node menus): applied at once and kept
    /// with its time, so the scenario's `actions:` can replay it.
    pub fn act(&mut self, kind: ActionKind) {
        let at = self.now().since(SimTime::ZERO);
        self.actions.push(Action { at, kind });
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

    pub(super) fn action(&mut self, i: usize) {
        let Some(action) = self.actions.get(i).cloned() else {
            return;
        };
        let target = match &action.kind {
            ActionKind::FailPod { target, .. }
            | ActionKind::OomKill { target }
            | ActionKind::DeletePod { target } => target,
        };
        let Some(key) = self.find_pod(target) else {
            self.record(
                "Warning",
                "ActionSkipped",
                "simulation".into(),
                format!("no pod matches {target:?}"),
            );
            return;
        };
        let attempt = self.runs.get(&key).map(|r| r.attempt);
        match action.kind {
            ActionKind::FailPod { exit_code, .. } => {
                if let Some(attempt) = attempt {
                    self.exit(key, attempt, Some((exit_code, "Error")));
                }
            }
            ActionKind::OomKill { .. } => {
                if let Some(attempt) = attempt {
                    self.exit(key, attempt, Some((137, "OOMKilled")));
                }
            }
            ActionKind::DeletePod { .. } => {
                let grace = self
                    .store
                    .pod(&key)
                    .and_then(|p| p.spec.as_ref())
                    .and_then(|s| s.termination_grace_period_seconds)
                    .unwrap_or(30);
                let now = self.api_now();
                self.store.delete_pod(&key, now, grace);
            }
        }
    }
}
