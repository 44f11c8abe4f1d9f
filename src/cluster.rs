//! The cluster view: each node a lane with its capacity in use, a Pending lane, every pod a chip
//! with its STATUS as `kubectl get pods` prints it (colour and icon), index and restarts; a
//! pod's or a node's menu injects faults. A lane with many pods groups them by STATUS (icon,
//! word and count); a group's button shows its pods. Each lane is a component that draws again
//! only when what it shows changed, so a thousand pods cost the page little per frame.

use std::collections::BTreeMap;
use std::rc::Rc;

use jobsim_core::api::job::JOB_COMPLETION_INDEX_ANNOTATION;
use jobsim_core::api::Pod;
use jobsim_core::kubectl::get_pods::summary;
use jobsim_core::sim::pod_counts::Tally;
use jobsim_core::sim::scenario::{ActionKind, NodeSpec, PodTarget};
use jobsim_core::sim::store::{pod_owner, Key, PodChanges};
use jobsim_core::sim::world::{World, NOT_READY_TAINT, UNREACHABLE_TAINT};
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::{Action, AppState, Selection};

/// A lane with more pods than this groups them by STATUS.
const GROUP_OVER: usize = 24;

/// Shown chips beyond this many are compact icons.
const COMPACT_OVER: usize = 24;

/// How a STATUS is drawn: its CSS class and icon.
pub fn status_look(status: &str) -> (&'static str, &'static str) {
    match status {
        "Running" => ("running", "▶"),
        "Completed" => ("succeeded", "✓"),
        "Pending" | "ContainerCreating" | "PodInitializing" | "SchedulingGated" => ("pending", "◷"),
        "Terminating" => ("terminating", "⊘"),
        "Unknown" | "NodeLost" => ("unknown", "?"),
        s if s.starts_with("Init:") => ("pending", "◷"),
        _ => ("failed", "✗"),
    }
}

/// What a pod's chip shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chip {
    key: Key,
    /// The Job controlling the pod.
    job: Option<Key>,
    place: Place,
    tally: Tally,
    status: String,
    index: Option<i64>,
    restarts: i64,
}

/// Which lane a chip is drawn in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Pending,
    /// The lane of the world's node at this position.
    Node(usize),
    /// A node the world does not list: not drawn.
    Elsewhere,
}

impl Place {
    /// The lane's position among [`Chips`]' lanes: Pending first, then the nodes.
    fn lane(self) -> Option<usize> {
        match self {
            Place::Pending => Some(0),
            Place::Node(i) => Some(i + 1),
            Place::Elsewhere => None,
        }
    }
}

fn chip_of(key: &Key, pod: &Pod, nodes: &[NodeSpec]) -> Chip {
    let place = match pod.spec.as_ref().and_then(|s| s.node_name.as_deref()) {
        None => Place::Pending,
        Some(name) => nodes
            .iter()
            .position(|n| n.name == name)
            .map_or(Place::Elsewhere, Place::Node),
    };
    let s = summary(pod);
    Chip {
        key: key.clone(),
        job: pod_owner(pod),
        place,
        tally: Tally::of(pod),
        status: s.status,
        // Upstream: indexed_job_utils.go getCompletionIndex
        index: pod
            .metadata
            .annotation(JOB_COMPLETION_INDEX_ANNOTATION)
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|i| *i >= 0),
        restarts: s.restarts,
    }
}

/// The pods as the cluster view draws them, kept up to date from the store's pod feed: a frame
/// works out chips only for the pods written since the last one, and a lane's list of chips is
/// made again only when one of its pods changed — so a frame costs what changed, not every pod
/// the cluster ever ran.
#[derive(Debug, Default)]
pub struct Chips {
    /// Every pod's chip, in the store's order.
    by_key: BTreeMap<Key, Rc<Chip>>,
    /// The Pending lane, then one lane per node of the world, in its order.
    lanes: Vec<LaneChips>,
    /// Per Job, how many of its pods failed (only Jobs with one can be in a backoff).
    failed: BTreeMap<Key, usize>,
}

/// Takes one from a count, forgetting it at zero.
fn count_down<K: Ord>(counts: &mut BTreeMap<K, usize>, key: &K) {
    if let Some(n) = counts.get_mut(key) {
        *n -= 1;
        if *n == 0 {
            counts.remove(key);
        }
    }
}

