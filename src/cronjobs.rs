//! The CronJob cards, beside the Job cards: the schedule in words, time zone, suspend,
//! concurrencyPolicy, startingDeadlineSeconds, the last schedule and success, the active Jobs,
//! the history kept against its limits, the countdown to the next run, and a ruler of fire
//! times — the last ones (started, skipped by Forbid, missed, past the starting deadline) and
//! the next ones, each with the startingDeadlineSeconds window after it. Every state is an icon
//! and a word, never a colour alone.

use jiff::{SignedDuration, Timestamp};
use jobsim_core::sim::world::{CronJobView, Slot, SlotState};
use yew::prelude::*;

use crate::i18n::{CronTexts, Language, Ui};
use crate::state::AppState;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 58.0;
const AXIS: f64 = 28.0;
const MARGIN: f64 = 14.0;

/// The ruler's marker of a slot state and its words.
pub fn glyph(state: &SlotState) -> &'static str {
    match state {
        SlotState::Started(_) => "✓",
        SlotState::SkippedForbid => "⊘",
        SlotState::DeadlineMissed => "⌛",
        SlotState::Missed => "✕",
        SlotState::Due => "●",
        SlotState::Upcoming => "○",
    }
}

fn words<'t>(state: &SlotState, t: &'t CronTexts) -> &'t str {
    match state {
        SlotState::Started(_) => t.started,
        SlotState::SkippedForbid => t.skipped,
        SlotState::DeadlineMissed => t.deadline_missed,
        SlotState::Missed => t.missed,
        SlotState::Due => t.due,
        SlotState::Upcoming => t.upcoming,
    }
}

fn class(state: &SlotState) -> &'static str {
    match state {
        SlotState::Started(_) => "started",
        SlotState::SkippedForbid => "skipped",
        SlotState::DeadlineMissed => "deadline-missed",
        SlotState::Missed => "missed",
        SlotState::Due => "due",
        SlotState::Upcoming => "upcoming",
    }
}

/// `45s`, `4m05s`, `3h07m`, `2d03h`: a countdown rounded up to the second.
pub fn countdown(d: SignedDuration) -> String {
    let total = (d.as_millis() + 999).div_euclid(1000).max(0);
    match total {
        t if t >= 86_400 => format!("{}d{:02}h", t / 86_400, t % 86_400 / 3_600),
        t if t >= 3_600 => format!("{}h{:02}m", t / 3_600, t % 3_600 / 60),
        _ => crate::jobs::seconds(d),
    }
}

/// A slot's time on the ruler: `09:05`, with seconds when the schedule has them.
fn clock(t: Timestamp) -> String {
    if t.as_second() % 60 == 0 {
        t.strftime("%H:%M").to_string()
    } else {
        t.strftime("%H:%M:%S").to_string()
    }
}

/// Where the ruler's times fall: from the first slot to the last one (or the end of its
/// deadline window), `now` included.
pub struct Scale {
    from: i64,
    span: f64,
}

impl Scale {
    pub fn of(slots: &[Slot], now: Timestamp) -> Scale {
        let times = slots
            .iter()
            .flat_map(|s| [Some(s.at), s.deadline])
            .flatten()
            .chain([now]);
        let (mut from, mut to) = (i64::MAX, i64::MIN);
        for t in times {
            let ms = t.as_millisecond();
            from = from.min(ms);
            to = to.max(ms);
        }
        Scale {
            from,
            span: (to - from).max(1) as f64,
        }
    }

    pub fn x(&self, t: Timestamp) -> f64 {
        MARGIN + (t.as_millisecond() - self.from) as f64 / self.span * (WIDTH - 2.0 * MARGIN)
    }
}

