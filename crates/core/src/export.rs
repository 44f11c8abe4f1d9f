//! A run as a Markdown document, to paste into an issue or a course page: the scenario as it
//! ran, what `kubectl get jobs` and `kubectl get pods` print now, a compact timeline of the
//! pods, and each object's events laid out as the Events table of `kubectl describe`.

use crate::kubectl::command::{self, folded};
use crate::kubectl::describe_events::{describe_events, Event};
use crate::kubectl::prefix_writer::PrefixWriter;
use crate::lang::Language;
use crate::sim::pod_counts::Sample;
use crate::sim::world::{object_label, World};

/// At most this many of the pods' counts over the run make the document's timeline.
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
    events: "事件",
    no_events: "没有事件。",
};

/// The run so far as Markdown: `scenario` (the YAML it ran, with the user's actions), the
/// kubectl tables at the world's time, at most [`TIMELINE_ROWS`] of the world's pod counts
/// over the run, and the events. The kubectl commands are read-only `get`s: the world does not
/// change.
pub fn markdown(world: &mut World, scenario: &str, language: Language) -> String {
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
    doc += &format!(
        "| {} | {} | {} | {} |\n|---:|---:|---:|---:|\n",
        w.time, w.active, w.succeeded, w.failed
    );
    // Active counts the pods not finished, those being deleted included.
    for s in thin(world.pod_counts.list(), TIMELINE_ROWS) {
        let active = s.active + s.terminating;
        doc += &format!(
            "| {} | {active} | {} | {} |\n",
            s.time, s.succeeded, s.failed
        );
    }
    doc.push('\n');
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

/// The folded events of each object, the objects in the order of their first event, each
/// named as kubectl would be told it (`job/pi`, `job/pi -n team` outside the default namespace).
fn events_by_object(world: &World) -> Vec<(String, Vec<Event>)> {
    let mut out: Vec<(String, Vec<Event>)> = Vec::new();
    for f in folded(world) {
        let object = object_label(&f.object_namespace, &f.object).into_owned();
        match out.iter_mut().find(|(o, _)| *o == object) {
            Some((_, events)) => events.push(f.event),
            None => out.push((object, vec![f.event])),
        }
    }
    out
}

/// At most `n` samples spread evenly over the run, the first and the last among them.
fn thin(samples: &[Sample], n: usize) -> Vec<Sample> {
    if samples.len() <= n || n < 2 {
        return samples.iter().take(n).copied().collect();
    }
    let last = samples.len() - 1;
    (0..n).map(|i| samples[i * last / (n - 1)]).collect()
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
    use crate::sim::time::SimTime;

    fn moment(ms: u64) -> Sample {
        Sample::from_counts(SimTime::from_millis(ms), [0; 4])
    }

    #[test]
    fn a_fence_outlasts_the_backticks_inside() {
        assert_eq!(fence("yaml", "a: 1\n"), "```yaml\na: 1\n```\n");
        assert_eq!(fence("", "x ```` y"), "`````\nx ```` y\n`````\n");
    }

    #[test]
    fn thinning_keeps_the_first_and_the_last_moment() {
        let moments: Vec<Sample> = (0..100).map(|i| moment(i * 10)).collect();
        let rows = thin(&moments, 12);
        assert_eq!(rows.len(), 12);
        assert_eq!(rows[0].time, SimTime::ZERO);
        assert_eq!(rows[11].time, SimTime::from_millis(990));
        assert_eq!(thin(&moments[..3], 12).len(), 3);
        assert!(thin(&[], 12).is_empty());
    }
}