/// One lane's chips and their STATUS counts, and the view its component is given.
#[derive(Debug, Default)]
struct LaneChips {
    chips: BTreeMap<Key, Rc<Chip>>,
    groups: BTreeMap<String, usize>,
    shown: Rc<LaneView>,
    stale: bool,
}

/// What a lane's component draws: its chips in the store's order, and how many have each
/// STATUS (kept as pods change, not counted again each frame).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LaneView {
    chips: Vec<Rc<Chip>>,
    groups: BTreeMap<String, usize>,
}

impl Chips {
    /// Follows the world's pods: every pod on the first call (or after the feed overflowed),
    /// then only those written since.
    pub fn refresh(&mut self, world: &mut World) {
        match world.store.pod_changes() {
            PodChanges::Relist => {
                *self = Chips {
                    lanes: (0..=world.nodes().len())
                        .map(|_| LaneChips::default())
                        .collect(),
                    ..Chips::default()
                };
                for (key, pod) in world.store.pods() {
                    self.put(key, Some(chip_of(key, pod, world.nodes())));
                }
            }
            PodChanges::Changed(mut keys) => {
                keys.sort_unstable();
                keys.dedup();
                for key in keys {
                    let chip = world
                        .store
                        .pod(&key)
                        .map(|pod| chip_of(&key, pod, world.nodes()));
                    self.put(&key, chip);
                }
            }
        }
        for lane in self.lanes.iter_mut().filter(|l| l.stale) {
            lane.shown = Rc::new(LaneView {
                chips: lane.chips.values().cloned().collect(),
                groups: lane.groups.clone(),
            });
            lane.stale = false;
        }
    }

    /// Replaces a pod's chip (none: the pod is gone), keeping the lanes and the counts.
    fn put(&mut self, key: &Key, chip: Option<Chip>) {
        if let Some(old) = self.by_key.remove(key) {
            if let (Tally::Failed, Some(job)) = (old.tally, &old.job) {
                count_down(&mut self.failed, job);
            }
            if let Some(lane) = old.place.lane().and_then(|i| self.lanes.get_mut(i)) {
                lane.chips.remove(key);
                count_down(&mut lane.groups, &old.status);
                lane.stale = true;
            }
        }
        let Some(chip) = chip.map(Rc::new) else {
            return;
        };
        if let (Tally::Failed, Some(job)) = (chip.tally, &chip.job) {
            *self.failed.entry(job.clone()).or_default() += 1;
        }
        if let Some(lane) = chip.place.lane().and_then(|i| self.lanes.get_mut(i)) {
            lane.chips.insert(key.clone(), chip.clone());
            *lane.groups.entry(chip.status.clone()).or_default() += 1;
            lane.stale = true;
        }
        self.by_key.insert(key.clone(), chip);
    }

    /// Whether one of the Job's pods failed.
    pub fn any_failed(&self, job: &Key) -> bool {
        self.failed.contains_key(job)
    }

    /// A lane's view: the Pending lane is 0, the world's node `i` is `i + 1`.
    fn lane(&self, i: usize) -> Rc<LaneView> {
        self.lanes
            .get(i)
            .map(|l| l.shown.clone())
            .unwrap_or_default()
    }

    fn find(&self, key: &Key) -> Option<&Chip> {
        self.by_key.get(key).map(|c| &**c)
    }
}

/// A node's lane head: its state and the resources its pods request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeHead {
    name: String,
    cordoned: bool,
    not_ready: bool,
    /// (requested, allocatable) in milli-units.
    cpu: (i64, i64),
    memory: (i64, i64),
}

fn node_head(world: &World, node: &NodeSpec) -> NodeHead {
    let live = world.store.node(&node.name).and_then(|n| n.spec.as_ref());
    let usage = world.node_usage(&node.name).unwrap_or_default();
    // cpu and memory, the first two of the scheduler's resources.
    let usage = |r: usize| (usage.used[r], usage.allocatable[r]);
    NodeHead {
        name: node.name.clone(),
        cordoned: live
            .and_then(|s| s.unschedulable)
            .unwrap_or(node.unschedulable),
        not_ready: live.and_then(|s| s.taints.as_ref()).is_some_and(|t| {
            t.iter()
                .any(|t| t.key == NOT_READY_TAINT || t.key == UNREACHABLE_TAINT)
        }),
        cpu: usage(0),
        memory: usage(1),
    }
}

