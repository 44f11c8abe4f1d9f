//! A schedule in words, English or Simplified Chinese, for the UI: "At 09:30, Monday through
//! Friday (UTC)". The words are read from the parsed bit sets, so they follow robfig's rules
//! exactly (the day-of-month/day-of-week star rule included), not the spelling of the text.

use super::schedule::{parse, Schedule, ScheduleError};
use super::spec::{SpecSchedule, STAR_BIT};
use crate::go::duration::Millis;
use crate::lang::Language;

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS_EN: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const DAYS_ZH: [&str; 7] = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

/// The schedule described in words; an unparseable schedule gives the parser's error.
pub fn describe(schedule: &str, language: Language) -> Result<String, ScheduleError> {
    let words = Words {
        zh: language == Language::SimplifiedChinese,
    };
    Ok(match parse(schedule)? {
        Schedule::Every(every) => words.every(every.delay_nanos / 1_000_000_000),
        Schedule::Spec(spec) => words.spec(&spec),
    })
}

struct Words {
    zh: bool,
}

impl Words {
    fn t(&self, en: String, zh: String) -> String {
        if self.zh {
            zh
        } else {
            en
        }
    }

    fn every(&self, seconds: i64) -> String {
        let d = Millis(u64::try_from(seconds).unwrap_or(0).saturating_mul(1000));
        self.t(
            format!("Every {d}, counted from the previous run (not aligned to the clock)"),
            format!("每隔 {d}，从上一次运行算起（不对齐时钟）"),
        )
    }

    fn spec(&self, s: &SpecSchedule) -> String {
        let mut parts = vec![self.time(&values(s.minute, 0, 59), &values(s.hour, 0, 23))];
        if let Some(days) = self.days(s) {
            parts.push(days);
        }
        let months = values(s.month, 1, 12);
        if months.len() < 12 {
            parts.push(self.months(&months));
        }
        let zone = s.location.iana_name().unwrap_or("UTC");
        let sentence = parts.join(if self.zh { "，" } else { ", " });
        self.t(
            format!("{sentence} ({zone})"),
            format!("{sentence}（{zone} 时间）"),
        )
    }

    fn time(&self, minutes: &[u64], hours: &[u64]) -> String {
        let all_hours = hours.len() == 24;
        if minutes.is_empty() || hours.is_empty() {
            return self.t("Never".into(), "从不运行".into());
        }
        if minutes.len() == 60 && all_hours {
            return self.t("Every minute".into(), "每分钟".into());
        }
        if all_hours {
            if let Some((start, step)) = progression(minutes, 59).filter(|(_, step)| *step > 1) {
                let from = if start == 0 {
                    String::new()
                } else {
                    self.t(
                        format!(" from minute {start}"),
                        format!("（从第 {start} 分钟起）"),
                    )
                };
                return self.t(
                    format!("Every {step} minutes{from}"),
                    format!("每 {step} 分钟{from}"),
                );
            }
            let list = self.list(minutes, &|m| m.to_string());
            return self.t(
                format!("At minute {list} of every hour"),
                format!("每小时的第 {list} 分钟"),
            );
        }
        if minutes.len() == 60 {
            let list = self.list(hours, &|h| format!("{h:02}:00–{h:02}:59"));
            return self.t(format!("Every minute {list}"), format!("{list} 每分钟"));
        }
        if minutes.len() * hours.len() <= 6 {
            let times: Vec<String> = hours
                .iter()
                .flat_map(|h| minutes.iter().map(move |m| format!("{h:02}:{m:02}")))
                .collect();
            let list = self.join(&times);
            return self.t(format!("At {list}"), format!("在 {list}"));
        }
        let mins = self.list(minutes, &|m| m.to_string());
        let hrs = self.list(hours, &|h| h.to_string());
        self.t(
            format!("At minute {mins} past hour {hrs}"),
            format!("在 {hrs} 时的第 {mins} 分钟"),
        )
    }

    /// The day rule: `None` for every day.
    fn days(&self, s: &SpecSchedule) -> Option<String> {
        let dom = values(s.dom, 1, 31);
        let dow = values(s.dow, 0, 6);
        let dom_words = |dom: &[u64]| {
            let en = self.list(dom, &|d| d.to_string());
            let zh = self.list(dom, &|d| format!("{d}日"));
            self.t(format!("on day {en} of the month"), format!("每月{zh}"))
        };
        let dow_words = |dow: &[u64]| {
            let en = self.list(dow, &|d| DAYS_EN[d as usize % 7].to_string());
            let zh = self.list(dow, &|d| DAYS_ZH[d as usize % 7].to_string());
            self.t(format!("on {en}"), zh)
        };
        let dom_star = s.dom & STAR_BIT > 0;
        let dow_star = s.dow & STAR_BIT > 0;
        match (dom_star || dow_star, dom.len() == 31, dow.len() == 7) {
            // Either field has a star: both must match, so only the other one restricts.
            (true, true, true) => None,
            (true, false, _) => Some(dom_words(&dom)),
            (true, true, false) => Some(dow_words(&dow)),
            // Neither has a star: either may match.
            (false, true, _) | (false, _, true) => None,
            (false, false, false) => Some(self.t(
                format!("{}, or {}", dom_words(&dom), dow_words(&dow)),
                format!("{}，或{}", dom_words(&dom), dow_words(&dow)),
            )),
        }
    }