fn ruler(view: &CronJobView, now: Timestamp, t: &CronTexts) -> Html {
    let scale = Scale::of(&view.slots, now);
    let x = |at: Timestamp| format!("{:.1}", scale.x(at));
    let windows = view.slots.iter().filter_map(|s| {
        let end = s.deadline?;
        let width = (scale.x(end) - scale.x(s.at)).max(1.0);
        Some(html! {
            <rect class="deadline-window" x={x(s.at)} y={(AXIS - 7.0).to_string()}
                  width={format!("{width:.1}")} height="14">
                <title>{ format!("{} {} → {}", t.deadline_window, clock(s.at), clock(end)) }</title>
            </rect>
        })
    });
    let marks = view.slots.iter().map(|s| {
        let job = match &s.state {
            SlotState::Started(name) => format!(" · job/{name}"),
            _ => String::new(),
        };
        html! {
            <g class={classes!("slot", class(&s.state))} data-state={class(&s.state)}>
                <line x1={x(s.at)} x2={x(s.at)} y1={(AXIS - 9.0).to_string()} y2={(AXIS + 9.0).to_string()} />
                <text class="glyph" x={x(s.at)} y={(AXIS - 12.0).to_string()} text-anchor="middle">{ glyph(&s.state) }</text>
                <text class="time" x={x(s.at)} y={(AXIS + 22.0).to_string()} text-anchor="middle">{ clock(s.at) }</text>
                <title>{ format!("{} — {}{job}", clock(s.at), words(&s.state, t)) }</title>
            </g>
        }
    });
    html! {
        <svg class="ruler" viewBox={format!("0 0 {WIDTH} {HEIGHT}")} role="img" aria-label={t.ruler}
             data-testid="cron-ruler">
            <line class="axis" x1={MARGIN.to_string()} x2={(WIDTH - MARGIN).to_string()}
                  y1={AXIS.to_string()} y2={AXIS.to_string()} />
            { for windows }
            { for marks }
            <line class="now" x1={x(now)} x2={x(now)} y1="4" y2={(HEIGHT - 4.0).to_string()}>
                <title>{ t.now }</title>
            </line>
        </svg>
    }
}

/// The legend: each state the ruler shows, its icon and its words.
fn legend(view: &CronJobView, t: &CronTexts) -> Html {
    let mut seen: Vec<&'static str> = Vec::new();
    let items = view.slots.iter().filter_map(|s| {
        let c = class(&s.state);
        if seen.contains(&c) {
            return None;
        }
        seen.push(c);
        Some(html! { <li class={classes!("slot", c)}><span class="glyph" aria-hidden="true">{ glyph(&s.state) }</span>{ words(&s.state, t) }</li> })
    });
    let window = view.starting_deadline_seconds.map(|_| {
        html! { <li class="deadline-window"><span class="swatch" aria-hidden="true"></span>{ t.deadline_window }</li> }
    });
    html! { <ul class="ruler-legend">{ for items }{ for window }</ul> }
}