pub fn cluster_view(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let Some(sim) = state.sim.as_ref() else {
        return Html::default();
    };
    let sim = sim.borrow();
    lanes(&sim.world, &sim.chips, state, dispatch, ui)
}

fn lanes(
    world: &World,
    chips: &Chips,
    state: &AppState,
    dispatch: &UseReducerDispatcher<AppState>,
    ui: &Ui,
) -> Html {
    let selected = match &state.selection {
        Some(Selection::Pod(key)) => chips.find(key),
        _ => None,
    };
    let menu = match &state.selection {
        Some(Selection::Pod(key)) => chips
            .find(key)
            .map(|chip| pod_menu(chip, dispatch, ui))
            .unwrap_or_default(),
        Some(Selection::Node(name)) => node_menu(name, dispatch, ui),
        _ => Html::default(),
    };
    let words = LaneWords::from(ui);
    let lane = |key: String, head: Option<NodeHead>, i: usize| {
        let selected = selected
            .filter(|c| c.place.lane() == Some(i))
            .map(|c| c.key.clone());
        let chips = chips.lane(i);
        html! { <Lane {key} {head} {chips} {selected} dispatch={dispatch.clone()} words={words.clone()} /> }
    };
    let pending = lane("pending".into(), None, 0);
    let nodes: Vec<Html> = world
        .nodes()
        .iter()
        .enumerate()
        .map(|(i, node)| {
            lane(
                format!("node/{}", node.name),
                Some(node_head(world, node)),
                i + 1,
            )
        })
        .collect();
    html! {
        <div class="cluster">
            { menu }
            { pending }
            { for nodes }
        </div>
    }
}

/// A lane's words (a component's props must be comparable).
#[derive(Clone, PartialEq)]
pub struct LaneWords {
    pending_lane: &'static str,
    cordoned: &'static str,
    not_ready: &'static str,
    pods: &'static str,
    show_pods: &'static str,
}

