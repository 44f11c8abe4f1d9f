//! The cluster view: each node a lane with its capacity in use, a Pending lane, every pod a chip
//! with its STATUS as `kubectl get pods` prints it (colour and icon), index and restarts; a
//! pod's or a node's menu injects faults.

use jobsim_core::api::Pod;
use jobsim_core::controllers::job::pod::JobPod;
use jobsim_core::kubectl::get_pods::summary;
use jobsim_core::sim::scenario::{ActionKind, PodTarget};
use jobsim_core::sim::store::Key;
use jobsim_core::sim::world::{World, NOT_READY_TAINT, UNREACHABLE_TAINT};
use yew::prelude::*;

use crate::i18n::Ui;
use crate::state::{Action, AppState, Selection};

/// A lane with more pods than this shows them as compact icons.
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

struct Chip {
    key: Key,
    node: Option<String>,
    status: String,
    index: Option<i64>,
    restarts: i64,
}

fn chip_of(key: &Key, pod: &Pod) -> Chip {
    let s = summary(pod);
    Chip {
        key: key.clone(),
        node: pod.spec.as_ref().and_then(|s| s.node_name.clone()),
        status: s.status,
        index: JobPod::from_pod(pod).index,
        restarts: s.restarts,
    }
}

pub fn cluster_view(state: &AppState, dispatch: &UseReducerDispatcher<AppState>, ui: &Ui) -> Html {
    let Some(view) = state.with_world(|w| lanes(w, state, dispatch, ui)) else {
        return Html::default();
    };
    view
}

fn lanes(
    world: &World,
    state: &AppState,
    dispatch: &UseReducerDispatcher<AppState>,
    ui: &Ui,
) -> Html {
    let chips: Vec<Chip> = world.store.pods().map(|(k, p)| chip_of(k, p)).collect();
    let selected_pod = match &state.selection {
        Some(Selection::Pod(key)) => chips.iter().find(|c| &c.key == key),
        _ => None,
    };
    let menu = match (&state.selection, selected_pod) {
        (Some(Selection::Pod(_)), Some(chip)) => pod_menu(chip, dispatch, ui),
        (Some(Selection::Node(name)), _) => node_menu(name, dispatch, ui),
        _ => Html::default(),
    };
    let pending: Vec<&Chip> = chips.iter().filter(|c| c.node.is_none()).collect();
    let nodes = world.nodes().iter().map(|node| {
        let on_node: Vec<&Chip> = chips
            .iter()
            .filter(|c| c.node.as_deref() == Some(node.name.as_str()))
            .collect();
        let live = world.store.node(&node.name).and_then(|n| n.spec.as_ref());
        let cordoned = live.and_then(|s| s.unschedulable).unwrap_or(node.unschedulable);
        let not_ready = live
            .and_then(|s| s.taints.as_ref())
            .is_some_and(|t| t.iter().any(|t| t.key == NOT_READY_TAINT || t.key == UNREACHABLE_TAINT));
        let used = world.node_usage(&node.name);
        let usage = |resource: &str, unit: f64, suffix: &str| {
            let alloc = node.allocatable.get(resource).copied().unwrap_or(0);
            let used = used.and_then(|u| u.get(resource)).copied().unwrap_or(0);
            let percent = if alloc > 0 { used * 100 / alloc } else { 0 };
            html! {
                <span class="usage" title={format!("{resource}: {percent}%")}>
                    <span class="bar"><span class="fill" style={format!("width:{}%", percent.clamp(0, 100))}></span></span>
                    { format!("{:.1}/{:.1} {suffix}", used as f64 / unit, alloc as f64 / unit) }
                </span>
            }
        };
        let select = {
            let dispatch = dispatch.clone();
            let name = node.name.clone();
            Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Select(Some(Selection::Node(name.clone())))))
        };
        html! {
            <div class={classes!("lane", cordoned.then_some("cordoned"), not_ready.then_some("not-ready"))}
                 data-node={node.name.clone()}>
                <div class="lane-head">
                    <button type="button" class="node-name" onclick={select}>{ crate::icons::node() }{ node.name.clone() }</button>
                    if cordoned { <span class="badge">{ ui.cordoned }</span> }
                    if not_ready { <span class="badge warn">{ ui.not_ready }</span> }
                    { usage("cpu", 1000.0, "CPU") }
                    { usage("memory", 1000.0 * 1024.0 * 1024.0 * 1024.0, "Gi") }
                    <span class="count">{ format!("{} {}", on_node.len(), ui.pods) }</span>
                </div>
                { chip_list(&on_node, state, dispatch) }
            </div>
        }
    });
    html! {
        <div class="cluster">
            { menu }
            <div class="lane pending-lane" data-node="">
                <div class="lane-head"><span class="node-name">{ ui.pending_lane }</span>
                    <span class="count">{ format!("{} {}", pending.len(), ui.pods) }</span></div>
                { chip_list(&pending, state, dispatch) }
            </div>
            { for nodes }
        </div>
    }
}

fn chip_list(chips: &[&Chip], state: &AppState, dispatch: &UseReducerDispatcher<AppState>) -> Html {
    let compact = chips.len() > COMPACT_OVER;
    let items = chips.iter().map(|chip| {
        let (class, icon) = status_look(&chip.status);
        let selected = matches!(&state.selection, Some(Selection::Pod(k)) if *k == chip.key);
        let onclick = {
            let dispatch = dispatch.clone();
            let key = chip.key.clone();
            Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Select(Some(Selection::Pod(key.clone())))))
        };
        let index = chip.index.map(|i| format!("#{i}"));
        let title = format!("{} — {} — restarts {}", chip.key.1, chip.status, chip.restarts);
        html! {
            <button type="button" class={classes!("chip", class, selected.then_some("selected"))}
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