fn card(
    name: &str,
    view: &CronJobView,
    now: Timestamp,
    t: &CronTexts,
    ui: &Ui,
    lang: Language,
) -> Html {
    let described =
        jobsim_core::sim::world::schedule_in_words(&view.schedule, view.time_zone.as_deref(), lang);
    let time = |v: Option<Timestamp>| v.map_or_else(|| t.never.to_string(), |v| v.to_string());
    let (state_icon, state_word) = if view.suspend {
        ("⏸", t.suspended)
    } else {
        ("▶", t.scheduling)
    };
    let next = match (view.next, &view.error) {
        (_, Some(_)) => t.unparseable.to_string(),
        (Some(next), None) => format!("{} {}", t.next_run_in, countdown(next.duration_since(now))),
        (None, None) => t.no_next_run.to_string(),
    };
    let active = if view.active.is_empty() {
        t.none.to_string()
    } else {
        view.active.join(", ")
    };
    html! {
        <article class="cronjob-card" data-cronjob={name.to_string()} aria-label={format!("cronjob/{name}")}>
            <header>
                <h3>{ format!("cronjob/{name}") }</h3>
                <span class={classes!("cron-state", view.suspend.then_some("suspended"))}>{ format!("{state_icon} {state_word}") }</span>
            </header>
            <p class="schedule"><strong>{ described }</strong>{ " " }<code>{ view.schedule.clone() }</code></p>
            <p class="countdown next-run" data-testid="next-run">{ next }</p>
            if let Some(e) = &view.error {
                <p class="cron-error" role="alert">{ format!("⚠ {}: {e}", t.unparseable) }</p>
            }
            <dl class="cron-facts">
                <div><dt>{ t.time_zone }</dt><dd>{ view.time_zone.clone().unwrap_or_else(|| t.zone_unset.to_string()) }</dd></div>
                <div><dt>{ t.concurrency }</dt><dd>{ view.concurrency_policy.clone() }</dd></div>
                <div><dt>{ t.starting_deadline }</dt><dd>{ view.starting_deadline_seconds.map_or_else(|| t.none.to_string(), |s| format!("{s}s")) }</dd></div>
                <div><dt>{ t.last_schedule }</dt><dd>{ time(view.last_schedule) }</dd></div>
                <div><dt>{ t.last_successful }</dt><dd>{ time(view.last_successful) }</dd></div>
                <div><dt>{ t.active_jobs }</dt><dd data-testid="cron-active">{ active }</dd></div>
                <div><dt>{ t.history }</dt><dd data-testid="cron-history">{ format!("{} {}/{} · {} {}/{}",
                    ui.succeeded, view.succeeded_kept, view.succeeded_limit,
                    ui.failed, view.failed_kept, view.failed_limit) }</dd></div>
            </dl>
            if !view.slots.is_empty() {
                { ruler(view, now, t) }
                { legend(view, t) }
            }
        </article>
    }
}

/// A card per CronJob of the running world (nothing when there is none).
pub fn cronjobs_view(state: &AppState, t: &CronTexts, ui: &Ui, lang: Language) -> Html {
    let cards = state
        .with_world(|w| {
            let now = w.wall(w.now());
            w.store
                .cron_jobs()
                .filter_map(|(key, _)| {
                    let view = w.cron_job_view(key)?;
                    Some(card(&key.1, &view, now, t, ui, lang))
                })
                .collect::<Vec<Html>>()
        })
        .unwrap_or_default();
    if cards.is_empty() {
        return Html::default();
    }
    html! { <div class="cards cronjob-cards">{ for cards }</div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdowns_read_in_seconds_minutes_hours_and_days() {
        let s = SignedDuration::from_secs;
        assert_eq!(countdown(SignedDuration::from_millis(44_100)), "45s");
        assert_eq!(countdown(s(245)), "4m05s");
        assert_eq!(countdown(s(3 * 3_600 + 7 * 60)), "3h07m");
        assert_eq!(countdown(s(2 * 86_400 + 3 * 3_600)), "2d03h");
    }

    #[test]
    fn the_ruler_spans_the_slots_their_windows_and_now() {
        let at = |s: &str| s.parse::<Timestamp>().expect("time");
        let slots = [
            Slot {
                at: at("2026-03-02T09:01:00Z"),
                state: SlotState::Missed,
                deadline: Some(at("2026-03-02T09:01:30Z")),
            },
            Slot {
                at: at("2026-03-02T09:03:00Z"),
                state: SlotState::Upcoming,
                deadline: Some(at("2026-03-02T09:03:30Z")),
            },
        ];
        let scale = Scale::of(&slots, at("2026-03-02T09:02:00Z"));
        assert_eq!(scale.x(at("2026-03-02T09:01:00Z")), MARGIN);
        assert_eq!(scale.x(at("2026-03-02T09:03:30Z")), WIDTH - MARGIN);
        assert!(scale.x(at("2026-03-02T09:02:00Z")) < scale.x(slots[1].at));
        assert_ne!(glyph(&SlotState::Missed), glyph(&SlotState::SkippedForbid));
    }
}