impl From<&Ui> for LaneWords {
    fn from(ui: &Ui) -> Self {
        LaneWords {
            pending_lane: ui.pending_lane,
            cordoned: ui.cordoned,
            not_ready: ui.not_ready,
            pods: ui.pods,
            show_pods: ui.show_pods,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LaneProps {
    /// The node, or none for the Pending lane.
    pub head: Option<NodeHead>,
    pub chips: Rc<LaneView>,
    /// The selected pod, when it is in this lane.
    pub selected: Option<Key>,
    pub dispatch: UseReducerDispatcher<AppState>,
    pub words: LaneWords,
}

/// One lane: its head, then its pods' chips — or, beyond [`GROUP_OVER`] pods, one button per
/// STATUS with its count, which shows that STATUS's chips (the selected pod's chip stays).
#[function_component(Lane)]
pub fn lane_component(props: &LaneProps) -> Html {
    let open = use_state_eq(|| None::<String>);
    let w = &props.words;
    let head = match &props.head {
        Some(node) => {
            let select = {
                let dispatch = props.dispatch.clone();
                let name = node.name.clone();
                Callback::from(move |_: MouseEvent| {
                    dispatch.dispatch(Action::Select(Some(Selection::Node(name.clone()))))
                })
            };
            html! { <>
                <button type="button" class="node-name" onclick={select}>{ crate::icons::node() }{ node.name.clone() }</button>
                if node.cordoned { <span class="badge">{ w.cordoned }</span> }
                if node.not_ready { <span class="badge warn">{ w.not_ready }</span> }
                { usage("cpu", node.cpu, 1000.0, "CPU") }
                { usage("memory", node.memory, 1000.0 * 1024.0 * 1024.0 * 1024.0, "Gi") }
            </> }
        }
        None => html! { <span class="node-name">{ w.pending_lane }</span> },
    };
    let selected = props.selected.as_ref();
    let chips = &props.chips.chips;
    let body = if chips.len() > GROUP_OVER {
        let buttons = props.chips.groups.iter().map(|(status, count)| {
            let status = status.as_str();
            let (class, icon) = status_look(status);
            let expanded = open.as_deref() == Some(status);
            let onclick = {
                let open = open.clone();
                let next = (!expanded).then(|| status.to_string());
                Callback::from(move |_: MouseEvent| open.set(next.clone()))
            };
            html! {
                <button type="button" class={classes!("group", class)} data-status={status.to_string()}
                        aria-expanded={if expanded { "true" } else { "false" }}
                        title={format!("{} ({count} {status})", w.show_pods)} {onclick}>
                    <span class="icon" aria-hidden="true">{ icon }</span>
                    <span class="status">{ status.to_string() }</span>
                    <span class="group-count">{ count }</span>
                </button>
            }
        });
        // Only an open group or a selected pod shows chips: a closed lane reads none of them.
        let shown: Vec<&Rc<Chip>> = if open.is_some() || selected.is_some() {
            chips
                .iter()
                .filter(|c| open.as_deref() == Some(c.status.as_str()) || Some(&c.key) == selected)
                .collect()
        } else {
            Vec::new()
        };
        html! { <>
            <div class="groups">{ for buttons }</div>
            if !shown.is_empty() { { chip_list(&shown, selected, &props.dispatch) } }
        </> }
    } else {
        chip_list(&chips.iter().collect::<Vec<_>>(), selected, &props.dispatch)
    };
    let (node, cordoned, not_ready) = props
        .head
        .as_ref()
        .map_or((String::new(), false, false), |n| {
            (n.name.clone(), n.cordoned, n.not_ready)
        });
    html! {
        <div class={classes!("lane", props.head.is_none().then_some("pending-lane"), cordoned.then_some("cordoned"), not_ready.then_some("not-ready"))}
             data-node={node}>
            <div class="lane-head">
                { head }
                <span class="count">{ format!("{} {}", chips.len(), w.pods) }</span>
            </div>
            { body }
        </div>
    }
}

/// A resource's bar and figures: `12.0/64.0 CPU`.
fn usage(resource: &str, (used, alloc): (i64, i64), unit: f64, suffix: &str) -> Html {
    let percent = if alloc > 0 { used * 100 / alloc } else { 0 };
    html! {
        <span class="usage" title={format!("{resource}: {percent}%")}>
            <span class="bar"><span class="fill" style={format!("width:{}%", percent.clamp(0, 100))}></span></span>
            { format!("{:.1}/{:.1} {suffix}", used as f64 / unit, alloc as f64 / unit) }
        </span>
    }
}

fn chip_list(
    chips: &[&Rc<Chip>],
    selected: Option<&Key>,
    dispatch: &UseReducerDispatcher<AppState>,
) -> Html {
    let compact = chips.len() > COMPACT_OVER;
    let items = chips.iter().map(|chip| {
        let (class, icon) = status_look(&chip.status);
        let is_selected = selected == Some(&chip.key);
        let onclick = {
            let dispatch = dispatch.clone();
            let key = chip.key.clone();
            Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Select(Some(Selection::Pod(key.clone())))))
        };
        let index = chip.index.map(|i| format!("#{i}"));
        let title = format!("{} — {} — restarts {}", chip.key.1, chip.status, chip.restarts);
        html! {
            <button type="button" key={format!("{}/{}", chip.key.0, chip.key.1)} class={classes!("chip", class, is_selected.then_some("selected"))}
                    data-pod={chip.key.1.clone()} data-status={chip.status.clone()} {title} {onclick}>
                <span class="icon" aria-hidden="true">{ icon }</span>
                if !compact {
                    if let Some(index) = index { <span class="index">{ index }</span> }
                    <span class="status">{ chip.status.clone() }</span>
                    if chip.restarts > 0 { <span class="restarts">{ format!("↻{}", chip.restarts) }</span> }
                }
            </button>
        }
    });
    html! { <div class={classes!("chips", compact.then_some("compact"))}>{ for items }</div> }
}

fn pod_menu(chip: &Chip, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    html! { <PodMenu namespace={chip.key.0.clone()} pod={chip.key.1.clone()} status={chip.status.clone()} dispatch={dispatch.clone()}
    words={MenuWords::from(ui)} /> }
}

/// The menu's words (a component's props must be comparable).
#[derive(Clone, PartialEq)]
pub struct MenuWords {
    fail_with: &'static str,
    oom_kill: &'static str,
    delete: &'static str,
    evict: &'static str,
    log: &'static str,
    describe: &'static str,
    close: &'static str,
}

impl From<&Ui> for MenuWords {
    fn from(ui: &Ui) -> Self {
        MenuWords {
            fail_with: ui.fail_with,
            oom_kill: ui.oom_kill,
            delete: ui.delete,
            evict: ui.evict,
            log: ui.log,
            describe: ui.describe,
            close: ui.close,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct PodMenuProps {
    pub namespace: AttrValue,
    pub pod: AttrValue,
    pub status: AttrValue,
    pub dispatch: UseReducerDispatcher<AppState>,
    pub words: MenuWords,
}

/// A pod's menu: fail with an exit code, OOM-kill, delete, evict; its log and its description
/// in the console.
#[function_component(PodMenu)]
pub fn pod_menu_component(props: &PodMenuProps) -> Html {
    let code = use_state(|| 1_i32);
    let target = || PodTarget::Name(props.pod.to_string());
    let act = |kind: ActionKind| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Inject(kind.clone())))
    };
    let oncode = {
        let code = code.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                if let Ok(c) = input.value().trim().parse() {
                    code.set(c);
                }
            }
        })
    };
    let close = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Select(None)))
    };
    let namespace = match props.namespace.as_str() {
        "default" => String::new(),
        ns => format!(" -n {ns}"),
    };
    let console = |command: String| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Command(command.clone())))
    };
    let w = &props.words;
    html! {
        <div class="menu" role="group" aria-label={format!("pod/{}", props.pod)}>
            <strong>{ format!("pod/{}", props.pod) }</strong>
            <span class="menu-status">{ props.status.clone() }</span>
            <label>{ w.fail_with }{ " " }
                <input type="number" class="exit-code" value={code.to_string()} onchange={oncode} />
            </label>
            <button type="button" class="fail" onclick={act(ActionKind::FailPod { target: target(), exit_code: *code })}>{ "✗ " }{ w.fail_with }</button>
            <button type="button" onclick={act(ActionKind::OomKill { target: target() })}>{ w.oom_kill }</button>
            <button type="button" onclick={act(ActionKind::DeletePod { target: target() })}>{ w.delete }</button>
            <button type="button" onclick={act(ActionKind::EvictPod { target: target() })}>{ w.evict }</button>
            <button type="button" class="log" onclick={console(format!("kubectl logs {}{namespace}", props.pod))}>{ w.log }</button>
            <button type="button" class="describe" onclick={console(format!("kubectl describe pod {}{namespace}", props.pod))}>{ w.describe }</button>
            <button type="button" class="close" onclick={close}>{ w.close }</button>
        </div>
    }
}