    fn months(&self, months: &[u64]) -> String {
        let en = self.list(months, &|m| MONTHS_EN[(m as usize + 11) % 12].to_string());
        let zh = self.list(months, &|m| format!("{m}月"));
        self.t(format!("in {en}"), format!("在{zh}"))
    }

    /// Values as a list, runs of three or more as ranges: "1, 3 and 5 through 9".
    fn list(&self, values: &[u64], name: &dyn Fn(u64) -> String) -> String {
        let mut items = Vec::new();
        let mut i = 0;
        while i < values.len() {
            let mut j = i;
            while j + 1 < values.len() && values[j + 1] == values[j] + 1 {
                j += 1;
            }
            if j >= i + 2 {
                let (a, b) = (name(values[i]), name(values[j]));
                items.push(self.t(format!("{a} through {b}"), format!("{a}至{b}")));
            } else {
                items.extend(values[i..=j].iter().map(|v| name(*v)));
            }
            i = j + 1;
        }
        self.join(&items)
    }

    fn join(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] if self.zh => format!("{}和{last}", init.join("、")),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

/// The values whose bits are set, between `min` and `max`.
fn values(bits: u64, min: u64, max: u64) -> Vec<u64> {
    (min..=max).filter(|v| bits & (1 << v) != 0).collect()
}

/// `(start, step)` when the values are `start, start+step, …` up to the last one ≤ `max`.
fn progression(values: &[u64], max: u64) -> Option<(u64, u64)> {
    let (&first, &second) = (values.first()?, values.get(1)?);
    let step = second - first;
    let expected: Vec<u64> = (first..=max).step_by(usize::try_from(step).ok()?).collect();
    (expected == values).then_some((first, step))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(schedule: &str) -> String {
        describe(schedule, Language::English).expect("parses")
    }

    fn zh(schedule: &str) -> String {
        describe(schedule, Language::SimplifiedChinese).expect("parses")
    }

    #[test]
    fn schedules_in_english() {
        let cases = [
            ("* * * * *", "Every minute (UTC)"),
            ("*/5 * * * *", "Every 5 minutes (UTC)"),
            ("5/15 * * * *", "Every 15 minutes from minute 5 (UTC)"),
            ("0 * * * *", "At minute 0 of every hour (UTC)"),
            ("@hourly", "At minute 0 of every hour (UTC)"),
            ("0,20,40 * * * *", "Every 20 minutes (UTC)"),
            (
                "0,15,45 * * * *",
                "At minute 0, 15 and 45 of every hour (UTC)",
            ),
            ("30 9 * * 1-5", "At 09:30, on Monday through Friday (UTC)"),
            ("0 0 1 * *", "At 00:00, on day 1 of the month (UTC)"),
            (
                "0 0 1,15 * sun",
                "At 00:00, on day 1 and 15 of the month, or on Sunday (UTC)",
            ),
            ("0 0 1-31 * mon", "At 00:00 (UTC)"),
            ("0 12 * Jan,Jul *", "At 12:00, in January and July (UTC)"),
            (
                "0 0 29 2 *",
                "At 00:00, on day 29 of the month, in February (UTC)",
            ),
            ("0 6,18 * * *", "At 06:00 and 18:00 (UTC)"),
            ("* 9 * * *", "Every minute 09:00–09:59 (UTC)"),
            (
                "0,30 9-17 * * *",
                "At minute 0 and 30 past hour 9 through 17 (UTC)",
            ),
            (", * * * *", "Never (UTC)"),
            (
                "TZ=America/New_York 30 2 * * *",
                "At 02:30 (America/New_York)",
            ),
            (
                "@every 90m",
                "Every 1h30m0s, counted from the previous run (not aligned to the clock)",
            ),
            (
                "@every 30s",
                "Every 30s, counted from the previous run (not aligned to the clock)",
            ),
        ];
        for (schedule, words) in cases {
            assert_eq!(en(schedule), words, "{schedule:?}");
        }
    }

    #[test]
    fn schedules_in_chinese() {
        let cases = [
            ("* * * * *", "每分钟（UTC 时间）"),
            ("*/5 * * * *", "每 5 分钟（UTC 时间）"),
            ("0 * * * *", "每小时的第 0 分钟（UTC 时间）"),
            ("30 9 * * 1-5", "在 09:30，周一至周五（UTC 时间）"),
            (
                "0 0 1,15 * sun",
                "在 00:00，每月1日和15日，或周日（UTC 时间）",
            ),
            ("0 0 1-5 * *", "在 00:00，每月1日至5日（UTC 时间）"),
            ("0 12 * Jan,Jul *", "在 12:00，在1月和7月（UTC 时间）"),
            (
                "TZ=Asia/Shanghai 0 9 * * *",
                "在 09:00（Asia/Shanghai 时间）",
            ),
            ("@every 1h", "每隔 1h0m0s，从上一次运行算起（不对齐时钟）"),
        ];
        for (schedule, words) in cases {
            assert_eq!(zh(schedule), words, "{schedule:?}");
        }
    }

    #[test]
    fn an_invalid_schedule_gives_the_parser_error() {
        let err = describe("61 * * * *", Language::English).unwrap_err();
        assert_eq!(err.to_string(), "end of range (61) above maximum (59): 61");
    }
}
