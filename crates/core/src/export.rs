//! A run as a Markdown document, to paste into an issue or a course page: the scenario as it
//! ran, what `kubectl get jobs` and `kubectl get pods` print now, a compact timeline of the
//! pods, and each object's events laid out as the Events table of `kubectl describe`.

use crate::kubectl::command::{self, folded};
use crate::kubectl::describe_events::{describe_events, Event};
use crate::kubectl::prefix_writer::PrefixWriter;
use crate::lang::Language;
use crate::sim::time::SimTime;
use crate::sim::world::World;

/// The pods at a moment of the run, as the page's timeline samples them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub time: SimTime,
    /// Pods not finished (Pending or Running, Terminating included).
    pub active: u32,
    pub succeeded: u32,
    pub failed: u32,
}

/// At most this many moments make the document's timeline.
pub const TIMELINE_ROWS: usize = 12;

/// The document's headings and fixed sentences.
struct Words {
    title: &'static str,
    at: &'static str,
    scenario: &'static str,
    now: &'static str,
    timeline: &'static str,
    time: &'static str,
    active: &'static str,
    succeeded: &'static str,
    failed: &'static str,
    no_moments: &'static str,
    events: &'static str,
    no_events: &'static str,
}

const ENGLISH: Words = Words {
    title: "jobsim run",
    at: "since the start",
    scenario: "Scenario",
    now: "Now",
    timeline: "Timeline",
    time: "time",
    active: "active",
    succeeded: "succeeded",
    failed: "failed",
    no_moments: "No moment recorded.",
    events: "Events",
    no_events: "No events.",
};

const CHINESE: Words = Words {
    title: "jobsim 运行记录",
    at: "自开始起",
    scenario: "场景",
    now: "当前",
    timeline: "时间线",
    time: "时间",
    active: "活跃",
    succeeded: "成功",
    failed: "失败",
    no_moments: "没有记录的时刻。",
    events: "事件",
    no_events: "没有事件。",
};

/// The run so far as Markdown: `scenario` (the YAML it ran, with the user's actions), the
/// kubectl tables at the world's time, at most [`TIMELINE_ROWS`] of the `moments`, and the
/// events. The kubectl commands are read-only `get`s: the world does not change.
pub fn markdown(
    world: &mut World,
    scenario: &str,
    moments: &[Moment],
    language: Language,
) -> String {
    let w = match language {
        Language::English => &ENGLISH,
        Language::SimplifiedChinese => &CHINESE,
    };
    let now = world.now();
    let wall = world.wall(now);
    let mut doc = format!(
        "# {}\n\n{} {} ({wall}) · Kubernetes v{}\n\n",
        w.title,
        now,
        w.at,
        crate::KUBERNETES_VERSION
    );
    doc += &format!("## {}\n\n{}\n", w.scenario, fence("yaml", scenario));
    doc += &format!("## {}\n\n", w.now);
    for line in ["kubectl get jobs", "kubectl get pods"] {
        let out = command::run(world, line, None);
        let shown = format!("$ {line}\n{}{}", out.stdout, out.stderr);
        doc += &format!("{}\n", fence("console", &shown));
    }
    doc += &format!("## {}\n\n", w.timeline);
    let rows = thin(moments, TIMELINE_ROWS);
    if rows.is_empty() {
        doc += &format!("{}\n\n", w.no_moments);
    } else {
        doc += &format!(
            "| {} | {} | {} | {} |\n|---:|---:|---:|---:|\n",
            w.time, w.active, w.succeeded, w.failed
        );
        for m in rows {
            doc += &format!(
                "| {} | {} | {} | {} |\n",
                m.time, m.active, m.succeeded, m.failed
            );
        }
        doc.push('\n');
    }
    doc += &format!("## {}\n\n", w.events);
    let by_object = events_by_object(world);
    if by_object.is_empty() {
        doc += &format!("{}\n", w.no_events);
    }
    for (object, events) in by_object {
        let mut table = PrefixWriter::default();
        describe_events(&events, wall, &mut table);
        doc += &format!("### {object}\n\n{}\n", fence("text", &table.finish()));
    }
    doc.truncate(doc.trim_end().len());
    doc.push('\n');
    doc
}

/// The folded events of each object, the objects in the order of their first event.
fn events_by_object(world: &World) -> Vec<(String, Vec<Event>)> {
    let mut out: Vec<(String, Vec<Event>)> = Vec::new();
    for f in folded(world) {
        match out.iter_mut().find(|(object, _)| *object == f.object) {
            Some((_, events)) => events.push(f.event),
            None => out.push((f.object, vec![f.event])),
        }
    }
    out
}

/// At most `n` moments spread evenly over the run, the first and the last among them.
fn thin(moments: &[Moment], n: usize) -> Vec<Moment> {
    if moments.len() <= n || n < 2 {
        return moments.iter().take(n).copied().collect();
    }
    let last = moments.len() - 1;
    (0..n).map(|i| moments[i * last / (n - 1)]).collect()
}

/// `body` in a fenced code block whose fence is longer than any run of backticks in it.
fn fence(info: &str, body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let ticks = "`".repeat((longest + 1).max(3));
    let newline = if body.ends_with('\n') { "" } else { "\n" };
    format!("{ticks}{info}\n{body}{newline}{ticks}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moment(ms: u64) -> Moment {
        Moment {
            time: SimTime::from_millis(ms),
            active: 0,
            succeeded: 0,
            failed: 0,
        }
    }

    #[test]
    fn a_fence_outlasts_the_backticks_inside() {
        assert_eq!(fence("yaml", "a: 1\n"), "```yaml\na: 1\n```\n");
        assert_eq!(fence("", "x ```` y"), "`````\nx ```` y\n`````\n");
    }

    #[test]
    fn thinning_keeps_the_first_and_the_last_moment() {
        let moments: Vec<Moment> = (0..100).map(|i| moment(i * 10)).collect();
        let rows = thin(&moments, 12);
        assert_eq!(rows.len(), 12);
        assert_eq!(rows[0].time, SimTime::ZERO);
        assert_eq!(rows[11].time, SimTime::from_millis(990));
        assert_eq!(thin(&moments[..3], 12).len(), 3);
        assert!(thin(&[], 12).is_empty());
    }
}