fn node_menu(name: &str, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let act = |kind: ActionKind| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Inject(kind.clone())))
    };
    let close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Select(None)))
    };
    let n = || name.to_string();
    html! {
        <div class="menu" role="group" aria-label={format!("node/{name}")}>
            <strong>{ format!("node/{name}") }</strong>
            <button type="button" onclick={act(ActionKind::Cordon { name: n() })}>{ ui.cordon }</button>
            <button type="button" onclick={act(ActionKind::Uncordon { name: n() })}>{ ui.uncordon }</button>
            <button type="button" onclick={act(ActionKind::Drain { name: n() })}>{ ui.drain }</button>
            <button type="button" onclick={act(ActionKind::EvictNode { name: n() })}>{ ui.evict_all }</button>
            <button type="button" onclick={act(ActionKind::NodeDown { name: n() })}>{ ui.node_down }</button>
            <button type="button" onclick={act(ActionKind::NodeUp { name: n() })}>{ ui.node_up }</button>
            <button type="button" class="close" onclick={close}>{ ui.close }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jobsim_core::sim::report::simulate;
    use jobsim_core::sim::scenario::{load, Overrides};
    use jobsim_core::sim::time::SimTime;

    fn world(lesson: &str) -> World {
        let text = jobsim_core::lessons::find(lesson).map_or("", |l| l.scenario);
        let (scenario, rng) = load(text, Overrides::default()).expect("the lesson loads");
        World::new(scenario, rng).expect("the world starts")
    }

    /// The chips as they would be read from every pod now.
    fn listed(world: &World) -> Vec<Chip> {
        world
            .store
            .pods()
            .map(|(k, p)| chip_of(k, p, world.nodes()))
            .collect()
    }

    fn kept(chips: &Chips) -> Vec<Chip> {
        chips.by_key.values().map(|c| (**c).clone()).collect()
    }

    #[test]
    fn only_the_pods_that_changed_get_a_new_chip_and_the_counts_follow_the_phases() {
        let mut world = world("puzzle");
        let mut chips = Chips::default();
        while world.store.pods().count() < 2 {
            world.step().expect("a step");
        }
        chips.refresh(&mut world);
        assert_eq!(kept(&chips), listed(&world));
        let before: Vec<Rc<Chip>> = chips.by_key.values().cloned().collect();
        let lanes: Vec<_> = (0..chips.lanes.len()).map(|i| chips.lane(i)).collect();
        chips.refresh(&mut world);
        assert!(
            before
                .iter()
                .zip(chips.by_key.values())
                .all(|(a, b)| Rc::ptr_eq(a, b)),
            "nothing changed: every chip is kept"
        );
        assert!(
            lanes
                .iter()
                .enumerate()
                .all(|(i, lane)| Rc::ptr_eq(lane, &chips.lane(i))),
            "nothing changed: every lane keeps its list"
        );
        let until = SimTime::from_millis(world.now().as_millis() + 60_000);
        world.advance_to(until, u64::MAX).expect("a minute");
        chips.refresh(&mut world);
        assert_eq!(
            kept(&chips),
            listed(&world),
            "the chips are the pods' as they are now"
        );
        let in_lanes: usize = (0..chips.lanes.len())
            .map(|i| chips.lane(i).chips.len())
            .sum();
        assert_eq!(in_lanes, world.store.pods().count(), "each pod in one lane");
    }

    #[test]
    fn deleted_pods_leave_their_lanes_and_the_counts() {
        let mut world = world("ttl");
        let mut chips = Chips::default();
        chips.refresh(&mut world);
        let mut most = 0;
        while world.step().expect("a step").is_some() {
            chips.refresh(&mut world);
            most = most.max(chips.by_key.len());
            assert_eq!(kept(&chips), listed(&world));
            assert_lanes_count_their_statuses(&chips);
        }
        assert!(most > 0, "the lesson ran pods");
        assert!(chips.by_key.is_empty(), "the TTL controller deleted them");
        assert!((0..chips.lanes.len()).all(|i| *chips.lane(i) == LaneView::default()));
    }

    #[test]
    fn chips_and_lane_counts_follow_evictions_restarts_and_scaling() {
        for lesson in ["node-eviction", "crashloop", "scale"] {
            let mut world = world(lesson);
            let mut chips = Chips::default();
            let mut steps = 0;
            while world.step().expect("a step").is_some() && !world.finished() {
                chips.refresh(&mut world);
                assert_eq!(kept(&chips), listed(&world), "{lesson} at {}", world.now());
                assert_lanes_count_their_statuses(&chips);
                steps += 1;
            }
            assert!(steps > 20, "{lesson} ran {steps} steps");
        }
    }

    #[test]
    fn the_jobs_with_a_failed_pod_are_known() {
        let failing = simulate(
            jobsim_core::lessons::find("backoff-never").map_or("", |l| l.scenario),
            Overrides::default(),
        )
        .expect("the lesson runs");
        let mut failing = failing;
        let mut chips = Chips::default();
        chips.refresh(&mut failing);
        let job = ("default".to_string(), "fails".to_string());
        assert!(chips.any_failed(&job));
        assert!(!chips.any_failed(&("default".to_string(), "other".to_string())));
        let mut fresh = world("backoff-never");
        chips.refresh(&mut fresh);
        assert!(!chips.any_failed(&job), "no pod yet");
    }

    #[test]
    fn a_finished_run_groups_its_pods_by_status_with_their_counts() {
        let mut world = simulate(
            jobsim_core::lessons::find("puzzle").map_or("", |l| l.scenario),
            Overrides::default(),
        )
        .expect("the lesson runs");
        let mut chips = Chips::default();
        chips.refresh(&mut world);
        assert_lanes_count_their_statuses(&chips);
        let in_lanes: usize = (0..chips.lanes.len())
            .map(|i| chips.lane(i).groups.values().sum::<usize>())
            .sum();
        let drawn = chips
            .by_key
            .values()
            .filter(|c| c.place != Place::Elsewhere);
        assert_eq!(in_lanes, drawn.count());
    }

    /// Each lane's STATUS counts are those of its chips.
    fn assert_lanes_count_their_statuses(chips: &Chips) {
        for i in 0..chips.lanes.len() {
            let view = chips.lane(i);
            let mut counted = BTreeMap::new();
            for chip in &view.chips {
                *counted.entry(chip.status.clone()).or_insert(0) += 1;
            }
            assert_eq!(view.groups, counted, "lane {i}");
        }
    }
}
